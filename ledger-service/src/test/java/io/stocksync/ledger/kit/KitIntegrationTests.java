package io.stocksync.ledger.kit;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

import io.stocksync.common.event.AdjustmentType;
import io.stocksync.common.event.OrderSnapshot;
import io.stocksync.common.event.StockChanged;
import io.stocksync.ledger.LedgerIntegrationTest;
import io.stocksync.ledger.LedgerTestSupport;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.TestConfiguration;
import org.springframework.context.annotation.Bean;
import org.springframework.kafka.annotation.KafkaListener;

import static io.stocksync.ledger.LedgerTestSupport.line;
import static io.stocksync.ledger.LedgerTestSupport.order;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Kits and shop rules on a real Kafka broker and a real PostgreSQL, through the admin
 * API: a kit order takes its components, its quantity follows theirs, cancels and refunds
 * give back exactly what was taken (also after the definition changed), and a rebuild
 * from the topics equals the live ledger.
 */
@LedgerIntegrationTest(token = "kit-test-token", sitesFile = "src/test/resources/sites-kits.yml", ownGroups = true)
class KitIntegrationTests {

	@Autowired
	LedgerTestSupport ledger;

	@Autowired
	Latest latest;

	@Test
	void shouldSellAKitFromItsComponentsAndGiveBackExactlyWhatItTook() throws Exception {
		// given GIFT = 2 x MUG + 1 x CAP with MUG 20 and CAP 15
		this.ledger.adjust("MUG", AdjustmentType.SET, 20, "mug-20");
		this.ledger.adjust("CAP", AdjustmentType.SET, 15, "cap-15");
		this.ledger.awaitOnHand("MUG", 20);
		this.ledger.awaitOnHand("CAP", 15);
		defineKit("GIFT", "gift-v1", Map.of("MUG", 2, "CAP", 1));
		awaitPublished("GIFT", 10);
		assertThat(shopQuantities("GIFT")).containsExactly(10L, 5L, 10L); // shop2 has
																			// share 50

		// when an order of 3 GIFT arrives (twice: a duplicate)
		OrderSnapshot paid = order("shop1", 1, "processing", 1, line(1, "GIFT", 3, 3));
		this.ledger.send(paid);
		this.ledger.send(paid);

		// then MUG -6, CAP -3, GIFT 7 everywhere
		this.ledger.awaitOnHand("MUG", 14);
		this.ledger.awaitOnHand("CAP", 12);
		awaitPublished("GIFT", 7);
		awaitPublished("MUG", 14);
		awaitPublished("CAP", 12);
		assertThat(this.ledger.onHand("GIFT")).isEmpty(); // a kit has no stock of its own

		// cancelling restores all
		this.ledger.send(order("shop1", 1, "cancelled", 2, line(1, "GIFT", 3, null)));
		this.ledger.awaitOnHand("MUG", 20);
		this.ledger.awaitOnHand("CAP", 15);
		awaitPublished("GIFT", 10);

		// another 3 GIFT, then 13 MUG sold alone: GIFT drops to 0 on every shop
		this.ledger.send(order("shop2", 2, "processing", 3, line(1, "GIFT", 3, 3)));
		awaitPublished("GIFT", 7);
		this.ledger.send(order("shop3", 3, "processing", 4, line(1, "MUG", 13, 13)));
		this.ledger.awaitOnHand("MUG", 1);
		awaitPublished("GIFT", 0);
		assertThat(shopQuantities("GIFT")).containsExactly(0L, 0L, 0L);

		// a partial refund with restock of 1 GIFT gives back 2 MUG and 1 CAP
		this.ledger.send(order("shop2", 2, "completed", 5, line(1, "GIFT", 3, 2)));
		this.ledger.awaitOnHand("MUG", 3);
		this.ledger.awaitOnHand("CAP", 13);
		awaitPublished("GIFT", 1);

		// the sale of the kit is in the audit trail of its components, with the kit order
		JsonNode history = this.ledger.admin().json("/admin/stock/MUG/history?limit=1");
		assertThat(history.path("movements").get(0).path("causeRef").asString()).isEqualTo("shop2:2");
		assertThat(history.path("movements").get(0).path("detail").asString()).contains("kit GIFT line 1 3->2 x2");

		// kits of kits and nonsense definitions are refused at once
		assertThat(this.ledger.admin()
			.put("/admin/kits/MEGA", "{\"components\":[{\"sku\":\"GIFT\",\"quantity\":1}],\"idempotencyKey\":\"mega\"}")
			.statusCode()).isEqualTo(400);
		assertThat(this.ledger.admin()
			.put("/admin/kits/BAD", "{\"components\":[{\"sku\":\"MUG\",\"quantity\":0}],\"idempotencyKey\":\"bad\"}")
			.statusCode()).isEqualTo(400);
	}

