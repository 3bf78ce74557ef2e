package io.stocksync.ledger;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.function.Supplier;

import io.stocksync.common.event.AdjustmentType;
import io.stocksync.common.event.OrderLine;
import io.stocksync.common.event.OrderSnapshot;
import io.stocksync.common.event.StockAdjustmentRequested;
import io.stocksync.common.json.JsonMappers;
import io.stocksync.testsupport.TestInfrastructure;
import tools.jackson.databind.JsonNode;

import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.kafka.core.KafkaTemplate;
import org.springframework.kafka.support.SendResult;
import org.springframework.test.context.DynamicPropertyRegistry;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * What the ledger's integration tests share: topics (and consumer groups) of their own
 * per test class, so that classes on the shared broker never read each other's records;
 * the properties that point the service at them; orders and adjustments sent to Kafka;
 * the stock as PostgreSQL holds it; and calls to the admin API with the class's token.
 * <p>
 * A test class holds one in a static field, registers it from its
 * {@code @DynamicPropertySource} and closes it in {@code @AfterAll}.
 */
public final class LedgerTestSupport implements AutoCloseable {

	private static final HttpClient HTTP = HttpClient.newHttpClient();

	private static final Instant ORDERS_START = Instant.parse("2026-11-22T10:00:00Z");

	private final String prefix = TestInfrastructure.uniqueTopicPrefix();

	private final String token;

	private ConsumerLag lag;

	private LedgerTestSupport(String token) {
		this.token = token;
	}

	/** Topics of its own and {@code token} as the admin token. */
	public static LedgerTestSupport create(String token) {
		return new LedgerTestSupport(token);
	}

	public String prefix() {
		return this.prefix;
	}

	public String token() {
		return this.token;
	}

	public String orders() {
		return this.prefix + "order-events";
	}

	public String adjustments() {
		return this.prefix + "stock-adjustments";
	}

	public String stockChanged() {
		return this.prefix + "stock-changed";
	}

	/**
	 * Kafka and PostgreSQL, this class's topics, the sites file and the admin token; the
	 * consumer groups keep their default names.
	 */
	public void register(DynamicPropertyRegistry registry, Supplier<Object> sitesFile) {
		TestInfrastructure.get().registerProperties(registry);
		registry.add("stocksync.topics.order-events", this::orders);
		registry.add("stocksync.topics.adjustments", this::adjustments);
		registry.add("stocksync.topics.stock-changed", this::stockChanged);
		registry.add("stocksync.sites-file", sitesFile);
		registry.add("stocksync.admin-token", this::token);
	}

	/**
	 * As {@link #register}, and consumer groups of its own, which {@link #awaitIdle}
	 * needs.
	 */
	public void registerWithOwnGroups(DynamicPropertyRegistry registry, Supplier<Object> sitesFile) {
		register(registry, sitesFile);
		registry.add("stocksync.groups.orders", () -> this.prefix + "ledger-orders");
		registry.add("stocksync.groups.adjustments", () -> this.prefix + "ledger-adjustments");
	}

	/* Kafka */

	public void adjust(KafkaTemplate<String, Object> kafka, String sku, AdjustmentType type, long quantity,
			String key) {
		kafka.send(adjustments(), sku, new StockAdjustmentRequested(1, UUID.randomUUID().toString(), sku, type,
				quantity, "test", key, Instant.now()));
	}

	public CompletableFuture<SendResult<String, Object>> send(KafkaTemplate<String, Object> kafka,
			OrderSnapshot snapshot) {
		return kafka.send(orders(), snapshot.key(), snapshot);
	}

	/**
	 * An order snapshot from a webhook, modified {@code minute} minutes into the test
	 * day.
	 */
	public static OrderSnapshot order(String shop, long id, String status, int minute, OrderLine... lines) {
		return order(shop, id, status, ORDERS_START.plusSeconds(60L * minute), lines);
	}

	public static OrderSnapshot order(String shop, long id, String status, Instant modified, OrderLine... lines) {
		return new OrderSnapshot(1, UUID.randomUUID().toString(), shop, id, "order.updated", status, modified,
				List.of(lines), "webhook", Instant.now());
	}

	/** A simple product's line; {@code reduced} is what the shop took from its stock. */
	public static OrderLine line(long id, String sku, int quantity, Integer reduced) {
		return new OrderLine(id, sku, 1, 0, quantity, reduced, 0);
	}

	/**
	 * Waits until the outbox is empty and both groups have committed every record: the
	 * ledger is idle. Needs {@link #registerWithOwnGroups}.
	 */
	public void awaitIdle(JdbcClient jdbc, Duration atMost) {
		await().atMost(atMost).untilAsserted(() -> {
			assertThat(jdbc.sql("select count(*) from outbox_event").query(Long.class).single()).isZero();
			assertThat(lag().lag(this.prefix + "ledger-orders", orders())).isZero();
			assertThat(lag().lag(this.prefix + "ledger-adjustments", adjustments())).isZero();
		});
	}

