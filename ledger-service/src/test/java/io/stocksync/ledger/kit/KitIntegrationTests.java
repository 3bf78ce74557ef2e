package io.stocksync.ledger.kit;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;

import io.stocksync.common.event.AdjustmentType;
import io.stocksync.common.event.OrderLine;
import io.stocksync.common.event.OrderSnapshot;
import io.stocksync.common.event.StockAdjustmentRequested;
import io.stocksync.common.event.StockChanged;
import io.stocksync.common.json.JsonMappers;
import io.stocksync.ledger.ConsumerLag;
import io.stocksync.testsupport.TestInfrastructure;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.TestConfiguration;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.context.annotation.Bean;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.kafka.annotation.KafkaListener;
import org.springframework.kafka.core.KafkaTemplate;
import org.springframework.test.context.ActiveProfiles;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Kits and shop rules on a real Kafka broker and a real PostgreSQL, through the admin
 * API: a kit order takes its components, its quantity follows theirs, cancels and refunds
 * give back exactly what was taken (also after the definition changed), and a rebuild
 * from the topics equals the live ledger.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
@ActiveProfiles("local")
class KitIntegrationTests {

	private static final String PREFIX = TestInfrastructure.uniqueTopicPrefix();

	private static final String ORDERS = PREFIX + "order-events";

	private static final String ADJUSTMENTS = PREFIX + "stock-adjustments";

	private static final String TOKEN = "kit-test-token";

	private static final HttpClient HTTP = HttpClient.newHttpClient();

	private static final ConsumerLag lag = new ConsumerLag(TestInfrastructure.get().kafkaBootstrapServers());

	@DynamicPropertySource
	static void infrastructure(DynamicPropertyRegistry registry) {
		TestInfrastructure.get().registerProperties(registry);
		registry.add("stocksync.topics.order-events", () -> ORDERS);
		registry.add("stocksync.topics.adjustments", () -> ADJUSTMENTS);
		registry.add("stocksync.topics.stock-changed", () -> PREFIX + "stock-changed");
		registry.add("stocksync.sites-file", () -> "src/test/resources/sites-kits.yml");
		registry.add("stocksync.admin-token", () -> TOKEN);
		registry.add("stocksync.groups.orders", () -> PREFIX + "ledger-orders");
		registry.add("stocksync.groups.adjustments", () -> PREFIX + "ledger-adjustments");
	}

	@AfterAll
	static void closeAdmin() {
		lag.close();
	}

	@LocalServerPort
	int port;

	@Autowired
	KafkaTemplate<String, Object> kafka;

	@Autowired
	JdbcClient jdbc;

	@Autowired
	Latest latest;

	@Test
	void shouldSellAKitFromItsComponentsAndGiveBackExactlyWhatItTook() throws Exception {
		// given GIFT = 2 x MUG + 1 x CAP with MUG 20 and CAP 15
		adjust("MUG", AdjustmentType.SET, 20, "mug-20");
		adjust("CAP", AdjustmentType.SET, 15, "cap-15");
		awaitOnHand("MUG", 20);
		awaitOnHand("CAP", 15);
		defineKit("GIFT", "gift-v1", Map.of("MUG", 2, "CAP", 1));
		awaitPublished("GIFT", 10);
		assertThat(shopQuantities("GIFT")).containsExactly(10L, 5L, 10L); // shop2 has
																			// share 50

		// when an order of 3 GIFT arrives (twice: a duplicate)
		OrderSnapshot paid = order("shop1", 1, "processing", 1, line(1, "GIFT", 3, 3));
		send(paid);
		send(paid);

		// then MUG -6, CAP -3, GIFT 7 everywhere
		awaitOnHand("MUG", 14);
		awaitOnHand("CAP", 12);
		awaitPublished("GIFT", 7);
		awaitPublished("MUG", 14);
		awaitPublished("CAP", 12);
		assertThat(onHand("GIFT")).isEmpty(); // a kit has no stock of its own

		// cancelling restores all
		send(order("shop1", 1, "cancelled", 2, line(1, "GIFT", 3, null)));
		awaitOnHand("MUG", 20);
		awaitOnHand("CAP", 15);
		awaitPublished("GIFT", 10);

		// another 3 GIFT, then 13 MUG sold alone: GIFT drops to 0 on every shop
		send(order("shop2", 2, "processing", 3, line(1, "GIFT", 3, 3)));
		awaitPublished("GIFT", 7);
		send(order("shop3", 3, "processing", 4, line(1, "MUG", 13, 13)));
		awaitOnHand("MUG", 1);
		awaitPublished("GIFT", 0);
		assertThat(shopQuantities("GIFT")).containsExactly(0L, 0L, 0L);

		// a partial refund with restock of 1 GIFT gives back 2 MUG and 1 CAP
		send(order("shop2", 2, "completed", 5, line(1, "GIFT", 3, 2)));
		awaitOnHand("MUG", 3);
		awaitOnHand("CAP", 13);
		awaitPublished("GIFT", 1);

		// the sale of the kit is in the audit trail of its components, with the kit order
		JsonNode history = get("/admin/stock/MUG/history?limit=1");
		assertThat(history.path("movements").get(0).path("causeRef").asString()).isEqualTo("shop2:2");
		assertThat(history.path("movements").get(0).path("detail").asString()).contains("kit GIFT line 1 3->2 x2");

		// kits of kits and nonsense definitions are refused at once
		assertThat(putStatus("/admin/kits/MEGA",
				"{\"components\":[{\"sku\":\"GIFT\",\"quantity\":1}],\"idempotencyKey\":\"mega\"}"))
			.isEqualTo(400);
		assertThat(putStatus("/admin/kits/BAD",
				"{\"components\":[{\"sku\":\"MUG\",\"quantity\":0}],\"idempotencyKey\":\"bad\"}"))
			.isEqualTo(400);
	}

