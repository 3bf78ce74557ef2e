package io.stocksync.propagator.shopify;

import java.time.Duration;
import java.util.function.LongSupplier;

/**
 * Our side of Shopify's leaky bucket: what the last response's
 * {@code extensions.cost.throttleStatus} said, projected forward at the restore rate. A
 * request reserves its cost before it is sent and waits while the projection holds less,
 * so requests never ask for more than the bucket has; a {@code THROTTLED} answer resets
 * the projection from the numbers it carries. Until the first answer the bucket is
 * unknown and requests go out; an answer older than {@link #STALE_AFTER} is forgotten the
 * same way, so a request probes a store whose bucket looked empty (its plan or its other
 * load may have changed since).
 */
final class CostBudget {

	static final Duration STALE_AFTER = Duration.ofSeconds(10);

	private final LongSupplier nanoTime;

	private double maximum = -1;

	private double available;

	private double restoreRate;

	private long projectedNanos;

	private long answeredNanos;

	CostBudget(LongSupplier nanoTime) {
		this.nanoTime = nanoTime;
	}

	/**
	 * How long to wait before a request of this cost fits; reserves it when it fits now.
	 */
	synchronized Duration reserve(double cost) {
		long now = this.nanoTime.getAsLong();
		if (this.maximum < 0 || now - this.answeredNanos > STALE_AFTER.toNanos()) {
			return Duration.ZERO;
		}
		this.available = Math.min(this.maximum, this.available + (now - this.projectedNanos) / 1e9 * this.restoreRate);
		this.projectedNanos = now;
		double needed = Math.min(cost, this.maximum);
		if (this.available >= needed) {
			this.available -= needed;
			return Duration.ZERO;
		}
		double seconds = (needed - this.available) / Math.max(0.001, this.restoreRate);
		return Duration.ofMillis((long) Math.min(Math.ceil(seconds * 1000) + 1, Duration.ofDays(1).toMillis()));
	}

	/** The bucket as an answer described it (after the request's cost was taken). */
	synchronized void update(double maximum, double currentlyAvailable, double restoreRate) {
		this.maximum = maximum;
		this.available = currentlyAvailable;
		this.restoreRate = restoreRate;
		this.projectedNanos = this.nanoTime.getAsLong();
		this.answeredNanos = this.projectedNanos;
	}

	/** The bucket size, or -1 while unknown. */
	synchronized double maximum() {
		return this.maximum;
	}

}
