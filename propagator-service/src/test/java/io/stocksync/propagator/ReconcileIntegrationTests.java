package io.stocksync.propagator;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicReference;

import io.micrometer.core.instrument.MeterRegistry;
import io.stocksync.fakeshop.FakeShop;
import io.stocksync.fakeshop.FakeShopOptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import tools.jackson.databind.JsonNode;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

import static io.stocksync.propagator.PropagatorTestSupport.change;
import static io.stocksync.propagator.PropagatorTestSupport.json;
import static io.stocksync.propagator.PropagatorTestSupport.sitesFile;
import static io.stocksync.propagator.PropagatorTestSupport.writeRequests;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The drift check on a real Kafka broker and a real PostgreSQL against fake WooCommerce
 * shops over HTTP: shop X (buffer 2, cap 30) gets a stock edited by hand, shop Y stays in
 * sync, shop Z is paused. The schedule is off (each test runs the check through the admin
 * API) and the settle window is 3 s, so the writes that bring a shop in line with the
 * truth first are left alone for 3 s.
 */
@PropagatorIntegrationTest(token = "reconcile-test-token")
class ReconcileIntegrationTests {

	private static final Duration SETTLE = Duration.ofSeconds(3);

	@RegisterExtension
	static final FakeShops shops = new FakeShops();

	static {
		for (String id : List.of("rx", "ry", "rz", "rf")) {
			shops.put(id, FakeShop.start(FakeShopOptions.defaults(id)));
		}
		shop("rx").addSimpleProduct("DRIFT-1", 50);
		shop("rx").addVariableProduct("DRIFT-T", Map.of("DRIFT-T-S", 50, "DRIFT-T-M", 50));
		shop("rx").addSimpleProduct("NO-TRUTH-1", 5);
		shop("ry").addSimpleProduct("SYNC-1", 50);
		shop("rz").addSimpleProduct("HOLD-1", 50);
		shop("rf").addSimpleProduct("FOLLOW-1", 50);
	}

	@DynamicPropertySource
	static void properties(DynamicPropertyRegistry registry) {
		registry.add("stocksync.sites-file", () -> sitesFile(shops.values(),
				(shop) -> shop.id().equals("rx") ? "    buffer: 2\n    cap: 30\n" : ""));
		registry.add("stocksync.push.coalesce-window", () -> "100ms");
		registry.add("stocksync.push.requests-per-second", () -> "20");
		registry.add("stocksync.reconcile.enabled", () -> "false");
		registry.add("stocksync.reconcile.settle", () -> SETTLE.toMillis() + "ms");
	}

	@Autowired
	PropagatorTestSupport propagator;

	@Autowired
	MeterRegistry meters;

	@Test
	void shouldCorrectAStockEditedByHandAndReportShopSkuExpectedAndFound() {
		FakeShop shop = shop("rx");
		this.propagator.send(change("DRIFT-1", 40, 1));
		this.propagator.send(change("DRIFT-T-S", 20, 1));
		this.propagator.send(change("DRIFT-T-M", 1, 1));
		// min(cap 30, available - buffer 2), never below 0
		await().atMost(Duration.ofSeconds(20))
			.untilAsserted(() -> assertThat(shop.stockBySku()).containsEntry("DRIFT-1", 30)
				.containsEntry("DRIFT-T-S", 18)
				.containsEntry("DRIFT-T-M", 0));

		AtomicReference<JsonNode> last = new AtomicReference<>();
		await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(500)).untilAsserted(() -> {
			last.set(json(this.propagator.admin("POST", "/admin/reconcile?shop=rx")));
			// While our own writes settle the SKUs are skipped, not "corrected" from a
			// stale read.
			assertThat(last.get().path("skipped")).as(last.get().toString()).isEmpty();
		});
		// A run that skipped a SKU being pushed checks the shop once more one settle
		// window later; let that pass.
		await().pollDelay(SETTLE.plusSeconds(1)).atMost(SETTLE.plusSeconds(2)).until(() -> true);

		shop.setStock("DRIFT-T-S", 7); // an admin edits the variation's stock by hand

		JsonNode report = json(this.propagator.admin("POST", "/admin/reconcile?shop=rx"));
		assertThat(report.path("shop").asString()).isEqualTo("rx");
		assertThat(report.path("status").asString()).isEqualTo("ok");
		assertThat(report.path("checked").asInt()).isEqualTo(4); // the variable parent is
																	// not stock-managed
		assertThat(report.path("inSync").asInt()).isEqualTo(2);
		assertThat(report.path("drift").asInt()).isEqualTo(1);
		assertThat(report.path("corrected").asInt()).isEqualTo(1);
		assertThat(report.path("unknown").toString()).isEqualTo("[\"NO-TRUTH-1\"]");
		JsonNode drift = report.path("drifts").get(0);
		assertThat(drift.path("sku").asString()).isEqualTo("DRIFT-T-S");
		assertThat(drift.path("expected").asLong()).isEqualTo(18);
		assertThat(drift.path("found").asLong()).isEqualTo(7);
		assertThat(drift.path("version").asLong()).isEqualTo(1);
		assertThat(drift.path("corrected").asBoolean()).isTrue();
		assertThat(drift.path("variationId").asLong()).isEqualTo(shop.productId("DRIFT-T-S"));

