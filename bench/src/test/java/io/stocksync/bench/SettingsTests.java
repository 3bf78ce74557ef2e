package io.stocksync.bench;

import java.util.Map;
import java.util.Set;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

class SettingsTests {

	@Test
	void shouldSizeFullModeAsPublished() {
		Settings full = Settings.of("full");

		assertThat(full.shops()).isEqualTo(6);
		assertThat(full.skus()).isEqualTo(10_000);
		long lines = (long) (full.burstOrders() + full.pacedRate() * full.pacedSeconds()) * full.linesPerOrder();
		assertThat(lines).isEqualTo(100_000);
	}

	@Test
	void shouldApplyOverrides() {
		Settings settings = Settings.of("quick").with(Map.of("shops", "6", "jfr", "ledger,ingest", "e2eRate", "1_000"));

		assertThat(settings.shops()).isEqualTo(6);
		assertThat(settings.e2eRate()).isEqualTo(1000);
		assertThat(settings.jfr()).isEqualTo(Set.of("ingest", "ledger"));
		assertThat(settings.mode()).isEqualTo("quick");
	}

	@Test
	void shouldLeaveShopifyOutUnlessAsked() {
		for (String mode : new String[] { "quick", "full", "ingest", "chaos" }) {
			assertThat(Settings.of(mode).shopifyShops()).as(mode).isZero();
			assertThat(Settings.of(mode).shopifyRestoreRate()).as(mode).isEqualTo(100);
		}
		Settings settings = Settings.of("quick").with(Map.of("shopifyShops", "1", "shopifyRestoreRate", "1000"));

		assertThat(settings.shopifyShops()).isEqualTo(1);
		assertThat(settings.shopifyRestoreRate()).isEqualTo(1000);
		assertThat(settings.asMap()).containsEntry("shopifyShops", "1");
	}

	@Test
	void shouldRunTheWorkBehindKafkaAtRunLocalsPriorityUnlessAsked() {
		for (String mode : new String[] { "quick", "full", "ingest", "chaos" }) {
			assertThat(Settings.of(mode).batchNice()).as(mode).isEqualTo(10);
		}
		Settings settings = Settings.of("quick").with(Map.of("batchNice", "0"));

		assertThat(settings.batchNice()).isZero();
		assertThat(settings.asMap()).containsEntry("batchNice", "0");
	}

	@Test
	void shouldSizeTheBacklogAndIngestLoadAsTheIssuesSay() {
		Settings full = Settings.of("full");
		Settings quick = Settings.of("quick");

		assertThat(full.backlogChanges()).isEqualTo(100_000);
		assertThat(full.backlogSkus()).isEqualTo(10_000);
		assertThat(full.ingestRateList()).containsExactly(1000, 2500, 5000);
		assertThat(quick.allSkus()).isEqualTo(1000);
		assertThat(quick.with(Map.of("backlogChanges", "0")).allSkus()).isEqualTo(200);
	}

	@Test
	void shouldSkipTheIngestRatesWhenEmptyAndRejectNonPositiveOnes() {
		assertThat(Settings.of("quick").with(Map.of("ingestRates", "")).ingestRateList()).isEmpty();
		assertThat(Settings.of("quick").with(Map.of("ingestRates", "500, 1_000")).ingestRateList()).containsExactly(500,
				1000);
		assertThatIllegalArgumentException()
			.isThrownBy(() -> Settings.of("quick").with(Map.of("ingestRates", "0")).ingestRateList())
			.withMessageContaining("--ingestRates");
	}

	@Test
	void shouldWarmUpAndSaturateThroughManyConnectionsUnlessTurnedOff() {
		for (String mode : new String[] { "quick", "full", "ingest" }) {
			assertThat(Settings.of(mode).ingestWarmupSeconds()).as(mode).isEqualTo(30);
			assertThat(Settings.of(mode).ingestSaturationConnections()).as(mode).isEqualTo(256);
			assertThat(Settings.of(mode).connections()).as(mode).isEqualTo(32);
		}
		assertThat(Settings.of("chaos").ingestWarmupSeconds()).isZero();
		Settings off = Settings.of("ingest")
			.with(Map.of("ingestWarmupSeconds", "0", "ingestSaturationConnections", "0"));

		assertThat(off.ingestWarmupSeconds()).isZero();
		assertThat(off.ingestSaturationConnections()).isZero();
		assertThat(off.asMap()).containsEntry("ingestWarmupSeconds", "0").containsEntry("ingestSaturation", "20000");
	}

	@Test
	void shouldRunOnlyTheIngestLoadTestInIngestMode() {
		Settings ingest = Settings.of("ingest");

		assertThat(ingest.ingestRateList()).containsExactly(1000, 2500, 5000);
		assertThat(ingest.burstOrders() + ingest.hotOrders() + ingest.e2eSeconds() + ingest.pacedSeconds()
				+ ingest.calmOrders() + ingest.firstOrder() + ingest.backlogChanges() + ingest.handEdit())
			.isZero();
	}

	@Test
	void shouldRejectUnknownOptionsAndModes() {
		assertThatIllegalArgumentException().isThrownBy(() -> Settings.of("quick").with(Map.of("shop", "6")))
			.withMessageContaining("--shop");
		assertThatIllegalArgumentException().isThrownBy(() -> Settings.of("fast"));
	}

}
