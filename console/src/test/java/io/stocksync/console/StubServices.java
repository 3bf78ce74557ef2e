package io.stocksync.console;

import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;

import com.sun.net.httpserver.HttpServer;

/**
 * A stand-in for the services' admin APIs in slice tests: answers canned JSON per path
 * (the longest matching prefix wins) and records every request with its Authorization
 * header and body.
 */
public final class StubServices implements AutoCloseable {

	private final HttpServer server;

	private final Map<String, String> answers = new ConcurrentHashMap<>();

	private final Map<String, Integer> statuses = new ConcurrentHashMap<>();

	private final List<Recorded> requests = new CopyOnWriteArrayList<>();

	private StubServices(HttpServer server) {
		this.server = server;
	}

	public static StubServices start() {
		try {
			HttpServer server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
			StubServices stub = new StubServices(server);
			server.createContext("/", (exchange) -> {
				String path = exchange.getRequestURI().getRawPath();
				String query = exchange.getRequestURI().getRawQuery();
				String body = new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8);
				stub.requests.add(new Recorded(exchange.getRequestMethod(), path, query,
						exchange.getRequestHeaders().getFirst("Authorization"), body));
				String key = stub.answers.keySet()
					.stream()
					.filter((candidate) -> (exchange.getRequestMethod() + " " + path).startsWith(candidate))
					.max((a, b) -> Integer.compare(a.length(), b.length()))
					.orElse(null);
				String answer = (key != null) ? stub.answers.get(key) : "{}";
				byte[] bytes = answer.getBytes(StandardCharsets.UTF_8);
				exchange.getResponseHeaders().add("Content-Type", "application/json");
				exchange.sendResponseHeaders((key != null) ? stub.statuses.getOrDefault(key, 200) : 200, bytes.length);
				try (OutputStream out = exchange.getResponseBody()) {
					out.write(bytes);
				}
			});
			server.start();
			return stub;
		}
		catch (IOException ex) {
			throw new IllegalStateException(ex);
		}
	}

	/** A port nothing listens on (a service that is down). */
	public static int deadPort() {
		try (ServerSocket socket = new ServerSocket(0)) {
			return socket.getLocalPort();
		}
		catch (IOException ex) {
			throw new IllegalStateException(ex);
		}
	}

	public String url() {
		return "http://127.0.0.1:" + this.server.getAddress().getPort();
	}

	/**
	 * Answers {@code json} to requests whose "METHOD /path" starts with
	 * {@code methodAndPath}.
	 */
	public StubServices answer(String methodAndPath, String json) {
		return answer(methodAndPath, 200, json);
	}

	/**
	 * Answers {@code json} with {@code status} to requests whose "METHOD /path" starts
	 * with {@code methodAndPath}.
	 */
	public StubServices answer(String methodAndPath, int status, String json) {
		this.answers.put(methodAndPath, json);
		this.statuses.put(methodAndPath, status);
		return this;
	}

	public List<Recorded> requests() {
		return List.copyOf(this.requests);
	}

	public void clear() {
		this.requests.clear();
	}

	@Override
	public void close() {
		this.server.stop(0);
	}

	public record Recorded(String method, String path, String query, String authorization, String body) {
	}

}
