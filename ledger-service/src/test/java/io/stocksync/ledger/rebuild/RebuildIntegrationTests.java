package io.stocksync.ledger.rebuild;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Random;
import java.util.UUID;

import io.stocksync.common.event.AdjustmentType;
import io.stocksync.common.event.BackordersChangeRequested;
import io.stocksync.common.event.OrderLine;
import io.stocksync.common.event.OrderSnapshot;
import io.stocksync.common.event.StockAdjustmentRequested;
import io.stocksync.common.json.JsonMappers;
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
 * A mixed run (orders on three shops with duplicates and reordering, stock takes while
 * orders flow, goods received, an oversell and its cancel, a backorders switch), then a
 * rebuild from the topics: the rebuilt stock equals the live one. The stock takes are the
 * trap: applied at another moment relative to the orders they would give another result,
 * so the replay uses the deltas the live ledger recorded.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
@ActiveProfiles("local")
class RebuildIntegrationTests {

	private static final String PREFIX = TestInfrastructure.uniqueTopicPrefix();

	private static final String ORDERS = PREFIX + "order-events";

	private static final String ADJUSTMENTS = PREFIX + "stock-adjustments";

	private static final String TOKEN = "rebuild-test-token";

	private static final HttpClient HTTP = HttpClient.newHttpClient();

	private static final ConsumerLag lag = new ConsumerLag(TestInfrastructure.get().kafkaBootstrapServers());

