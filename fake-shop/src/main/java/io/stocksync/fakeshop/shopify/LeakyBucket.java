package io.stocksync.fakeshop.shopify;

/**
 * The GraphQL Admin API's rate limit as Shopify documents it
 * (https://shopify.dev/docs/api/usage/limits): a bucket of cost points per app and store
 * that refills continuously at {@code restoreRate} points per second up to
 * {@code maximumAvailable}. A query runs only if the bucket holds its requested cost;
 * otherwise it is throttled and nothing is taken.
 */
final class LeakyBucket {

	private double maximum;

	private double restoreRate;

	private double available;

	private long updatedNanos = System.nanoTime();

	LeakyBucket(double maximum, double restoreRate) {
		this.maximum = maximum;
		this.restoreRate = restoreRate;
		this.available = maximum;
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
		long now = System.nanoTime();
		this.available = Math.min(this.maximum, this.available + (now - this.updatedNanos) / 1e9 * this.restoreRate);
		this.updatedNanos = now;
	}

}
