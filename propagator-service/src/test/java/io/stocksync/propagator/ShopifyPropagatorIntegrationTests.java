package io.stocksync.propagator;

import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import java.util.Map;

import io.micrometer.core.instrument.MeterRegistry;
import io.stocksync.common.event.AdjustmentType;
import io.stocksync.fakeshop.FakeShop;
import io.stocksync.fakeshop.FakeShopOptions;
import io.stocksync.fakeshop.shopify.FakeShopify;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.context.annotation.Import;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

import static io.stocksync.propagator.PropagatorTestSupport.change;
import static io.stocksync.propagator.PropagatorTestSupport.json;
import static io.stocksync.propagator.PropagatorTestSupport.shortRetries;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The propagator writing one pool to two fake WooCommerce shops and fake Shopify stores
 * (GraphQL Admin API 2026-01) on a real Kafka broker and a real PostgreSQL. Store
 * {@code s1} has a small rate-limit bucket (100 points, 50 per second) so that the client
 * must wait for it; {@code s2} is down; {@code s3} throttles everything until released;
 * {@code big} holds more SKUs than one mutation may carry.
 */
@PropagatorIntegrationTest
@Import(Adjustments.Listener.class)
class ShopifyPropagatorIntegrationTests {

	private static final FakeShop w1 = FakeShop.start(FakeShopOptions.defaults("w1"));

	private static final FakeShop w2 = FakeShop.start(FakeShopOptions.defaults("w2"));

	private static final FakeShopify s1 = FakeShopify.builder().rateLimit(100, 50).start();

	private static final FakeShopify s2 = FakeShopify.builder().start();

	private static final FakeShopify s3 = FakeShopify.builder().start();

	private static final FakeShopify big = FakeShopify.builder().start();

	/* hand-edits: adopt */
	private static final FakeShopify sa = FakeShopify.builder().start();

	private static final FakeShopify rs = FakeShopify.builder().start();

	static {
		for (FakeShop woo : List.of(w1, w2)) {
			woo.addSimpleProduct("MIX-1", 50);
			woo.addSimpleProduct("ISO-S", 50);
		}
		for (FakeShopify store : List.of(s1, s2, s3)) {
			store.addVariant("MIX-1", 50);
			store.addVariant("ISO-S", 50);
		}
		s1.addVariant("HAND-1", 50);
		s1.addVariant("BUNDLE-1", 0, true);
		s1.addUnstockedVariant("UNSTOCKED-1");
		for (int i = 0; i < 40; i++) {
			s1.addVariant(String.format("PAGE-%02d", i), 5);
		}
		for (int i = 0; i < 260; i++) {
			big.addVariant(String.format("BIG-%03d", i), 1);
		}
		sa.addVariant("ADOPT-S", 50);
		rs.addVariant("DRIFT-S1", 5);
		rs.addVariant("DRIFT-S2", 5);
		rs.addVariant("DRIFT-KIT", 0, true);
		s2.down(true);
		s3.rateLimit(1000, 0, 0); // an empty bucket that does not refill: every request
									// is throttled
		s3.throttledStatus(429);
	}

	@DynamicPropertySource
	static void properties(DynamicPropertyRegistry registry) {
		registry.add("stocksync.push.hand-edit-settle", () -> "500ms");
		registry.add("stocksync.sites-file", ShopifyPropagatorIntegrationTests::sitesFile);
		registry.add("stocksync.push.coalesce-window", () -> "100ms");
		shortRetries(registry, 4);
		registry.add("stocksync.reconcile.enabled", () -> "false");
		registry.add("stocksync.reconcile.settle", () -> "500ms");
	}

	@AfterAll
	static void stop() {
		List.of(w1, w2).forEach(FakeShop::close);
		List.of(s1, s2, s3, big, rs, sa).forEach(FakeShopify::close);
	}

	@Autowired
	PropagatorTestSupport propagator;

	@Autowired
	MeterRegistry meters;

	@Autowired
	Adjustments adjustments;

