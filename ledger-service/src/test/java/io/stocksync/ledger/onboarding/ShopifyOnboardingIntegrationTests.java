package io.stocksync.ledger.onboarding;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
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
import io.stocksync.ledger.LedgerIntegrationTest;
import io.stocksync.ledger.LedgerTestSupport;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Onboarding a fake Shopify store (GraphQL Admin API 2026-01) whose orders exist before
 * the ledger starts: the pool is imported from its {@code available} at the primary
 * location and the baseline holds its orders (read in cursor pages through the GraphQL
 * {@code orders} query), with the same line tallies ingest computes from the store's
 * webhooks; later changes of those orders move the pool by exactly what they change. Real
 * Kafka, real PostgreSQL; the snapshots delivered later are what ingest publishes for the
 * store's orders (its REST order shape, Shopify's line rule).
 */
@LedgerIntegrationTest(token = "shopify-onboarding-token", ownGroups = true)
class ShopifyOnboardingIntegrationTests {

	private static final Duration WAIT = Duration.ofSeconds(90);

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
		registry.add("stocksync.sites-file", ShopifyOnboardingIntegrationTests::sitesFile);
	}

	@AfterAll
	static void stop() {
		store.close();
	}

	@Autowired
	LedgerTestSupport ledger;

	@Test
	void shouldImportAShopifyStoreAndHoldItsOrdersInTheBaselineSoThatOnlyLaterChangesMoveThePool() throws Exception {
		// given: one order reached the ledger by webhook before onboarding
		deliver(open);
		this.ledger.awaitIdle(WAIT);

		// when: the pool is imported from the store
		HttpResponse<String> started = this.ledger.admin().post("/admin/stock/import?fromShop=b2c");
		assertThat(started.statusCode()).as(started.body()).isEqualTo(202);
		JsonNode status = this.ledger.admin().awaitJob("/admin/orders/baseline", WAIT);

		// then: the pool is the store's available; every existing order is in the
		// baseline, read in several pages
		assertThat(status.path("state").asString()).as(status.toString()).isEqualTo("completed");
		assertThat(store.available("SH-MUG")).isEqualTo(20 - 3 - 1 - 4);
		assertThat(store.available("SH-CAP")).isEqualTo(9);
		assertThat(store.available("SH-HAT")).isEqualTo(5);
		this.ledger.awaitIdle(WAIT);
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
		this.ledger.awaitIdle(WAIT);
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
		this.ledger.awaitOnHand("SH-MUG", 12 + 2);
		this.ledger.awaitOnHand("SH-CAP", 10);
		assertPoolEqualsStore();

		// when: an order placed after the baseline arrives twice
		long after = store.checkout(Map.of("SH-HAT", 2));
		deliver(after);
		deliver(after);
		// then: it takes its units once
		this.ledger.awaitOnHand("SH-HAT", 3);
		this.ledger.awaitIdle(WAIT);
		assertPoolEqualsStore();
	}

	@Test
	void shouldRecordTheBaselineOfAShopifyStoreWithoutMovingThePool() throws Exception {
		this.ledger.admin().awaitJob("/admin/orders/baseline", WAIT);
		this.ledger.awaitIdle(WAIT);
		Map<String, Long> before = this.ledger.pool();

		HttpResponse<String> started = this.ledger.admin().post("/admin/orders/baseline?shop=b2c");

		assertThat(started.statusCode()).as(started.body()).isEqualTo(202);
		JsonNode status = this.ledger.admin().awaitJob("/admin/orders/baseline", WAIT);
		assertThat(status.path("state").asString()).as(status.toString()).isEqualTo("completed");
		assertThat(status.path("kind").asString()).isEqualTo("baseline");
		assertThat(status.path("shops").get(0).path("ordersRecorded").asInt()).isGreaterThanOrEqualTo(existing.size());
		this.ledger.awaitIdle(WAIT);
		assertThat(this.ledger.pool()).isEqualTo(before);
	}

	private void assertPoolEqualsStore() throws Exception {
		for (String sku : List.of("SH-MUG", "SH-CAP", "SH-HAT")) {
			assertThat(this.ledger.admin().onHand(sku)).as(sku).isEqualTo(store.available(sku).longValue());
		}
	}

	/*
	 * The snapshot ingest publishes for the store's order as it is now: the REST order
	 * (as in the orders/* webhooks), each line's tally by Shopify's rule.
	 */
	private void deliver(long orderId) throws Exception {
		HttpResponse<String> response = LedgerTestSupport
			.send(HttpRequest.newBuilder(URI.create(store.baseUrl() + "/admin/api/2026-01/orders/" + orderId + ".json"))
				.header("X-Shopify-Access-Token", store.accessToken())
				.build());
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
		this.ledger.kafka().send(this.ledger.orders(), snapshot.key(), snapshot).get();
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
