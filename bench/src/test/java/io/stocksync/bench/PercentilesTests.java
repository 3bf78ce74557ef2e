package io.stocksync.bench;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class PercentilesTests {

	@Test
	void shouldUseNearestRankInMilliseconds() {
		long[] nanos = new long[100];
		for (int i = 0; i < 100; i++) {
			nanos[i] = (100 - i) * 1_000_000L; // 100 ms .. 1 ms, unsorted
		}

		Percentiles percentiles = Percentiles.ofNanos(nanos);

		assertThat(percentiles.count()).isEqualTo(100);
		assertThat(percentiles.p50()).isEqualTo(50.0);
		assertThat(percentiles.p95()).isEqualTo(95.0);
		assertThat(percentiles.p99()).isEqualTo(99.0);
		assertThat(percentiles.max()).isEqualTo(100.0);
	}

	@Test
	void shouldReportNothingForNoSamples() {
		Percentiles percentiles = Percentiles.ofNanos(new long[0]);

		assertThat(percentiles.count()).isZero();
		assertThat(percentiles.asMap().get("p99Ms")).isNull();
	}

}
