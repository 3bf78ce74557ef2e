package io.stocksync.propagator.write;

import java.time.Instant;
import java.util.Map;
import java.util.Optional;

import io.stocksync.common.rules.SkuRule;
import io.stocksync.common.shop.ShopConfig;
import io.stocksync.propagator.write.WriteDecision.Outcome;
import io.stocksync.woo.CatalogueItem;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/** The version guard and the coalescing decision per SKU, on plain inputs. */
class WriteDecisionTests {

	private static final Instant T0 = Instant.parse("2026-11-30T10:00:00Z");

	/* buffer 2, cap 50 */
	private final ShopConfig shop = new ShopConfig("s1", "http://localhost:1", "ck", "cs", "ws", null, 2, 50);

	private final Optional<CatalogueItem> item = Optional.of(new CatalogueItem("A", 11, 0, "simple", true, 7L));

	@Test
	void shouldWriteTheNewestTruthThroughTheShopsBufferAndCap() {
		WriteDecision decision = decide(false, truth(20, 5), new Written(4, 10, T0), null, this.item);

		assertThat(decision).isEqualTo(new WriteDecision(Outcome.WRITE, 18, 5));
		assertThat(decide(false, truth(100, 6), null, null, this.item).quantity()).isEqualTo(50);
	}

	@Test
	void shouldSkipWhatTheGuardAlreadyHoldsUnlessForced() {
		Written written = new Written(5, 18, T0);

		assertThat(decide(false, truth(20, 5), written, null, this.item).outcome()).isEqualTo(Outcome.SKIPPED);
		assertThat(decide(true, truth(20, 5), written, null, this.item).outcome()).isEqualTo(Outcome.WRITE);
		// same version, another quantity (the shop's rules changed): written again
		assertThat(decide(false, truth(30, 5), written, null, this.item).outcome()).isEqualTo(Outcome.WRITE);
	}

	@Test
	void shouldNeverWriteAnOlderVersionThanTheGuardHoldsEvenWhenForced() {
		Written newer = new Written(9, 3, T0);

		assertThat(decide(false, truth(20, 5), newer, null, this.item).outcome()).isEqualTo(Outcome.SKIPPED);
		assertThat(decide(true, truth(20, 5), newer, null, this.item).outcome()).isEqualTo(Outcome.SKIPPED);
	}

	@Test
	void shouldTakeTheShopsOwnReportAfterOurLastWriteAsKnown() {
		Written written = new Written(4, 20, T0);
		ShopReport after = new ShopReport(18, "e1", T0.plusSeconds(1));
		ShopReport before = new ShopReport(18, "e0", T0.minusSeconds(1));

		assertThat(decide(false, truth(20, 5), written, after, this.item))
			.isEqualTo(new WriteDecision(Outcome.KNOWN, 18, 5));
		assertThat(decide(false, truth(20, 5), written, before, this.item).outcome()).isEqualTo(Outcome.WRITE);
		assertThat(decide(true, truth(20, 5), written, after, this.item).outcome()).isEqualTo(Outcome.WRITE);
		// another quantity reported: still written
		assertThat(decide(false, truth(21, 5), written, after, this.item).outcome()).isEqualTo(Outcome.WRITE);
	}

	@Test
	void shouldNotWriteWithoutTruthMappingOrWhenExcluded() {
		assertThat(decide(false, null, null, null, this.item).outcome()).isEqualTo(Outcome.UNKNOWN);
		assertThat(decide(false, truth(20, 5), null, null, Optional.empty()).outcome()).isEqualTo(Outcome.UNMAPPED);
		Truth excluded = new Truth("A", 20, false, 5, Map.of("s1", new SkuRule(null, null, null, null, false)));
		assertThat(decide(true, excluded, null, null, this.item).outcome()).isEqualTo(Outcome.EXCLUDED);
		assertThat(Outcome.EXCLUDED.tag()).isEqualTo("excluded");
	}

	private WriteDecision decide(boolean force, Truth truth, Written written, ShopReport report,
			Optional<CatalogueItem> item) {
		return WriteDecision.decide(this.shop, force, truth, written, report, item);
	}

	private static Truth truth(long available, long version) {
		return new Truth("A", available, false, version, Map.of());
	}

}
