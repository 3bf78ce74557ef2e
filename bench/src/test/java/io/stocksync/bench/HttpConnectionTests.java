package io.stocksync.bench;

import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;

import com.sun.net.httpserver.HttpServer;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class HttpConnectionTests {

	@Test
	void shouldReadFixedLengthAndChunkedAnswersOnOneConnection() throws IOException {
		HttpServer server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
		server.createContext("/fixed", (exchange) -> {
			byte[] body = "{\"status\":\"accepted\"}".getBytes(StandardCharsets.UTF_8);
			exchange.getRequestBody().readAllBytes();
			exchange.sendResponseHeaders(200, body.length);
			try (OutputStream out = exchange.getResponseBody()) {
				out.write(body);
			}
		});
		server.createContext("/chunked", (exchange) -> {
			exchange.getRequestBody().readAllBytes();
			exchange.sendResponseHeaders(503, 0);
			try (OutputStream out = exchange.getResponseBody()) {
				out.write("kafka_".getBytes(StandardCharsets.UTF_8));
				out.flush();
				out.write("unavailable".getBytes(StandardCharsets.UTF_8));
			}
		});
		server.start();
		int port = server.getAddress().getPort();
		try (HttpConnection connection = new HttpConnection(port, 5000)) {
			HttpConnection.Response fixed = connection.send(request("/fixed", port));
			HttpConnection.Response chunked = connection.send(request("/chunked", port));
			HttpConnection.Response again = connection.send(request("/fixed", port));

			assertThat(fixed.status()).isEqualTo(200);
			assertThat(fixed.body()).isEqualTo("{\"status\":\"accepted\"}");
			assertThat(chunked.status()).isEqualTo(503);
			assertThat(chunked.body()).isEqualTo("kafka_unavailable");
			assertThat(again.status()).isEqualTo(200);
		}
		finally {
			server.stop(0);
		}
	}

	private static byte[] request(String path, int port) {
		return ("POST " + path + " HTTP/1.1\r\nHost: 127.0.0.1:" + port + "\r\nContent-Length: 2\r\n\r\n{}")
			.getBytes(StandardCharsets.ISO_8859_1);
	}

}
