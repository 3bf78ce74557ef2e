package io.stocksync.fakeshop;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

import com.sun.net.httpserver.Headers;
import com.sun.net.httpserver.HttpServer;

/**
 * A JDK HTTP server standing in for stock-sync's webhook endpoint; records every request
 * byte-exactly.
 */
final class WebhookReceiver implements AutoCloseable {

	record Received(String path, Headers headers, byte[] body) {

		String header(String name) {
			return this.headers.getFirst(name);
		}

		String bodyString() {
			return new String(this.body, java.nio.charset.StandardCharsets.UTF_8);
		}

	}

	private final HttpServer server;

	private final List<Received> received = new CopyOnWriteArrayList<>();

	volatile int status = 200;

	/** When set, the first request waits for it before answering. */
	volatile CountDownLatch holdFirst;

	WebhookReceiver() {
		try {
			this.server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
		this.server.createContext("/", (exchange) -> {
			byte[] body;
			try (InputStream in = exchange.getRequestBody()) {
				body = in.readAllBytes();
			}
			CountDownLatch hold = this.holdFirst;
			this.received.add(new Received(exchange.getRequestURI().getPath(), exchange.getRequestHeaders(), body));
			if (hold != null && this.received.size() == 1) {
				try {
					hold.await(30, TimeUnit.SECONDS);
				}
				catch (InterruptedException ex) {
					Thread.currentThread().interrupt();
				}
			}
			exchange.sendResponseHeaders(this.status, -1);
			exchange.close();
		});
		this.server.start();
	}

	String url(String path) {
		return "http://127.0.0.1:" + this.server.getAddress().getPort() + path;
	}

	List<Received> received() {
		return List.copyOf(this.received);
	}

	List<Received> received(String topic) {
		return this.received.stream().filter((r) -> topic.equals(r.header("X-WC-Webhook-Topic"))).toList();
	}

	@Override
	public void close() {
		this.server.stop(0);
	}

}
