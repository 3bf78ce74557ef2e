package io.stocksync.propagator;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicReference;

import io.stocksync.common.event.StockChanged;
import io.stocksync.common.rules.SkuRule;
import io.stocksync.fakeshop.FakeShop;
import io.stocksync.fakeshop.FakeShopOptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import tools.jackson.databind.JsonNode;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

import static io.stocksync.propagator.PropagatorTestSupport.json;
import static io.stocksync.propagator.PropagatorTestSupport.sitesFile;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The shop rules as the propagator applies them, against fake WooCommerce shops over
 * HTTP: shop ua has no rules, ub a share of 50 %, uc hide-below 5. A SKU with
 * {@code sync: false} on ua is never written there, by pushes or by the drift check,
 * which reports it as excluded.
 */
@PropagatorIntegrationTest(token = "rules-test-token")
class RulesIntegrationTests {

	@RegisterExtension
	static final FakeShops shops = new FakeShops();

	static {
		for (String id : List.of("ua", "ub", "uc")) {
			FakeShop shop = FakeShop.start(FakeShopOptions.defaults(id));
			shop.addSimpleProduct("U-MUG", 99);
			shop.addSimpleProduct("U-KEEP", 33);
			shops.put(id, shop);
		}
	}

	@DynamicPropertySource
	static void properties(DynamicPropertyRegistry registry) {
		registry.add("stocksync.sites-file", () -> sitesFile(shops.values(), (shop) -> switch (shop.id()) {
			case "ub" -> "    share: 50\n";
			case "uc" -> "    hide-below: 5\n";
			default -> "";
		}));
		registry.add("stocksync.push.coalesce-window", () -> "100ms");
		registry.add("stocksync.reconcile.enabled", () -> "false");
		registry.add("stocksync.reconcile.settle", () -> "1s");
	}

	@Autowired
	PropagatorTestSupport propagator;

	@Test
	void shouldShowEachShopWhatItsShareAndHideBelowGive() {
		this.propagator.send(change("U-MUG", 21, 1, Map.of()));
		awaitStock("U-MUG", 21, 10, 21);

		this.propagator.send(change("U-MUG", 4, 2, Map.of()));
		awaitStock("U-MUG", 4, 2, 0);

		this.propagator.send(change("U-MUG", 5, 3, Map.of()));
		awaitStock("U-MUG", 5, 2, 5);
	}

	@Test
	void shouldNeverWriteASkuExcludedOnAShopThroughOrdersAndDriftChecks() {
		Map<String, SkuRule> excludedOnUa = Map.of("ua", new SkuRule(null, null, null, null, false));
		this.propagator.send(change("U-KEEP", 20, 1, excludedOnUa));
		awaitStock("U-KEEP", 33, 10, 20);
		this.propagator.send(change("U-KEEP", 12, 2, excludedOnUa)); // an order elsewhere
		awaitStock("U-KEEP", 33, 6, 12);

		AtomicReference<JsonNode> report = new AtomicReference<>();
		await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(500)).untilAsserted(() -> {
			report.set(json(this.propagator.admin("POST", "/admin/reconcile?shop=ua")));
			assertThat(report.get().path("skipped").toString()).as(report.get().toString())
				.isEqualTo("[{\"sku\":\"U-KEEP\",\"reason\":\"excluded\"}]");
		});
		assertThat(report.get().path("drift").asInt()).isZero();
		assertThat(shops.get("ua").stockOf("U-KEEP")).isEqualTo(33);

		// lifting the exclusion writes the pool's quantity again
		this.propagator.send(change("U-KEEP", 12, 3, Map.of()));
		awaitStock("U-KEEP", 12, 6, 12);
	}

	private void awaitStock(String sku, int ua, int ub, int uc) {
		await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> {
			assertThat(shops.get("ua").stockOf(sku)).isEqualTo(ua);
			assertThat(shops.get("ub").stockOf(sku)).isEqualTo(ub);
			assertThat(shops.get("uc").stockOf(sku)).isEqualTo(uc);
		});
	}

	private static StockChanged change(String sku, long available, long version, Map<String, SkuRule> rules) {
		return new StockChanged(StockChanged.SCHEMA_VERSION, UUID.randomUUID().toString(), sku, available, available,
				false, version, "test", Instant.now(), rules);
	}

}
