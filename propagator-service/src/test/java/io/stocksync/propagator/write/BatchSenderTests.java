package io.stocksync.propagator.write;

import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;

import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.stocksync.common.shop.ShopConfig;
import io.stocksync.fakeshop.FakeShop;
import io.stocksync.fakeshop.FakeShopOptions;
import io.stocksync.propagator.delivery.RejectedDeliveryException;
import io.stocksync.propagator.delivery.RetryableDeliveryException;
import io.stocksync.propagator.politeness.ShopGate;
import io.stocksync.propagator.system.PropagatorProperties;
import io.stocksync.woo.CatalogueItem;
import io.stocksync.woo.WooClient;
import okhttp3.OkHttpClient;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/** The request step against a fake WooCommerce shop over HTTP (no Spring, no Kafka). */
class BatchSenderTests {

	private static final FakeShop shop = FakeShop.start(FakeShopOptions.defaults("sender"));

	private static final long SIMPLE_A = shop.addSimpleProduct("SND-A", 5);

	private static final long SIMPLE_B = shop.addSimpleProduct("SND-B", 5);

	private static final long PARENT = shop.addVariableProduct("SND-T", Map.of("SND-T-S", 5, "SND-T-M", 5));

	private final MeterRegistry meters = new SimpleMeterRegistry();

	private final ShopGate gate = new ShopGate(shop.id(), settings(), Clock.systemUTC());

	private final BatchSender sender = new BatchSender(shop.id(),
			new WooClient(new OkHttpClient(), new ShopConfig(shop.id(), shop.baseUrl(), shop.consumerKey(),
					shop.consumerSecret(), shop.webhookSecret(), null, 0, null), Clock.systemUTC()),
			this.gate, this.meters);

	@AfterAll
	static void stop() {
		shop.close();
	}

	@Test
	void shouldWriteSimpleProductsAndVariationsInTheirBatchRequests() {
		Map<String, Long> variations = shop.variationIds(PARENT);

		BatchSender.Sent products = this.sender
			.send(new Batches.Request(0, List.of(item("SND-A", SIMPLE_A, 0, 3), item("SND-B", SIMPLE_B, 0, 4))));
		BatchSender.Sent sizes = this.sender
			.send(new Batches.Request(PARENT, List.of(item("SND-T-S", PARENT, variations.get("SND-T-S"), 1),
					item("SND-T-M", PARENT, variations.get("SND-T-M"), 2))));

		assertThat(products.written()).extracting(Item::sku).containsExactly("SND-A", "SND-B");
		assertThat(sizes.written()).extracting(Item::sku).containsExactly("SND-T-S", "SND-T-M");
		assertThat(products.failed()).isEmpty();
		assertThat(shop.stockBySku()).containsEntry("SND-A", 3)
			.containsEntry("SND-B", 4)
			.containsEntry("SND-T-S", 1)
			.containsEntry("SND-T-M", 2);
		assertThat(requests("batch", "ok")).isEqualTo(2);
		assertThat(requests("single", "ok")).isZero();
	}

	@Test
	void shouldTryAnItemTheBatchRejectsOnceOnItsOwnAndRejectItIfThatFailsToo() {
		Item ghost = item("SND-GONE", 987_654, 0, 1);

		BatchSender.Sent sent = this.sender.send(new Batches.Request(0, List.of(item("SND-A", SIMPLE_A, 0, 9), ghost)));

		assertThat(sent.written()).extracting(Item::sku).containsExactly("SND-A");
		assertThat(sent.failed()).containsOnlyKeys(ghost);
		assertThat(sent.failed().get(ghost)).isInstanceOf(RejectedDeliveryException.class);
		assertThat(shop.stockOf("SND-A")).isEqualTo(9);
		assertThat(requests("batch", "ok")).isEqualTo(1);
		assertThat(this.meters.find("stocksync.propagator.requests").tag("kind", "single").counter().count())
			.isEqualTo(1);
		assertThat(this.meters.counter("stocksync.propagator.writes", "shop", shop.id(), "outcome", "rejected").count())
			.isEqualTo(1);
		// a rejected item is an answer, not a failure of the shop
		assertThat(this.gate.status().consecutiveFailures()).isZero();
	}

	@Test
	void shouldFailEveryItemAsRetryableWhenTheShopFails() {
		shop.failNextRequests(503, 1);

		BatchSender.Sent sent = this.sender
			.send(new Batches.Request(0, List.of(item("SND-A", SIMPLE_A, 0, 1), item("SND-B", SIMPLE_B, 0, 1))));

		assertThat(sent.written()).isEmpty();
		assertThat(sent.failed()).hasSize(2)
			.allSatisfy((item, failure) -> assertThat(failure).isInstanceOf(RetryableDeliveryException.class));
		assertThat(requests("batch", "503")).isEqualTo(1);
		assertThat(this.meters.counter("stocksync.propagator.writes", "shop", shop.id(), "outcome", "failed").count())
			.isEqualTo(2);
		assertThat(this.gate.status().consecutiveFailures()).isEqualTo(1);
		assertThat(shop.stockOf("SND-A")).isNotEqualTo(1);
	}

	private double requests(String kind, String outcome) {
		return this.meters.counter("stocksync.propagator.requests", "shop", shop.id(), "kind", kind, "outcome", outcome)
			.count();
	}

	private static Item item(String sku, long productId, long variationId, long quantity) {
		return new Item(new Pending(sku), 1, quantity,
				new CatalogueItem(sku, productId, variationId, (variationId != 0) ? "variation" : "simple", true, 0L));
	}

	private static PropagatorProperties.Push settings() {
		return new PropagatorProperties.Push(
				"propagator-", Duration.ZERO, 2, 100, Duration.ofMillis(10), Duration.ofMillis(50),
				new PropagatorProperties.Breaker(5, Duration.ofSeconds(30)), new PropagatorProperties.Retry(6,
						Duration.ofSeconds(2), 2.0, Duration.ofSeconds(60), true, 3, (short) -1),
				Duration.ofDays(7), Duration.ofSeconds(5), 100, Duration.ofSeconds(2));
	}

}