	@Test
	void shouldKeepTheDefinitionAnOpenOrderWasCommittedWithAndRebuildExactly() throws Exception {
		adjust("K-MUG", AdjustmentType.SET, 10, "k-mug-10");
		adjust("K-CAP", AdjustmentType.SET, 10, "k-cap-10");
		awaitOnHand("K-MUG", 10);
		awaitOnHand("K-CAP", 10);
		defineKit("K-GIFT", "k-gift-v1", Map.of("K-MUG", 2, "K-CAP", 1));
		awaitPublished("K-GIFT", 5);
		send(order("shop1", 10, "processing", 1, line(1, "K-GIFT", 2, 2))); // takes 4
																			// K-MUG, 2
																			// K-CAP
		send(order("shop1", 9, "processing", 1, line(1, "K-GIFT", 1, 1))); // takes 2
																			// K-MUG, 1
																			// K-CAP;
																			// stays open
		awaitOnHand("K-MUG", 4);
		awaitOnHand("K-CAP", 7);

		// the definition changes while the orders are open
		defineKit("K-GIFT", "k-gift-v2", Map.of("K-MUG", 1));
		awaitPublished("K-GIFT", 4);
		send(order("shop1", 11, "processing", 2, line(1, "K-GIFT", 1, 1))); // takes 1
																			// K-MUG
		awaitOnHand("K-MUG", 3);

		// cancelling the first order gives back what it took, not what the new definition
		// says
		send(order("shop1", 10, "cancelled", 3, line(1, "K-GIFT", 2, null)));
		awaitOnHand("K-MUG", 7);
		awaitOnHand("K-CAP", 9);
		awaitPublished("K-GIFT", 7);

		// a kit order short of a component: the oversell is recorded with the kit order
		send(order("shop1", 12, "processing", 4, line(1, "K-GIFT", 9, 9)));
		awaitOnHand("K-MUG", -2);
		JsonNode oversells = get("/admin/oversells?sku=K-MUG");
		assertThat(oversells.path("oversells").get(0).path("causeRef").asString()).isEqualTo("shop1:12");
		assertThat(oversells.path("oversells").get(0).path("quantityShort").asLong()).isEqualTo(2);

		// the kits are listed, exported as CSV, and the rebuild equals the live ledger
		assertThat(get("/admin/kits/K-GIFT").path("components")).hasSize(1);
		assertThat(getText("/admin/kits", "text/csv")).contains("kit,component,quantity").contains("K-GIFT,K-MUG,1");
		awaitIdle();
		JsonNode report = post("/admin/rebuild", "");
		assertThat(report.path("differences").isEmpty()).as(report.toString()).isTrue();
	}

