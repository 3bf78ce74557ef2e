package io.stocksync.propagator;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

import io.stocksync.fakeshop.FakeShop;
import io.stocksync.fakeshop.FakeShopOptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import tools.jackson.databind.JsonNode;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.kafka.config.KafkaListenerEndpointRegistry;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

import static io.stocksync.propagator.PropagatorTestSupport.change;
import static io.stocksync.propagator.PropagatorTestSupport.json;
import static io.stocksync.propagator.PropagatorTestSupport.sitesFile;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * {@code GET /admin/lag} on a real Kafka, with fake shops la and lb: while lb is paused,
 * the stock changes it has not consumed are its lag and la has none; resumed, lb catches
 * up to no lag.
 */
@PropagatorIntegrationTest(token = "lag-test-token")
class LagIntegrationTests {

	@RegisterExtension
	static final FakeShops shops = new FakeShops();

	static {
		for (String id : List.of("la", "lb")) {
			FakeShop shop = FakeShop.start(FakeShopOptions.defaults(id));
			shop.addSimpleProduct("LAG-1", 99);
			shops.put(id, shop);
		}
	}

	@DynamicPropertySource
	static void properties(DynamicPropertyRegistry registry) {
		registry.add("stocksync.sites-file", () -> sitesFile(shops.values(), (shop) -> ""));
		registry.add("stocksync.push.coalesce-window", () -> "100ms");
		registry.add("stocksync.reconcile.enabled", () -> "false");
	}

	@Autowired
	PropagatorTestSupport propagator;

	@Autowired
	KafkaListenerEndpointRegistry listeners;

	@Test
	void shouldCountTheStockChangesAShopHasNotConsumedYet() {
		// given both shops consumed a first change
		this.propagator.send(change("LAG-1", 10, 1));
		awaitStock(10, 10);
		await().atMost(Duration.ofSeconds(30)).until(() -> lags().equals(Map.of("la", 0L, "lb", 0L)));

		// when lb is paused and four more changes arrive
		admin("POST", "/admin/sites/lb/pause");
		await().atMost(Duration.ofSeconds(30))
			.until(() -> this.listeners.getListenerContainer("propagator-lb").isContainerPaused());
		for (int version = 2; version <= 5; version++) {
			this.propagator.send(change("LAG-1", 10 + version, version));
		}
		this.propagator.kafka().flush();

		// then they are lb's lag, and la has none
		awaitStock(15, 10);
		await().atMost(Duration.ofSeconds(30)).until(() -> lags().equals(Map.of("la", 0L, "lb", 4L)));
		JsonNode lb = admin("GET", "/admin/lag").path("shops").get(1);
		assertThat(lb.path("group").asString()).isEqualTo("propagator-lb");
		assertThat(lb.path("topic").asString()).isEqualTo(this.propagator.stockChanged());

		// and once resumed, none
		admin("POST", "/admin/sites/lb/resume");
		awaitStock(15, 15);
		await().atMost(Duration.ofSeconds(30)).until(() -> lags().equals(Map.of("la", 0L, "lb", 0L)));
	}

	private Map<String, Long> lags() {
		Map<String, Long> lags = new TreeMap<>();
		admin("GET", "/admin/lag").path("shops")
			.forEach((shop) -> lags.put(shop.path("shop").asString(), shop.path("lag").asLong()));
		return lags;
	}

	private JsonNode admin(String method, String path) {
		return json(this.propagator.admin(method, path));
	}

	private void awaitStock(int la, int lb) {
		await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> {
			assertThat(shops.get("la").stockOf("LAG-1")).isEqualTo(la);
			assertThat(shops.get("lb").stockOf("LAG-1")).isEqualTo(lb);
		});
	}

}
