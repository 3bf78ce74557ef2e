package io.stocksync.bench;

import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;

import com.sun.net.httpserver.HttpServer;
import io.stocksync.bench.Webhooks.Delivery;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class LoadGeneratorTests {

	@Test
	void shouldAnswerEveryDeliveryAndCountTheBenchsOwnCollectionsDuringTheRun() throws IOException {
		AtomicInteger requests = new AtomicInteger();
		HttpServer server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
		server.createContext("/webhooks", (exchange) -> {
			exchange.getRequestBody().readAllBytes();
			if (requests.incrementAndGet() == 3) {
				// a collection of this JVM while deliveries are in flight, as a pause
				// of the bench's collector would be
				System.gc();
			}
			byte[] body = "{\"status\":\"accepted\"}".getBytes(StandardCharsets.UTF_8);
			exchange.sendResponseHeaders(200, body.length);
			try (OutputStream out = exchange.getResponseBody()) {
				out.write(body);
			}
		});
		server.start();
		int port = server.getAddress().getPort();
		List<Delivery> deliveries = new ArrayList<>();
		for (int i = 0; i < 6; i++) {
			byte[] request = ("POST /webhooks HTTP/1.1\r\nHost: 127.0.0.1:" + port + "\r\nContent-Length: 2\r\n\r\n{}")
				.getBytes(StandardCharsets.ISO_8859_1);
			deliveries.add(new Delivery("shop1", i, Map.of("SKU", 1), request));
		}
		try {
			LoadGenerator.Result result = LoadGenerator.run(deliveries, port, 2, 0,
					(index, delivery, status, body, due, done) -> {
					});

			assertThat(result.okCount()).isEqualTo(6);
			assertThat(result.ownGc().collections()).isPositive();
			assertThat(result.ownGc().millis()).isNotNegative();
		}
		finally {
			server.stop(0);
		}
	}

}
