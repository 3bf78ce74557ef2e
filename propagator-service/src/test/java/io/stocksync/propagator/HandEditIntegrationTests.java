package io.stocksync.propagator;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.UUID;

import io.stocksync.common.event.AdjustmentType;
import io.stocksync.common.event.ProductStockReported;
import io.stocksync.fakeshop.FakeShop;
import io.stocksync.fakeshop.FakeShopOptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.context.annotation.Import;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

import static io.stocksync.propagator.PropagatorTestSupport.change;
import static io.stocksync.propagator.PropagatorTestSupport.sitesFile;
import static io.stocksync.propagator.PropagatorTestSupport.writeRequests;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Hand edits seen from the shops' own stock reports (what ingest publishes for
 * {@code product.updated}): restored on a shop in {@code restore} mode, adopted into the
 * pool (an adjustment request on the log) in {@code adopt} mode, and never triggered by
 * our own writes or by the shop's own order reductions.
 */
@PropagatorIntegrationTest(token = "hand-edit-token")
@Import(Adjustments.Listener.class)
class HandEditIntegrationTests {

	@RegisterExtension
	static final FakeShops shops = new FakeShops();

	static {
		// restore: R; adopt: A; loop safety (adopt, the stricter mode): L
		for (String id : List.of("r", "a", "l")) {
			FakeShop shop = FakeShop.start(FakeShopOptions.defaults(id));
			shops.put(id, shop);
		}
		shop("r").addSimpleProduct("HAND-R", 100);
		shop("a").addSimpleProduct("HAND-A", 100);
		shop("l").addSimpleProduct("HAND-L", 100);
	}

	@DynamicPropertySource
	static void properties(DynamicPropertyRegistry registry) {
		registry.add("stocksync.sites-file",
				() -> sitesFile(shops.values(), (shop) -> shop.id().equals("r") ? "" : "    hand-edits: adopt\n"));
	}

	@Autowired
	PropagatorTestSupport propagator;

	@Autowired
	Adjustments adjustments;

	@Test
	void shouldRestoreAHandEditAndRecordItWithoutTouchingThePool() {
		FakeShop shop = shop("r");
		writeAndAwait(shop, "HAND-R", 40, 1);
		long started = System.nanoTime();

		shop.setStock("HAND-R", 55); // the merchant, in wp-admin
		report(shop, "HAND-R", 55);

		await().atMost(Duration.ofSeconds(20))
			.pollInterval(Duration.ofMillis(20))
			.untilAsserted(() -> assertThat(shop.stockOf("HAND-R")).isEqualTo(40));
		System.out.printf("[hand-edit] restored in %d ms%n", (System.nanoTime() - started) / 1_000_000);
		assertThat(handEdits("r")).containsExactly("HAND-R found=55 last=40 expected=40 restore");
		assertThat(this.adjustments.received).noneMatch((a) -> a.sku().equals("HAND-R"));
	}

	@Test
	void shouldAdoptAHandEditIntoThePoolAsADelta() {
		FakeShop shop = shop("a");
		writeAndAwait(shop, "HAND-A", 40, 1);

		shop.setStock("HAND-A", 45);
		report(shop, "HAND-A", 45);

		await().atMost(Duration.ofSeconds(20))
			.untilAsserted(() -> assertThat(this.adjustments.received).filteredOn((a) -> a.sku().equals("HAND-A"))
				.singleElement()
				.satisfies((a) -> {
					assertThat(a.type()).isEqualTo(AdjustmentType.ADD);
					assertThat(a.quantity()).isEqualTo(5);
					assertThat(a.reason()).isEqualTo("hand edit on a");
				}));
		assertThat(handEdits("a")).containsExactly("HAND-A found=45 last=40 expected=40 adopt");
		assertThat(shop.stockOf("HAND-A")).isEqualTo(45);

		// The ledger applies it; the pool's new quantity is what the shop already shows:
		// nothing is written there.
		long requests = writeRequests(shop);
		this.propagator.send(change("HAND-A", 45, 2));
		await().atMost(Duration.ofSeconds(20))
			.untilAsserted(() -> assertThat(this.propagator.jdbc()
				.sql("select written_version from propagator_shop_sku where shop_id = 'a' and sku = 'HAND-A'")
				.query(Long.class)
				.single()).isEqualTo(2));
		assertThat(writeRequests(shop)).isEqualTo(requests);
	}

	@Test
	void shouldTakeNeitherOurOwnWritesNorTheShopsOrderReductionsForHandEdits() {
		FakeShop shop = shop("l");
		writeAndAwait(shop, "HAND-L", 40, 1);
		long requests = writeRequests(shop);

		report(shop, "HAND-L", 40); // the product.updated that answers our own write
		shop.setStock("HAND-L", 38); // an order on this shop took 2 ...
		report(shop, "HAND-L", 38);
		await().atMost(Duration.ofSeconds(20))
			.until(() -> this.propagator.jdbc()
				.sql("select quantity from propagator_shop_report where shop_id = 'l' and sku = 'HAND-L'")
				.query(Long.class)
				.optional()
				.orElse(0L) == 38);
		this.propagator.send(change("HAND-L", 38, 2)); // ... and the pool followed

		await().atMost(Duration.ofSeconds(20))
			.untilAsserted(() -> assertThat(this.propagator.jdbc()
				.sql("select written_version from propagator_shop_sku where shop_id = 'l' and sku = 'HAND-L'")
				.query(Long.class)
				.single()).isEqualTo(2));
		// well past the settle time of both reports
		await().pollDelay(Duration.ofSeconds(5)).atMost(Duration.ofSeconds(10)).until(() -> true);
		assertThat(handEdits("l")).isEmpty();
		assertThat(this.adjustments.received).noneMatch((a) -> a.sku().equals("HAND-L"));
		assertThat(shop.stockOf("HAND-L")).isEqualTo(38);
		assertThat(writeRequests(shop)).as("the shop showed 38 already").isEqualTo(requests);
	}

	private void writeAndAwait(FakeShop shop, String sku, int quantity, long version) {
		this.propagator.send(change(sku, quantity, version));
		await().atMost(Duration.ofSeconds(60)).untilAsserted(() -> assertThat(shop.stockOf(sku)).isEqualTo(quantity));
		// and confirmed: a shop report from now on comes after our write (the shop shows
		// the quantity a moment before the writer records it)
		await().atMost(Duration.ofSeconds(20))
			.untilAsserted(() -> assertThat(this.propagator.jdbc()
				.sql("select written_version from propagator_shop_sku where shop_id = :shop and sku = :sku")
				.param("shop", shop.id())
				.param("sku", sku)
				.query(Long.class)
				.optional()).contains(version));
	}

	private void report(FakeShop shop, String sku, long quantity) {
		ProductStockReported report = new ProductStockReported(ProductStockReported.SCHEMA_VERSION,
				UUID.randomUUID().toString(), shop.id(), sku, shop.productId(sku), 0, quantity, null, Instant.now());
		this.propagator.kafka().send(this.propagator.productStock(), report.key(), report);
	}

	private List<String> handEdits(String shopId) {
		return this.propagator.jdbc()
			.sql("""
					select sku || ' found=' || found || ' last=' || last_written || ' expected=' || expected || ' ' || action
					  from propagator_hand_edit where shop_id = :shop order by id
					""")
			.param("shop", shopId)
			.query(String.class)
			.list();
	}

	private static FakeShop shop(String id) {
		return shops.get(id);
	}

}