	@DynamicPropertySource
	static void infrastructure(DynamicPropertyRegistry registry) {
		TestInfrastructure.get().registerProperties(registry);
		registry.add("stocksync.topics.order-events", () -> ORDERS);
		registry.add("stocksync.topics.adjustments", () -> ADJUSTMENTS);
		registry.add("stocksync.topics.stock-changed", () -> PREFIX + "stock-changed");
		registry.add("stocksync.sites-file", () -> "src/test/resources/sites-test.yml");
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

	@Test
	void shouldRebuildExactlyTheLiveStockFromTheTopics() throws Exception {
		adjust("R-MUG", AdjustmentType.SET, 40, "r-mug-initial");
		adjust("R-CAP", AdjustmentType.SET, 10, "r-cap-initial");
		awaitOnHand("R-MUG", 40);
		awaitOnHand("R-CAP", 10);
		List<OrderSnapshot> snapshots = new ArrayList<>();
		Random random = new Random(42);
		for (int shop = 1; shop <= 3; shop++) {
			for (int order = 1; order <= 12; order++) {
				String sku = (order % 3 == 0) ? "R-CAP" : "R-MUG";
				int quantity = 1 + random.nextInt(3);
				snapshots.add(order("shop" + shop, order, "pending", 0, line(1, sku, quantity, null)));
				snapshots.add(order("shop" + shop, order, "processing", 1, line(1, sku, quantity, quantity)));
				if (order % 4 == 0) {
					snapshots.add(order("shop" + shop, order, "cancelled", 2, line(1, sku, quantity, null)));
				}
			}
		}
		List<OrderSnapshot> delivered = new ArrayList<>(snapshots);
		delivered.addAll(snapshots.subList(0, 20)); // duplicates
		Collections.shuffle(delivered, random);
		for (int i = 0; i < delivered.size(); i++) {
			send(delivered.get(i));
			if (i == delivered.size() / 3) {
				adjust("R-MUG", AdjustmentType.SET, 30, "r-mug-stock-take"); // while
																				// orders
																				// flow
			}
			if (i == delivered.size() / 2) {
				adjust("R-CAP", AdjustmentType.ADD, 4, "r-cap-received");
				adjust("R-CAP", AdjustmentType.ADD, 4, "r-cap-received"); // same key:
																			// once
				this.kafka.send(ADJUSTMENTS, "R-CAP", new BackordersChangeRequested(1, UUID.randomUUID().toString(),
						"R-CAP", true, "test", Instant.now()));
			}
		}
		// An oversell on a SKU nobody stocked, then its cancel.
		send(order("shop1", 99, "processing", 5, line(1, "R-POSTER", 3, 3)));
		awaitOnHand("R-POSTER", -3);
		assertThat(get("/admin/stock?filter=oversold").findValuesAsString("sku")).contains("R-POSTER");
		send(order("shop1", 99, "cancelled", 6, line(1, "R-POSTER", 3, null)));
		awaitOnHand("R-POSTER", 0);
		assertThat(get("/admin/stock?filter=oversold").findValuesAsString("sku")).doesNotContain("R-POSTER");
		assertThat(get("/admin/stock?filter=low&threshold=0").findValuesAsString("sku")).contains("R-POSTER");
		awaitIdle();

		JsonNode report = postRebuild();

		assertThat(report.path("differences").isEmpty()).as(report.toString()).isTrue();
		assertThat(report.path("orderEvents").asLong()).isEqualTo(delivered.size() + 2);
		// the other test of this class may have added its stock take already
		assertThat(report.path("adjustments").asLong()).isBetween(4L, 5L);
		assertThat(report.path("backorders").asLong()).isEqualTo(1);
		assertThat(report.path("requestsNotApplied").isEmpty()).isTrue();
		assertThat(report.path("rebuiltSkus").asInt()).isEqualTo(report.path("liveSkus").asInt())
			.isGreaterThanOrEqualTo(3);
		assertThat(this.jdbc.sql("select backorders from stock where sku = 'R-CAP'").query(Boolean.class).single())
			.isTrue();

		JsonNode oversells = get("/admin/oversells?all=true&sku=R-POSTER");
		assertThat(oversells.path("oversells")).hasSize(1);
		assertThat(oversells.path("oversells").get(0).path("causeRef").asString()).isEqualTo("shop1:99");
		assertThat(oversells.path("oversells").get(0).path("quantityShort").asLong()).isEqualTo(3);
		assertThat(oversells.path("oversells").get(0).path("resolvedAt").isNull()).isFalse();
		assertThat(get("/admin/oversells?sku=R-POSTER").path("oversells")).isEmpty();

		JsonNode history = get("/admin/stock/R-POSTER/history?limit=1");
		assertThat(history.path("movements").get(0).path("delta").asLong()).isEqualTo(3);
		assertThat(history.path("movements").get(0).path("detail").asString()).contains("cancelled");
		JsonNode older = get("/admin/stock/R-POSTER/history?before=" + history.path("nextBefore").asLong());
		assertThat(older.path("movements")).hasSize(1);
		assertThat(older.path("movements").get(0).path("onHandAfter").asLong()).isEqualTo(-3);
	}

	@Test
	void shouldReportADifferenceWhenTheLiveTableWasChangedBehindTheLedgersBack() throws Exception {
		adjust("R-TAMPERED", AdjustmentType.SET, 7, "r-tampered");
		awaitOnHand("R-TAMPERED", 7);
		awaitIdle();
		this.jdbc.sql("update stock set on_hand = on_hand + 1 where sku = 'R-TAMPERED'").update();

		JsonNode report = postRebuild();

		assertThat(report.path("differences")).hasSize(1);
		JsonNode difference = report.path("differences").get(0);
		assertThat(difference.path("sku").asString()).isEqualTo("R-TAMPERED");
		assertThat(difference.path("liveOnHand").asLong()).isEqualTo(8);
		assertThat(difference.path("rebuiltOnHand").asLong()).isEqualTo(7);
		this.jdbc.sql("update stock set on_hand = on_hand - 1 where sku = 'R-TAMPERED'").update();
	}

	private void awaitIdle() {
		await().atMost(Duration.ofSeconds(60)).untilAsserted(() -> {
			assertThat(this.jdbc.sql("select count(*) from outbox_event").query(Long.class).single()).isZero();
			assertThat(lag.lag(PREFIX + "ledger-orders", ORDERS)).isZero();
			assertThat(lag.lag(PREFIX + "ledger-adjustments", ADJUSTMENTS)).isZero();
		});
	}

	private JsonNode postRebuild() throws Exception {
		HttpResponse<String> response = HTTP.send(HttpRequest.newBuilder(uri("/admin/rebuild"))
			.header("Authorization", "Bearer " + TOKEN)
			.POST(HttpRequest.BodyPublishers.noBody())
			.timeout(Duration.ofSeconds(60))
			.build(), HttpResponse.BodyHandlers.ofString());
		assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
		return JsonMappers.standard().readTree(response.body());
	}

	private JsonNode get(String path) throws Exception {
		HttpResponse<String> response = HTTP.send(
				HttpRequest.newBuilder(uri(path)).header("Authorization", "Bearer " + TOKEN).build(),
				HttpResponse.BodyHandlers.ofString());
		assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
		return JsonMappers.standard().readTree(response.body());
	}

	private URI uri(String path) {
		return URI.create("http://127.0.0.1:" + this.port + path);
	}

	private void awaitOnHand(String sku, long expected) {
		await().atMost(Duration.ofSeconds(30))
			.untilAsserted(() -> assertThat(this.jdbc.sql("select on_hand from stock where sku = :sku")
				.param("sku", sku)
				.query(Long.class)
				.optional()).contains(expected));
	}

	private void adjust(String sku, AdjustmentType type, long quantity, String key) {
		this.kafka.send(ADJUSTMENTS, sku, new StockAdjustmentRequested(1, UUID.randomUUID().toString(), sku, type,
				quantity, "test", key, Instant.now()));
	}

	private void send(OrderSnapshot snapshot) {
		this.kafka.send(ORDERS, snapshot.key(), snapshot);
	}

	private static OrderSnapshot order(String shop, long id, String status, int minute, OrderLine... lines) {
		return new OrderSnapshot(1, UUID.randomUUID().toString(), shop, id, "order.updated", status,
				Instant.parse("2026-11-22T10:00:00Z").plusSeconds(60L * minute), List.of(lines), "webhook",
				Instant.now());
	}

	private static OrderLine line(long id, String sku, int quantity, Integer reduced) {
		return new OrderLine(id, sku, 1, 0, quantity, reduced, 0);
	}

}
