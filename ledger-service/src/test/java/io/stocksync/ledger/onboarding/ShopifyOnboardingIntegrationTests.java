package io.stocksync.ledger.onboarding;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import io.stocksync.common.event.OrderLine;
import io.stocksync.common.event.OrderSnapshot;
import io.stocksync.common.json.JsonMappers;
import io.stocksync.common.shop.ShopifyLineRule;
import io.stocksync.fakeshop.shopify.FakeShopify;
import io.stocksync.ledger.ConsumerLag;
import io.stocksync.testsupport.TestInfrastructure;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.kafka.core.KafkaTemplate;
import org.springframework.test.context.ActiveProfiles;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Onboarding a fake Shopify store (GraphQL Admin API 2026-01) whose orders exist before
 * the ledger starts: the pool is imported from its {@code available} at the primary
 * location and the baseline holds its orders (read in cursor pages through the GraphQL
 * {@code orders} query), with the same line tallies ingest computes from the store's
 * webhooks; later changes of those orders move the pool by exactly what they change. Real
 * Kafka, real PostgreSQL; the snapshots delivered later are what ingest publishes for the
 * store's orders (its REST order shape, Shopify's line rule).
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
@ActiveProfiles("local")
class ShopifyOnboardingIntegrationTests {

	private static final String PREFIX = TestInfrastructure.uniqueTopicPrefix();

	private static final String ORDERS = PREFIX + "order-events";

	private static final String ADJUSTMENTS = PREFIX + "stock-adjustments";

	private static final String TOKEN = "shopify-onboarding-token";

	private static final HttpClient HTTP = HttpClient.newHttpClient();

	private static final Duration WAIT = Duration.ofSeconds(90);

	private static final ConsumerLag lag = new ConsumerLag(TestInfrastructure.get().kafkaBootstrapServers());

	private static final FakeShopify store = FakeShopify.builder().start();

	/* Orders that exist before the stack starts. */
	private static final List<Long> existing = new ArrayList<>();

	private static final long open;

	private static final long returned;

	private static final long cancelled;

	static {
		store.addVariant("SH-MUG", 20);
		store.addVariant("SH-CAP", 10);
		store.addVariant("SH-HAT", 5);
		store.addVariant("SH-KIT", 0, true); // a bundle parent: not an import source
		open = store.checkout(Map.of("SH-MUG", 3));
		returned = store.checkout(Map.of("SH-CAP", 2, "SH-MUG", 1));
		store.refund(returned, "SH-CAP", 1, "return");
		store.refund(returned, "SH-MUG", 1, "no_restock");
		cancelled = store.checkout(Map.of("SH-HAT", 1));
		store.cancel(cancelled, true);
		existing.addAll(List.of(open, returned, cancelled));
		for (int i = 0; i < 4; i++) { // more orders than one page holds
			existing.add(store.checkout(Map.of("SH-MUG", 1)));
		}
	}

	@DynamicPropertySource
	static void infrastructure(DynamicPropertyRegistry registry) {
		TestInfrastructure.get().registerProperties(registry);
		registry.add("stocksync.topics.order-events", () -> ORDERS);
		registry.add("stocksync.topics.adjustments", () -> ADJUSTMENTS);
		registry.add("stocksync.topics.stock-changed", () -> PREFIX + "stock-changed");
		registry.add("stocksync.sites-file", ShopifyOnboardingIntegrationTests::sitesFile);
		registry.add("stocksync.admin-token", () -> TOKEN);
		registry.add("stocksync.groups.orders", () -> PREFIX + "ledger-orders");
		registry.add("stocksync.groups.adjustments", () -> PREFIX + "ledger-adjustments");
	}

	@AfterAll
	static void stop() {
		lag.close();
		store.close();
	}

	@LocalServerPort
	int port;

	@Autowired
	KafkaTemplate<String, Object> kafka;

	@Autowired
	JdbcClient jdbc;

