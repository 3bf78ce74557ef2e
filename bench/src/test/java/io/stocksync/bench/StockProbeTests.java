package io.stocksync.bench;

import java.time.Duration;
import java.util.Map;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class StockProbeTests {

	@Test
	void shouldCompleteWhenEveryWatchedShopGotItsQuantity() {
		StockProbe probe = new StockProbe("A", 3, Map.of(0, 9, 2, 9));

		probe.stockSet(0, "A", 9);
		probe.stockSet(1, "A", 9);
		probe.stockSet(2, "B", 9);
		probe.stockSet(2, "A", 10);
		assertThat(probe.awaitAll(Duration.ofMillis(20))).isEqualTo(-1);

		probe.stockSet(2, "A", 9);
		long done = probe.awaitAll(Duration.ofSeconds(1));
		assertThat(done).isPositive();
		assertThat(probe.first()).isPositive().isLessThanOrEqualTo(done);
	}

	@Test
	void shouldKeepTheFirstTimeAShopReachedIt() {
		StockProbe probe = new StockProbe("A", 1, Map.of(0, 5));

		probe.reached(0, 1_000);
		probe.reached(0, 2_000);

		assertThat(probe.awaitAll(Duration.ofSeconds(1))).isEqualTo(1_000);
	}

}