	@Test
	void shouldSetAvailableOnShopifyWithKeyAndReferenceWhileWooShopsGetTheSameTruth() {
		this.propagator.send(change("MIX-1", 40, 1));

		await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> {
			assertThat(s1.available("MIX-1")).isEqualTo(40);
			assertThat(w1.stockOf("MIX-1")).isEqualTo(40);
			assertThat(w2.stockOf("MIX-1")).isEqualTo(40);
		});
		FakeShopify.SetCall call = s1.setQuantitiesCalls()
			.stream()
			.filter((c) -> c.referenceDocumentUri() != null && c.referenceDocumentUri().contains("MIX-1"))
			.findFirst()
			.orElseThrow();
		assertThat(call.referenceDocumentUri()).isEqualTo("stock-sync://s1/sku/MIX-1?version=1");
		assertThat(call.idempotencyKey()).isNotBlank();
		assertThat(call.userErrors()).isEmpty();
	}

	@Test
	void shouldRestoreThePoolOverAChangeMadeOnTheStoreWhenTheCompareIsStale() {
		this.propagator.send(change("HAND-1", 30, 1));
		await().atMost(Duration.ofSeconds(30)).until(() -> Integer.valueOf(30).equals(s1.available("HAND-1")));

		s1.setAvailableInAdmin("HAND-1", 7); // a hand edit: what we last wrote (30) is
												// stale now
		this.propagator.send(change("HAND-1", 28, 2));

		await().atMost(Duration.ofSeconds(30)).until(() -> Integer.valueOf(28).equals(s1.available("HAND-1")));
		assertThat(s1.setQuantitiesCalls())
			.anySatisfy((call) -> assertThat(call.userErrors()).containsExactly("CHANGE_FROM_QUANTITY_STALE"));
	}

	@Test
	void shouldAdoptWhatTheStoreHoldsWhenTheCompareIsStaleOnAnAdoptingStore() {
		this.propagator.send(change("ADOPT-S", 30, 1));
		await().atMost(Duration.ofSeconds(30)).until(() -> Integer.valueOf(30).equals(sa.available("ADOPT-S")));

		sa.setAvailableInAdmin("ADOPT-S", 35); // the merchant adds 5 on the store (no
												// webhook reaches this test)
		this.propagator.send(change("ADOPT-S", 28, 2)); // an order elsewhere meanwhile:
														// the compare
		// (30) is stale

		await().atMost(Duration.ofSeconds(30))
			.untilAsserted(() -> assertThat(this.adjustments.received).singleElement().satisfies((adjustment) -> {
				assertThat(adjustment.sku()).isEqualTo("ADOPT-S");
				assertThat(adjustment.type()).isEqualTo(AdjustmentType.ADD);
				assertThat(adjustment.quantity()).isEqualTo(5);
				assertThat(adjustment.reason()).isEqualTo("hand edit on sa");
			}));
		assertThat(sa.available("ADOPT-S")).as("the merchant's number is kept, not overwritten").isEqualTo(35);
		assertThat(sa.setQuantitiesCalls())
			.anySatisfy((call) -> assertThat(call.userErrors()).containsExactly("CHANGE_FROM_QUANTITY_STALE"));

		// the ledger adopts the delta: the pool's 28 + 5 reaches the store, compared with
		// the 35 it holds
		this.propagator.send(change("ADOPT-S", 33, 3));
		await().atMost(Duration.ofSeconds(30)).until(() -> Integer.valueOf(33).equals(sa.available("ADOPT-S")));
		assertThat(sa.setQuantitiesCalls().get(sa.setQuantitiesCalls().size() - 1).userErrors()).isEmpty();
		assertThat(this.adjustments.received).hasSize(1);
	}

	@Test
	void shouldTestTheConnectionAndRefreshTheMappingOfAShopifyStore() {
		JsonNode connection = json(this.propagator.admin("POST", "/admin/sites/rs/test-connection"));
		assertThat(connection.path("ok").asBoolean()).as(connection.toString()).isTrue();
		assertThat(connection.path("platform").asString()).isEqualTo("shopify");
		assertThat(connection.path("primaryLocationId").asLong()).isEqualTo(rs.primaryLocationId());
		assertThat(connection.toString()).doesNotContain(rs.accessToken());
		HttpResponse<String> down;
		big.down(true);
		try {
			down = this.propagator.admin("POST", "/admin/sites/big/test-connection");
		}
		finally {
			big.down(false);
		}
		assertThat(down.statusCode()).as(down.body()).isEqualTo(502);
		assertThat(io.stocksync.common.json.JsonMappers.standard().readTree(down.body()).path("ok").asBoolean())
			.isFalse();

		JsonNode refreshed = json(this.propagator.admin("POST", "/admin/refresh-mappings/rs"));
		assertThat(refreshed.path("error").isMissingNode()).as(refreshed.toString()).isTrue();
		assertThat(refreshed.path("skus").asInt()).isEqualTo(2);
		assertThat(refreshed.path("notStockManaged").toString()).contains("DRIFT-KIT");

		JsonNode mapping = json(this.propagator.admin("GET", "/admin/mappings?shop=rs"));
		assertThat(mapping.toString()).contains("DRIFT-S1").contains("DRIFT-S2");
	}

	@Test
	void shouldSkipABundleParentAndSendAnUnstockedItemToTheDltWithShopifysReason() {
		this.propagator.send(change("BUNDLE-1", 12, 1));
		this.propagator.send(change("UNSTOCKED-1", 12, 1));

		await().atMost(Duration.ofSeconds(60)).untilAsserted(() -> {
			JsonNode entries = json(this.propagator.admin("GET", "/admin/dlt?shop=s1"));
			assertThat(entries).anySatisfy((entry) -> {
				assertThat(entry.path("sku").asString()).isEqualTo("UNSTOCKED-1");
				assertThat(entry.path("reason").asString()).contains("ITEM_NOT_STOCKED_AT_LOCATION");
			});
			assertThat(entries).noneSatisfy((entry) -> assertThat(entry.path("sku").asString()).isEqualTo("BUNDLE-1"));
			assertThat(this.meters.counter("stocksync.propagator.writes", "shop", "s1", "outcome", "skipped_bundle")
				.count()).isGreaterThanOrEqualTo(1);
		});
		assertThat(s1.available("BUNDLE-1")).isZero();
	}

	@Test
	void shouldWaitForTheBucketInsteadOfBeingThrottled() {
		for (int i = 0; i < 40; i++) {
			this.propagator.send(change(String.format("PAGE-%02d", i), 100 + i, 1));
		}

		await().atMost(Duration.ofSeconds(60)).untilAsserted(() -> {
			for (int i = 0; i < 40; i++) {
				assertThat(s1.available(String.format("PAGE-%02d", i))).isEqualTo(100 + i);
			}
		});
		assertThat(s1.throttledResponses()).isZero();
		assertThat(s1.graphqlRequests()).isGreaterThan(4); // the catalogue came in
															// several pages of a small
															// bucket
	}

	@Test
	void shouldSplitMoreThan250QuantitiesIntoSeveralMutations() {
		for (int i = 0; i < 260; i++) {
			this.propagator.send(change(String.format("BIG-%03d", i), 7, 1));
		}

		await().atMost(Duration.ofSeconds(60)).untilAsserted(() -> {
			for (int i = 0; i < 260; i++) {
				assertThat(big.available(String.format("BIG-%03d", i))).isEqualTo(7);
			}
		});
		assertThat(big.setQuantitiesCalls())
			.allSatisfy((call) -> assertThat(call.quantities()).isLessThanOrEqualTo(250))
			.allSatisfy((call) -> assertThat(call.userErrors()).isEmpty());
		assertThat(big.setQuantitiesCalls().stream().mapToInt(FakeShopify.SetCall::quantities).sum())
			.isGreaterThanOrEqualTo(260);
	}

	@Test
	void shouldKeepWooShopsOnTimeWhileOneStoreIsDownAndAnotherThrottlesAndConvergeAfter() {
		this.propagator.send(change("ISO-S", 33, 1));

		await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> {
			assertThat(w1.stockOf("ISO-S")).isEqualTo(33);
			assertThat(w2.stockOf("ISO-S")).isEqualTo(33);
		});
		assertThat(s2.available("ISO-S")).isEqualTo(50);
		assertThat(s3.available("ISO-S")).isEqualTo(50);
		await().atMost(Duration.ofSeconds(60)).untilAsserted(() -> {
			assertThat(s3.throttledResponses()).isPositive();
			for (String store : List.of("s2", "s3")) {
				assertThat(json(this.propagator.admin("GET", "/admin/dlt?shop=" + store)))
					.anySatisfy((entry) -> assertThat(entry.path("sku").asString()).isEqualTo("ISO-S"));
			}
		});

		s2.down(false);
		s3.rateLimit(1000, 100, 1000);
		await().atMost(Duration.ofSeconds(90)).untilAsserted(() -> {
			json(this.propagator.admin("POST", "/admin/dlt/replay?shop=s2"));
			json(this.propagator.admin("POST", "/admin/dlt/replay?shop=s3"));
			assertThat(s2.available("ISO-S")).isEqualTo(33);
			assertThat(s3.available("ISO-S")).isEqualTo(33);
		});
	}

	@Test
	void shouldFindAndCorrectAHandEditOnTheStoreInTheDriftCheck() {
		this.propagator.send(change("DRIFT-S1", 20, 1));
		this.propagator.send(change("DRIFT-S2", 21, 1));
		await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> {
			assertThat(rs.available("DRIFT-S1")).isEqualTo(20);
			assertThat(rs.available("DRIFT-S2")).isEqualTo(21);
		});

		rs.setAvailableInAdmin("DRIFT-S2", 3);

		java.util.concurrent.atomic.AtomicReference<JsonNode> last = new java.util.concurrent.atomic.AtomicReference<>();
		await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(500)).untilAsserted(() -> {
			last.set(json(this.propagator.admin("POST", "/admin/reconcile?shop=rs")));
			assertThat(last.get().path("skipped")).as(last.get().toString()).isEmpty();
		});
		JsonNode report = last.get();
		assertThat(report.path("status").asString()).as(report.toString()).isEqualTo("ok");
		assertThat(report.path("checked").asInt()).isEqualTo(2); // the bundle parent is
																	// not settable
		assertThat(report.path("inSync").asInt()).isEqualTo(1);
		assertThat(report.path("drift").asInt()).isEqualTo(1);
		assertThat(report.path("corrected").asInt()).isEqualTo(1);
		JsonNode drift = report.path("drifts").get(0);
		assertThat(drift.path("sku").asString()).isEqualTo("DRIFT-S2");
		assertThat(drift.path("expected").asLong()).isEqualTo(21);
		assertThat(drift.path("found").asLong()).isEqualTo(3);
		assertThat(rs.available("DRIFT-S2")).isEqualTo(21);
	}

	private static String sitesFile() {
		StringBuilder sites = new StringBuilder("sites:\n");
		for (FakeShop woo : List.of(w1, w2)) {
			sites.append("  - id: ")
				.append(woo.id())
				.append('\n')
				.append("    base-url: ")
				.append(woo.baseUrl())
				.append('\n')
				.append("    consumer-key: ")
				.append(woo.consumerKey())
				.append('\n')
				.append("    consumer-secret: ")
				.append(woo.consumerSecret())
				.append('\n')
				.append("    webhook-secret: ")
				.append(woo.webhookSecret())
				.append('\n');
		}
		Map<String, FakeShopify> stores = Map.of("s1", s1, "s2", s2, "s3", s3, "big", big, "rs", rs, "sa", sa);
		stores.forEach((id, store) -> sites.append("  - id: ")
			.append(id)
			.append('\n')
			.append("    platform: shopify\n")
			.append("    base-url: ")
			.append(store.baseUrl())
			.append('\n')
			.append("    access-token: ")
			.append(store.accessToken())
			.append('\n')
			.append("    webhook-secret: whsec-")
			.append(id)
			.append('\n')
			.append(id.equals("s1") ? "    location-id: " + store.primaryLocationId() + "\n" : "")
			.append(id.equals("sa") ? "    hand-edits: adopt\n" : ""));
		return PropagatorTestSupport.sitesFile(sites);
	}

}