	private synchronized ConsumerLag lag() {
		if (this.lag == null) {
			this.lag = new ConsumerLag(TestInfrastructure.get().kafkaBootstrapServers());
		}
		return this.lag;
	}

	@Override
	public synchronized void close() {
		if (this.lag != null) {
			this.lag.close();
			this.lag = null;
		}
	}

	/* PostgreSQL */

	public static Optional<Long> onHand(JdbcClient jdbc, String sku) {
		return jdbc.sql("select on_hand from stock where sku = :sku").param("sku", sku).query(Long.class).optional();
	}

	/**
	 * Waits (up to 90 s: an import job or a loaded machine is slow) for a SKU's on-hand.
	 */
	public static void awaitOnHand(JdbcClient jdbc, String sku, long expected) {
		await().atMost(Duration.ofSeconds(90)).untilAsserted(() -> assertThat(onHand(jdbc, sku)).contains(expected));
	}

	/** Every SKU's on-hand quantity. */
	public static Map<String, Long> pool(JdbcClient jdbc) {
		Map<String, Long> pool = new TreeMap<>();
		jdbc.sql("select sku, on_hand from stock").query((rs) -> {
			pool.put(rs.getString("sku"), rs.getLong("on_hand"));
		});
		return pool;
	}

	/* The admin API */

	/** A response's body as JSON, whatever its status. */
	public static JsonNode json(HttpResponse<String> response) {
		return JsonMappers.standard().readTree(response.body());
	}

	/** The admin API of the service on {@code port}, with this class's token. */
	public AdminApi admin(int port) {
		return new AdminApi(port, this.token);
	}

	/** Calls to {@code /admin/**} with {@code Authorization: Bearer <token>}. */
	public record AdminApi(int port, String token) {

		public HttpRequest.Builder request(String path) {
			return HttpRequest.newBuilder(uri(path)).header("Authorization", "Bearer " + this.token);
		}

		public URI uri(String path) {
			return URI.create("http://127.0.0.1:" + this.port + path);
		}

		public HttpResponse<String> send(HttpRequest request) {
			try {
				return HTTP.send(request, HttpResponse.BodyHandlers.ofString());
			}
			catch (IOException ex) {
				throw new UncheckedIOException(ex);
			}
			catch (InterruptedException ex) {
				Thread.currentThread().interrupt();
				throw new IllegalStateException(ex);
			}
		}

		public HttpResponse<String> get(String path) {
			return send(request(path).build());
		}

		/** The body of a GET that answered 200, as text. */
		public String text(String path, String accept) {
			HttpResponse<String> response = send(request(path).header("Accept", accept).build());
			assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
			return response.body();
		}

		/** The body of a GET that answered 200, as JSON. */
		public JsonNode json(String path) {
			return JsonMappers.standard().readTree(text(path, "application/json"));
		}

		public HttpResponse<String> put(String path, String json) {
			return send(request(path).header("Content-Type", "application/json")
				.PUT(HttpRequest.BodyPublishers.ofString(json))
				.build());
		}

		/** A POST with no body. */
		public HttpResponse<String> post(String path) {
			return send(
					request(path).POST(HttpRequest.BodyPublishers.noBody()).timeout(Duration.ofSeconds(90)).build());
		}

		public HttpResponse<String> post(String path, String json) {
			return send(request(path).header("Content-Type", "application/json")
				.POST(HttpRequest.BodyPublishers.ofString(json))
				.timeout(Duration.ofSeconds(90))
				.build());
		}

		/** On hand as {@code GET /admin/stock/{sku}} tells it. */
		public long onHand(String sku) {
			return json("/admin/stock/" + sku).path("onHand").asLong();
		}

		/** Polls a job's status until it no longer runs; returns the last status. */
		public JsonNode awaitJob(String path, Duration atMost) {
			JsonNode[] last = new JsonNode[1];
			await().atMost(atMost).untilAsserted(() -> {
				last[0] = json(path);
				assertThat(last[0].path("state").asString()).isNotEqualTo("running");
			});
			return last[0];
		}

		/** A PUT that must be accepted (202). */
		public void putAccepted(String path, String json) {
			HttpResponse<String> response = put(path, json);
			assertThat(response.statusCode()).as(response.body()).isEqualTo(202);
		}

		/** The body of a POST that answered 200, as JSON. */
		public JsonNode postJson(String path, String json) {
			HttpResponse<String> response = post(path, json);
			assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
			return JsonMappers.standard().readTree(response.body());
		}

	}

}
