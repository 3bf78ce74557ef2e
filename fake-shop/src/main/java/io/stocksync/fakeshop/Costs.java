package io.stocksync.fakeshop;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.atomic.LongAdder;

import tools.jackson.databind.JsonNode;

/**
 * Artificial latency per single write request and per batch item, like a real WooCommerce
 * (default zero), and the time spent in it.
 */
final class Costs {

	private volatile Duration perSingleWrite = Duration.ZERO;

	private volatile Duration perBatchItem = Duration.ZERO;

	private final LongAdder busyNanos = new LongAdder();

	void set(Duration perSingleWrite, Duration perBatchItem) {
		this.perSingleWrite = perSingleWrite;
		this.perBatchItem = perBatchItem;
	}

	Duration busyTime() {
		return Duration.ofNanos(this.busyNanos.sum());
	}

	void apply(RouteKind kind, JsonNode params) {
		Duration cost = Duration.ZERO;
		if (kind == RouteKind.CREATE || kind == RouteKind.EDIT || kind == RouteKind.DELETE) {
			cost = this.perSingleWrite;
		}
		else if (kind == RouteKind.BATCH) {
			int items = 0;
			for (String operation : List.of("create", "update", "delete")) {
				items += params.path(operation).isArray() ? params.path(operation).size() : 0;
			}
			cost = this.perBatchItem.multipliedBy(items);
		}
		if (!cost.isZero() && !cost.isNegative()) {
			this.busyNanos.add(cost.toNanos());
			try {
				// Real WooCommerce spends this time in PHP and MySQL; the caller should
				// feel it.
				Thread.sleep(cost.toMillis());
			}
			catch (InterruptedException ex) {
				Thread.currentThread().interrupt();
			}
		}
	}

}
