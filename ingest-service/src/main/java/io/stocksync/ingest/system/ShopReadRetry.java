package io.stocksync.ingest.system;

import java.time.Duration;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Predicate;
import java.util.function.Supplier;

import io.github.resilience4j.core.IntervalFunction;
import io.github.resilience4j.retry.Retry;
import io.github.resilience4j.retry.RetryConfig;
import io.micrometer.core.instrument.Counter;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * How ingest's follow-up steps read a shop (the WooCommerce refund lookup, the Shopify
 * order lookup): up to {@code attempts} tries with a doubling backoff while the failure
 * may go away (a Resilience4j {@link Retry}), each retry counted and logged at DEBUG.
 * Runs on the caller's thread, which waits between the tries.
 */
public final class ShopReadRetry {

	private static final Logger logger = LoggerFactory.getLogger(ShopReadRetry.class);

	private final RetryConfig config;

	private final Counter retried;

	/**
	 * @param attempts tries in all (1: no retry)
	 * @param backoff wait before the second try (1 ms at the least); doubles for each one
	 * after it
	 * @param retryable whether a failure may go away (a timeout, a 5xx, a 429)
	 * @param retried counts each retry
	 */
	public ShopReadRetry(int attempts, Duration backoff, Predicate<Throwable> retryable, Counter retried) {
		this.config = RetryConfig.custom()
			.maxAttempts(Math.max(1, attempts))
			// Resilience4j takes 1 ms at the least
			.intervalFunction(
					IntervalFunction.ofExponentialBackoff(Duration.ofMillis(Math.max(1, backoff.toMillis())), 2))
			.retryOnException(retryable)
			.build();
		this.retried = retried;
	}

	/**
	 * Reads, trying again while the failure may go away.
	 * @param what names the read in the log, e.g. {@code "Refunds of order 7 on shop=s1"}
	 * @param read one attempt
	 * @return what the read returned
	 * @throws Failed with the last failure and the number of tries, once they are used
	 * up, the failure is not retryable, or the wait was interrupted (the thread's
	 * interrupt flag is then set again)
	 */
	public <T> T read(String what, Supplier<T> read) {
		Retry retry = Retry.of(what, this.config);
		retry.getEventPublisher().onRetry((event) -> {
			this.retried.increment();
			logger.debug("{} not read yet, trying again in {} ms: {}", what, event.getWaitInterval().toMillis(),
					(event.getLastThrowable() != null) ? event.getLastThrowable().getMessage() : "-");
		});
		AtomicInteger attempts = new AtomicInteger();
		try {
			return retry.executeSupplier(() -> {
				attempts.incrementAndGet();
				return read.get();
			});
		}
		catch (RuntimeException ex) {
			throw new Failed(ex, attempts.get(), Thread.currentThread().isInterrupted());
		}
	}

	/** The read did not succeed; the cause is its last failure. */
	public static final class Failed extends RuntimeException {

		private final int attempts;

		private final boolean interrupted;

		Failed(RuntimeException last, int attempts, boolean interrupted) {
			super(last.getMessage(), last);
			this.attempts = attempts;
			this.interrupted = interrupted;
		}

		/** How many tries were made. */
		public int attempts() {
			return this.attempts;
		}

		/** Whether the thread was interrupted while it waited for the next try. */
		public boolean interrupted() {
			return this.interrupted;
		}

	}

}