	@Test
	void shouldKeepTheDefinitionAnOpenOrderWasCommittedWithAndRebuildExactly() throws Exception {
		this.ledger.adjust("K-MUG", AdjustmentType.SET, 10, "k-mug-10");
		this.ledger.adjust("K-CAP", AdjustmentType.SET, 10, "k-cap-10");
		this.ledger.awaitOnHand("K-MUG", 10);
		this.ledger.awaitOnHand("K-CAP", 10);
		defineKit("K-GIFT", "k-gift-v1", Map.of("K-MUG", 2, "K-CAP", 1));
		awaitPublished("K-GIFT", 5);
		this.ledger.send(order("shop1", 10, "processing", 1, line(1, "K-GIFT", 2, 2))); // takes
																						// 4
		// K-MUG, 2
		// K-CAP
		this.ledger.send(order("shop1", 9, "processing", 1, line(1, "K-GIFT", 1, 1))); // takes
																						// 2
		// K-MUG, 1
		// K-CAP;
		// stays open
		this.ledger.awaitOnHand("K-MUG", 4);
		this.ledger.awaitOnHand("K-CAP", 7);

		// the definition changes while the orders are open
		defineKit("K-GIFT", "k-gift-v2", Map.of("K-MUG", 1));
		awaitPublished("K-GIFT", 4);
		this.ledger.send(order("shop1", 11, "processing", 2, line(1, "K-GIFT", 1, 1))); // takes
																						// 1
		// K-MUG
		this.ledger.awaitOnHand("K-MUG", 3);

		// cancelling the first order gives back what it took, not what the new definition
		// says
		this.ledger.send(order("shop1", 10, "cancelled", 3, line(1, "K-GIFT", 2, null)));
		this.ledger.awaitOnHand("K-MUG", 7);
		this.ledger.awaitOnHand("K-CAP", 9);
		awaitPublished("K-GIFT", 7);

		// a kit order short of a component: the oversell is recorded with the kit order
		this.ledger.send(order("shop1", 12, "processing", 4, line(1, "K-GIFT", 9, 9)));
		this.ledger.awaitOnHand("K-MUG", -2);
		JsonNode oversells = this.ledger.admin().json("/admin/oversells?sku=K-MUG");
		assertThat(oversells.path("oversells").get(0).path("causeRef").asString()).isEqualTo("shop1:12");
		assertThat(oversells.path("oversells").get(0).path("quantityShort").asLong()).isEqualTo(2);

		// the kits are listed, exported as CSV, and the rebuild equals the live ledger
		assertThat(this.ledger.admin().json("/admin/kits/K-GIFT").path("components")).hasSize(1);
		assertThat(this.ledger.admin().text("/admin/kits", "text/csv")).contains("kit,component,quantity")
			.contains("K-GIFT,K-MUG,1");
		this.ledger.awaitIdle(Duration.ofSeconds(60));
		JsonNode report = this.ledger.admin().postJson("/admin/rebuild");
		assertThat(report.path("differences").isEmpty()).as(report.toString()).isTrue();
	}

	@Test
	void shouldShowPerShopWhatTheRulesGiveAndCarryOverridesInTheEvent() throws Exception {
		this.ledger.adjust("R-MUG", AdjustmentType.SET, 21, "r-mug-21");
		this.ledger.awaitOnHand("R-MUG", 21);
		awaitPublished("R-MUG", 21);
		assertThat(shopQuantities("R-MUG")).containsExactly(21L, 10L, 21L);

		this.ledger.admin().putAccepted("/admin/shops/shop1/rules/R-MUG", "{\"sync\":false}");
		this.ledger.admin().putAccepted("/admin/shops/shop3/rules/R-MUG", "{\"hideBelow\":25,\"cap\":3}");
		await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> {
			StockChanged event = this.latest.bySku.get("R-MUG");
			assertThat(event.rules()).containsOnlyKeys("shop1", "shop3");
			assertThat(event.rules().get("shop1").sync()).isFalse();
		});
		JsonNode stock = this.ledger.admin().json("/admin/stock/R-MUG");
		assertThat(stock.path("shops").get(0).path("sync").asBoolean()).isFalse();
		assertThat(stock.path("shops").get(2).path("quantity").asLong()).isZero();
		assertThat(stock.path("shops").get(2).path("why").toString()).contains("hide-below 25: 0");
		assertThat(this.ledger.admin().json("/admin/shops/shop3/rules").path("rules").path("R-MUG").path("cap").asInt())
			.isEqualTo(3);
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
		this.ledger.admin().putAccepted("/admin/kits/" + sku, body.toString());
	}

	private List<Long> shopQuantities(String sku) throws Exception {
		return this.ledger.admin()
			.json("/admin/stock/" + sku)
			.path("shops")
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
