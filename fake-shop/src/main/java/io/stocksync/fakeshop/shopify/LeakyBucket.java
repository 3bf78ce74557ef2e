package io.stocksync.fakeshop.shopify;

import java.util.function.LongSupplier;

/**
 * The GraphQL Admin API's rate limit as Shopify documents it
 * (https://shopify.dev/docs/api/usage/limits): a bucket of cost points per app and store
 * that refills continuously at {@code restoreRate} points per second up to
 * {@code maximumAvailable}. A query runs only if the bucket holds its requested cost;
 * otherwise it is throttled and nothing is taken. Time comes from {@code nanoTime}
 * ({@link System#nanoTime()} but in tests that move it themselves).
 */
final class LeakyBucket {

	private double maximum;

	private double restoreRate;

	private double available;

	private final LongSupplier nanoTime;

	private long updatedNanos;

	LeakyBucket(double maximum, double restoreRate, LongSupplier nanoTime) {
		this.maximum = maximum;
		this.restoreRate = restoreRate;
		this.available = maximum;
		this.nanoTime = nanoTime;
		this.updatedNanos = nanoTime.getAsLong();
	}

	/** Takes the cost if the bucket holds it. */
	synchronized boolean tryTake(double cost) {
		refill();
		if (cost > this.available) {
			return false;
		}
		this.available -= cost;
		return true;
	}

	synchronized void configure(double maximum, double restoreRate, double available) {
		refill();
		this.maximum = maximum;
		this.restoreRate = restoreRate;
		this.available = Math.min(maximum, available);
	}

	synchronized double maximum() {
		return this.maximum;
	}

	synchronized double restoreRate() {
		return this.restoreRate;
	}

	synchronized double available() {
		refill();
		return this.available;
	}

	private void refill() {
		long now = this.nanoTime.getAsLong();
		this.available = Math.min(this.maximum, this.available + (now - this.updatedNanos) / 1e9 * this.restoreRate);
		this.updatedNanos = now;
	}

}
