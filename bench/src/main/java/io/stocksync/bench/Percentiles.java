package io.stocksync.bench;

import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Nearest-rank percentiles (p50, p95, p99, p99.9, max) of a set of durations, in
 * milliseconds.
 */
record Percentiles(long count, double p50, double p95, double p99, double max, double p999) {

	static Percentiles ofNanos(long[] nanos) {
		if (nanos.length == 0) {
			return new Percentiles(0, Double.NaN, Double.NaN, Double.NaN, Double.NaN, Double.NaN);
		}
		long[] sorted = nanos.clone();
		Arrays.sort(sorted);
		return new Percentiles(sorted.length, rank(sorted, 0.50), rank(sorted, 0.95), rank(sorted, 0.99),
				sorted[sorted.length - 1] / 1e6, rank(sorted, 0.999));
	}

	private static double rank(long[] sorted, double quantile) {
		int index = (int) Math.ceil(quantile * sorted.length) - 1;
		return sorted[Math.max(0, Math.min(sorted.length - 1, index))] / 1e6;
	}

	Map<String, Object> asMap() {
		Map<String, Object> map = new LinkedHashMap<>();
		map.put("count", this.count);
		map.put("p50Ms", round(this.p50));
		map.put("p95Ms", round(this.p95));
		map.put("p99Ms", round(this.p99));
		map.put("p999Ms", round(this.p999));
		map.put("maxMs", round(this.max));
		return map;
	}

	static Object round(double value) {
		return Double.isNaN(value) ? null : Math.round(value * 10) / 10.0;
	}

	@Override
	public String toString() {
		return String.format("p50 %.1f ms, p95 %.1f ms, p99 %.1f ms, max %.1f ms (n=%d)", this.p50, this.p95, this.p99,
				this.max, this.count);
	}

}