	@Test
	void shouldImportAShopifyStoreAndHoldItsOrdersInTheBaselineSoThatOnlyLaterChangesMoveThePool() throws Exception {
		// given: one order reached the ledger by webhook before onboarding
		deliver(open);
		awaitIdle();

		// when: the pool is imported from the store
		HttpResponse<String> started = post("/admin/stock/import?fromShop=b2c");
		assertThat(started.statusCode()).as(started.body()).isEqualTo(202);
		JsonNode status = awaitJob();

		// then: the pool is the store's available; every existing order is in the
		// baseline, read in several pages
		assertThat(status.path("state").asString()).as(status.toString()).isEqualTo("completed");
		assertThat(store.available("SH-MUG")).isEqualTo(20 - 3 - 1 - 4);
		assertThat(store.available("SH-CAP")).isEqualTo(9);
		assertThat(store.available("SH-HAT")).isEqualTo(5);
		awaitIdle();
		assertPoolEqualsStore();
		assertThat(status.path("imported").path("imported").asInt()).as(status.toString()).isEqualTo(3);
		assertThat(status.path("imported").path("notStockManaged").toString()).contains("SH-KIT");
		JsonNode shop = status.path("shops").get(0);
		assertThat(shop.path("ordersRecorded").asInt()).as(status.toString()).isEqualTo(existing.size());
		assertThat(shop.path("pagesDone").asInt()).isGreaterThanOrEqualTo(2);
		assertThat(shop.path("unreadable").asInt()).isZero();

		// when: ingest delivers every existing order again (webhooks, the poll)
		for (long order : existing) {
			deliver(order);
		}
		awaitIdle();
		// then: nothing moves
		assertPoolEqualsStore();

		// when: a pre-existing order is refunded with restock, another cancelled with
		// restock
		store.refund(open, "SH-MUG", 2, "return");
		deliver(open);
		store.cancel(returned, true);
		deliver(returned);
		// then: exactly those units come back (2 mugs; the cap still held, the mug was
		// refunded without restock)
		awaitOnHand("SH-MUG", 12 + 2);
		awaitOnHand("SH-CAP", 10);
		assertPoolEqualsStore();

		// when: an order placed after the baseline arrives twice
		long after = store.checkout(Map.of("SH-HAT", 2));
		deliver(after);
		deliver(after);
		// then: it takes its units once
		awaitOnHand("SH-HAT", 3);
		awaitIdle();
		assertPoolEqualsStore();
	}

	@Test
	void shouldRecordTheBaselineOfAShopifyStoreWithoutMovingThePool() throws Exception {
		awaitJob();
		awaitIdle();
		Map<String, Long> before = pool();

		HttpResponse<String> started = post("/admin/orders/baseline?shop=b2c");

		assertThat(started.statusCode()).as(started.body()).isEqualTo(202);
		JsonNode status = awaitJob();
		assertThat(status.path("state").asString()).as(status.toString()).isEqualTo("completed");
		assertThat(status.path("kind").asString()).isEqualTo("baseline");
		assertThat(status.path("shops").get(0).path("ordersRecorded").asInt()).isGreaterThanOrEqualTo(existing.size());
		awaitIdle();
		assertThat(pool()).isEqualTo(before);
	}

	private void assertPoolEqualsStore() throws Exception {
		for (String sku : List.of("SH-MUG", "SH-CAP", "SH-HAT")) {
			assertThat(onHand(sku)).as(sku).isEqualTo(store.available(sku).longValue());
		}
	}