		assertThat(shop.stockOf("DRIFT-T-S")).isEqualTo(18);
		assertThat(shop.stockOf("NO-TRUTH-1")).isEqualTo(5);
		// through the normal write path: logged as our own write (loop safety)
		assertThat(this.propagator.jdbc()
			.sql("select quantity from propagator_write where shop_id = 'rx' and sku = 'DRIFT-T-S'" + " order by id")
			.query(Long.class)
			.list()).containsExactly(18L, 18L);
		JsonNode stored = json(this.propagator.admin("GET", "/admin/reconcile/last?shop=rx"));
		assertThat(stored).hasSize(1);
		assertThat(stored.get(0).path("drifts")).isEqualTo(report.path("drifts"));
		assertThat(this.meters.counter("stocksync.reconcile.drift", "shop", "rx").count()).isGreaterThanOrEqualTo(1);
	}

	@Test
	void shouldReportZeroDriftForAShopInSyncAndWriteNothing() {
		FakeShop shop = shop("ry");
		this.propagator.send(change("SYNC-1", 45, 1));
		await().atMost(Duration.ofSeconds(20)).untilAsserted(() -> assertThat(shop.stockOf("SYNC-1")).isEqualTo(45));
		long writesBefore = writeRequests(shop);

		AtomicReference<JsonNode> last = new AtomicReference<>();
		await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(500)).untilAsserted(() -> {
			last.set(json(this.propagator.admin("POST", "/admin/reconcile?shop=ry")));
			assertThat(last.get().path("skipped")).as(last.get().toString()).isEmpty();
		});

		JsonNode report = last.get();
		assertThat(report.path("status").asString()).isEqualTo("ok");
		assertThat(report.path("checked").asInt()).isEqualTo(1);
		assertThat(report.path("inSync").asInt()).isEqualTo(1);
		assertThat(report.path("drift").asInt()).isZero();
		assertThat(report.path("drifts")).isEmpty();
		assertThat(writeRequests(shop)).isEqualTo(writesBefore);
		assertThat(this.meters.counter("stocksync.reconcile.runs", "shop", "ry", "status", "ok").count())
			.isGreaterThanOrEqualTo(1);
		assertThat(json(this.propagator.admin("GET", "/admin/reconcile/last?shop=ry")).get(0).path("drift").asInt())
			.isZero();
		assertThat(this.propagator.admin("POST", "/admin/reconcile?shop=nope").statusCode()).isEqualTo(404);
	}

	@Test
	void shouldReportButNotWriteAPausedShop() {
		FakeShop shop = shop("rz");
		assertThat(this.propagator.admin("POST", "/admin/sites/rz/pause").statusCode()).isEqualTo(200);
		this.propagator.send(change("HOLD-1", 12, 1)); // the other shops' writers record
														// the truth; rz
		// holds its write
		shop.setStock("HOLD-1", 3);

		AtomicReference<JsonNode> last = new AtomicReference<>();
		await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(500)).untilAsserted(() -> {
			last.set(json(this.propagator.admin("POST", "/admin/reconcile?shop=rz")));
			assertThat(last.get().path("drift").asInt()).as(last.get().toString()).isEqualTo(1);
		});

		JsonNode report = last.get();
		assertThat(report.path("status").asString()).isEqualTo("paused");
		assertThat(report.path("corrected").asInt()).isZero();
		JsonNode drift = report.path("drifts").get(0);
		assertThat(drift.path("sku").asString()).isEqualTo("HOLD-1");
		assertThat(drift.path("expected").asLong()).isEqualTo(12);
		assertThat(drift.path("found").asLong()).isEqualTo(3);
		assertThat(drift.path("corrected").asBoolean()).isFalse();
		assertThat(drift.path("reason").asString()).isEqualTo("shop is paused");
		assertThat(shop.stockOf("HOLD-1")).isEqualTo(3);
		assertThat(writeRequests(shop)).isZero();
		assertThat(this.propagator.jdbc()
			.sql("select status from propagator_reconcile_report where shop_id = 'rz'")
			.query(String.class)
			.single()).isEqualTo("paused");
	}

	@Test
	void shouldCheckASkuSkippedWhileItWasBeingPushedAgainRightAfterTheSettleWindow() {
		FakeShop shop = shop("rf");
		this.propagator.send(change("FOLLOW-1", 40, 1));
		await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> assertThat(shop.stockOf("FOLLOW-1")).isEqualTo(40));
		shop.setCosts(Duration.ofMillis(70), Duration.ofSeconds(2)); // the next write
																		// stays in flight
																		// for 2 s
		this.propagator.send(change("FOLLOW-1", 30, 2));
		await().atMost(Duration.ofSeconds(20))
			.until(() -> json(this.propagator.admin("GET", "/admin/sites")).toString()
				.contains("\"shopId\":\"rf\",\"paused\":false,\"pendingSkus\":0,\"inFlightSkus\":1"));

		JsonNode report = json(this.propagator.admin("POST", "/admin/reconcile?shop=rf"));
		assertThat(report.path("skipped").toString()).contains("FOLLOW-1", "in_flight");
		await().atMost(Duration.ofSeconds(20)).untilAsserted(() -> assertThat(shop.stockOf("FOLLOW-1")).isEqualTo(30));
		shop.setCosts(Duration.ZERO, Duration.ZERO);
		shop.setStock("FOLLOW-1", 12); // by hand, after the push: only a new check can
										// see it

		// Nobody asks again (scheduled checks are off here): the follow-up check corrects
		// it after the settle window.
		await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> assertThat(shop.stockOf("FOLLOW-1")).isEqualTo(30));
		assertThat(json(this.propagator.admin("GET", "/admin/reconcile/last?shop=rf")).toString())
			.contains("\"found\":12");
	}

	private static FakeShop shop(String id) {
		return shops.get(id);
	}

}