	@Test
	void shouldShowPerShopWhatTheRulesGiveAndCarryOverridesInTheEvent() throws Exception {
		adjust("R-MUG", AdjustmentType.SET, 21, "r-mug-21");
		awaitOnHand("R-MUG", 21);
		awaitPublished("R-MUG", 21);
		assertThat(shopQuantities("R-MUG")).containsExactly(21L, 10L, 21L);

		put("/admin/shops/shop1/rules/R-MUG", "{\"sync\":false}");
		put("/admin/shops/shop3/rules/R-MUG", "{\"hideBelow\":25,\"cap\":3}");
		await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> {
			StockChanged event = this.latest.bySku.get("R-MUG");
			assertThat(event.rules()).containsOnlyKeys("shop1", "shop3");
			assertThat(event.rules().get("shop1").sync()).isFalse();
		});
		JsonNode stock = get("/admin/stock/R-MUG");
		assertThat(stock.path("shops").get(0).path("sync").asBoolean()).isFalse();
		assertThat(stock.path("shops").get(2).path("quantity").asLong()).isZero();
		assertThat(stock.path("shops").get(2).path("why").toString()).contains("hide-below 25: 0");
		assertThat(get("/admin/shops/shop3/rules").path("rules").path("R-MUG").path("cap").asInt()).isEqualTo(3);
	}

	private void defineKit(String sku, String key, Map<String, Integer> components) throws Exception {
		StringBuilder body = new StringBuilder("{\"components\":[");
		components.forEach((component, quantity) -> body.append("{\"sku\":\"")
			.append(component)
			.append("\",\"quantity\":")
			.append(quantity)
			.append("},"));
		body.setLength(body.length() - 1);
		body.append("],\"reason\":\"test\",\"idempotencyKey\":\"").append(key).append("\"}");
		put("/admin/kits/" + sku, body.toString());
	}

	private List<Long> shopQuantities(String sku) throws Exception {
		return get("/admin/stock/" + sku).path("shops")
			.valueStream()
			.map((shop) -> shop.path("quantity").asLong())
			.toList();
	}

	private void awaitPublished(String sku, long available) {
		await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> {
			StockChanged event = this.latest.bySku.get(sku);
			assertThat(event).isNotNull();
			assertThat(event.available()).isEqualTo(available);
		});
	}

	private void awaitIdle() {
		await().atMost(Duration.ofSeconds(60)).untilAsserted(() -> {
			assertThat(this.jdbc.sql("select count(*) from outbox_event").query(Long.class).single()).isZero();
			assertThat(lag.lag(PREFIX + "ledger-orders", ORDERS)).isZero();
			assertThat(lag.lag(PREFIX + "ledger-adjustments", ADJUSTMENTS)).isZero();
		});
	}

	private JsonNode get(String path) throws Exception {
		return JsonMappers.standard().readTree(getText(path, "application/json"));
	}

	private String getText(String path, String accept) throws Exception {
		HttpResponse<String> response = HTTP.send(HttpRequest.newBuilder(uri(path))
			.header("Authorization", "Bearer " + TOKEN)
			.header("Accept", accept)
			.build(), HttpResponse.BodyHandlers.ofString());
		assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
		return response.body();
	}

	private int putStatus(String path, String json) throws Exception {
		return HTTP
			.send(HttpRequest.newBuilder(uri(path))
				.header("Authorization", "Bearer " + TOKEN)
				.header("Content-Type", "application/json")
				.PUT(HttpRequest.BodyPublishers.ofString(json))
				.build(), HttpResponse.BodyHandlers.ofString())
			.statusCode();
	}

	private void put(String path, String json) throws Exception {
		HttpResponse<String> response = HTTP.send(HttpRequest.newBuilder(uri(path))
			.header("Authorization", "Bearer " + TOKEN)
			.header("Content-Type", "application/json")
			.PUT(HttpRequest.BodyPublishers.ofString(json))
			.build(), HttpResponse.BodyHandlers.ofString());
		assertThat(response.statusCode()).as(response.body()).isEqualTo(202);
	}

	private JsonNode post(String path, String json) throws Exception {
		HttpResponse<String> response = HTTP.send(HttpRequest.newBuilder(uri(path))
			.header("Authorization", "Bearer " + TOKEN)
			.header("Content-Type", "application/json")
			.POST(HttpRequest.BodyPublishers.ofString(json))
			.timeout(Duration.ofSeconds(90))
			.build(), HttpResponse.BodyHandlers.ofString());
		assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
		return JsonMappers.standard().readTree(response.body());
	}

	private URI uri(String path) {
		return URI.create("http://127.0.0.1:" + this.port + path);
	}

	private Optional<Long> onHand(String sku) {
		return this.jdbc.sql("select on_hand from stock where sku = :sku")
			.param("sku", sku)
			.query(Long.class)
			.optional();
	}

	private void awaitOnHand(String sku, long expected) {
		await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> assertThat(onHand(sku)).contains(expected));
	}

	private void adjust(String sku, AdjustmentType type, long quantity, String key) {
		this.kafka.send(ADJUSTMENTS, sku, new StockAdjustmentRequested(1, UUID.randomUUID().toString(), sku, type,
				quantity, "test", key, Instant.now()));
	}

	private void send(OrderSnapshot snapshot) {
		this.kafka.send(ORDERS, snapshot.key(), snapshot);
	}

	static OrderSnapshot order(String shop, long id, String status, int minute, OrderLine... lines) {
		return new OrderSnapshot(1, UUID.randomUUID().toString(), shop, id, "order.updated", status,
				Instant.parse("2026-11-22T10:00:00Z").plusSeconds(60L * minute), List.of(lines), "webhook",
				Instant.now());
	}

	static OrderLine line(long id, String sku, int quantity, Integer reduced) {
		return new OrderLine(id, sku, 1, 0, quantity, reduced, 0);
	}

	@TestConfiguration
	static class Collectors {

		@Bean
		Latest latestStockChanged() {
			return new Latest();
		}

	}

	/**
	 * The newest StockChanged per SKU (by version), as a shop's propagator would keep it.
	 */
	static class Latest {

		final Map<String, StockChanged> bySku = new ConcurrentHashMap<>();

		@KafkaListener(id = "kit-test-stock-changed", topics = "${stocksync.topics.stock-changed}")
		void onStockChanged(StockChanged event) {
			this.bySku.merge(event.sku(), event, (a, b) -> (b.version() > a.version()) ? b : a);
		}

	}

}