	/*
	 * The snapshot ingest publishes for the store's order as it is now: the REST order
	 * (as in the orders/* webhooks), each line's tally by Shopify's rule.
	 */
	private void deliver(long orderId) throws Exception {
		HttpResponse<String> response = HTTP
			.send(HttpRequest.newBuilder(URI.create(store.baseUrl() + "/admin/api/2026-01/orders/" + orderId + ".json"))
				.header("X-Shopify-Access-Token", store.accessToken())
				.build(), HttpResponse.BodyHandlers.ofString());
		assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
		JsonNode order = JsonMappers.standard().readTree(response.body()).path("order");
		Map<Long, Integer> restocked = new HashMap<>();
		for (JsonNode refund : order.path("refunds")) {
			for (JsonNode item : refund.path("refund_line_items")) {
				if (ShopifyLineRule.restocks(item.path("restock_type").asString())) {
					restocked.merge(item.path("line_item_id").asLong(), item.path("quantity").asInt(), Integer::sum);
				}
			}
		}
		List<OrderLine> lines = new ArrayList<>();
		for (JsonNode item : order.path("line_items")) {
			int back = restocked.getOrDefault(item.path("id").asLong(), 0);
			int quantity = item.path("quantity").asInt();
			lines.add(new OrderLine(item.path("id").asLong(), item.path("sku").asString(),
					item.path("product_id").asLong(), item.path("variant_id").asLong(), quantity,
					ShopifyLineRule.committed(quantity, true, back), back));
		}
		OrderSnapshot snapshot = new OrderSnapshot(OrderSnapshot.SCHEMA_VERSION, UUID.randomUUID().toString(), "b2c",
				orderId, "orders/updated", order.hasNonNull("cancelled_at") ? "cancelled" : "processing",
				OffsetDateTime.parse(order.path("updated_at").asString()).toInstant(), lines, "webhook", Instant.now());
		this.kafka.send(ORDERS, snapshot.key(), snapshot).get();
	}

	private Map<String, Long> pool() {
		Map<String, Long> pool = new java.util.TreeMap<>();
		this.jdbc.sql("select sku, on_hand from stock").query((rs) -> {
			pool.put(rs.getString("sku"), rs.getLong("on_hand"));
		});
		return pool;
	}

	private JsonNode awaitJob() throws Exception {
		JsonNode[] last = new JsonNode[1];
		await().atMost(WAIT).untilAsserted(() -> {
			last[0] = json(get("/admin/orders/baseline"));
			assertThat(last[0].path("state").asString()).isNotEqualTo("running");
		});
		return last[0];
	}

	private void awaitOnHand(String sku, long expected) {
		await().atMost(WAIT).untilAsserted(() -> assertThat(onHand(sku)).isEqualTo(expected));
	}

	private long onHand(String sku) throws Exception {
		return json(get("/admin/stock/" + sku)).path("onHand").asLong();
	}

	private void awaitIdle() {
		await().atMost(WAIT).untilAsserted(() -> {
			assertThat(this.jdbc.sql("select count(*) from outbox_event").query(Long.class).single()).isZero();
			assertThat(lag.lag(PREFIX + "ledger-orders", ORDERS)).isZero();
			assertThat(lag.lag(PREFIX + "ledger-adjustments", ADJUSTMENTS)).isZero();
		});
	}

	private HttpResponse<String> post(String path) throws Exception {
		return HTTP.send(request(path).POST(HttpRequest.BodyPublishers.noBody()).build(),
				HttpResponse.BodyHandlers.ofString());
	}

	private HttpResponse<String> get(String path) throws Exception {
		return HTTP.send(request(path).build(), HttpResponse.BodyHandlers.ofString());
	}

	private HttpRequest.Builder request(String path) {
		return HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + this.port + path))
			.header("Authorization", "Bearer " + TOKEN);
	}

	private static JsonNode json(HttpResponse<String> response) {
		return JsonMappers.standard().readTree(response.body());
	}

	private static String sitesFile() {
		try {
			Path file = Files.createTempFile("shopify-onboarding-sites", ".yml");
			Files.writeString(file, """
					sites:
					  - id: b2c
					    platform: shopify
					    base-url: %s
					    access-token: %s
					    webhook-secret: shopify-onboarding-secret
					""".formatted(store.baseUrl(), store.accessToken()));
			return file.toString();
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
	}

}
