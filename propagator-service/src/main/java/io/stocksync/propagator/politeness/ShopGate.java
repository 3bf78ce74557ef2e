package io.stocksync.propagator.politeness;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.Semaphore;
import java.util.concurrent.ThreadLocalRandom;

import io.stocksync.propagator.system.PropagatorProperties;
import io.stocksync.woo.WooApiException;

/**
 * Politeness towards one shop. A request may start only when all of these allow it:
 * <ul>
 * <li>fewer than {@code maxConcurrency} requests are in flight;</li>
 * <li>the last start was at least {@code 1 / requestsPerSecond} ago;</li>
 * <li>the shop's {@code Retry-After} (429/503) has passed, and after a failed request
 * (5xx, I/O) an exponential backoff with jitter has passed;</li>
 * <li>the circuit is closed: after {@code failureThreshold} consecutive failures it opens
 * for {@code openDuration}, then lets exactly one probe through; a successful probe
 * closes it, a failed one opens it again.</li>
 * </ul>
 * A 429 or a rejected item is not a failure of the shop (it is up and answering), so
 * neither opens the circuit. Every {@link #acquire()} must be followed by exactly one of
 * {@link #succeeded()}, {@link #failed(Throwable)}.
 */
public final class ShopGate {

	public enum Circuit {

		CLOSED, OPEN, HALF_OPEN

	}

	private final String shopId;

	private final Clock clock;

	private final Semaphore permits;

	private final Duration minInterval;

	private final Duration failureBackoff;

	private final Duration maxFailureBackoff;

	private final int failureThreshold;

	private final Duration openDuration;

	private Instant nextStart = Instant.EPOCH;

	private Instant notBefore = Instant.EPOCH;

	private Instant openUntil = Instant.EPOCH;

	private Circuit circuit = Circuit.CLOSED;

	private boolean probing;

	private int consecutiveFailures;

	public ShopGate(String shopId, PropagatorProperties.Push settings, Clock clock) {
		this.shopId = shopId;
		this.clock = clock;
		this.permits = new Semaphore(settings.maxConcurrency(), true);
		this.minInterval = Duration.ofNanos((long) (1_000_000_000L / settings.requestsPerSecond()));
		this.failureBackoff = settings.failureBackoff();
		this.maxFailureBackoff = settings.maxFailureBackoff();
		this.failureThreshold = settings.breaker().failureThreshold();
		this.openDuration = settings.breaker().openDuration();
	}

	/**
	 * Waits until a request may start (a concurrency permit, the rate, Retry-After and
	 * backoff).
	 */
	public void acquire() throws InterruptedException {
		this.permits.acquire();
		try {
			Duration wait = reserve();
			if (!wait.isZero()) {
				// A worker thread of this shop waits; no other shop and no consumer
				// thread is held up.
				Thread.sleep(wait.toMillis(), 0);
			}
		}
		catch (RuntimeException | InterruptedException ex) {
			this.permits.release();
			throw ex;
		}
	}

	/**
	 * Takes the next start slot and says how long to wait for it.
	 * @throws ShopUnavailableException if the circuit is open (or a probe is already
	 * under way)
	 */
	synchronized Duration reserve() {
		Instant now = this.clock.instant();
		if (this.circuit == Circuit.OPEN) {
			if (now.isBefore(this.openUntil)) {
				throw new ShopUnavailableException("circuit of shop " + this.shopId + " is open until " + this.openUntil
						+ " after " + this.consecutiveFailures + " consecutive failures");
			}
			this.circuit = Circuit.HALF_OPEN;
			this.probing = false;
		}
		if (this.circuit == Circuit.HALF_OPEN) {
			if (this.probing) {
				throw new ShopUnavailableException(
						"circuit of shop " + this.shopId + " is half open; a probe is under way");
			}
			this.probing = true;
		}
		Instant start = latest(now, this.nextStart, this.notBefore);
		this.nextStart = start.plus(this.minInterval);
		return Duration.between(now, start);
	}

	/**
	 * How long until a request could start as far as the rate, {@code Retry-After} and
	 * backoff go (zero: now). It reserves nothing; the writer uses it to gather changes
	 * instead of holding a worker in {@link #acquire()}.
	 */
	public synchronized Duration untilNextStart() {
		Instant now = this.clock.instant();
		Instant start = latest(now, this.nextStart, this.notBefore);
		return Duration.between(now, start);
	}

	public void succeeded() {
		synchronized (this) {
			this.consecutiveFailures = 0;
			this.circuit = Circuit.CLOSED;
			this.probing = false;
		}
		this.permits.release();
	}

	/**
	 * Records a failed request; only failures of the shop itself (5xx, I/O) count towards
	 * the circuit.
	 */
	public void failed(Throwable failure) {
		synchronized (this) {
			Instant now = this.clock.instant();
			WooApiException api = (failure instanceof WooApiException ex) ? ex : null;
			if (api != null && api.retryAfter().isPresent()) {
				this.notBefore = latest(this.notBefore, now.plus(api.retryAfter().get()));
			}
			boolean shopFailure = api == null || (api.retryable() && api.status() != 429);
			boolean answered = api != null && !api.retryable();
			if (shopFailure) {
				this.consecutiveFailures++;
				if (api == null || api.retryAfter().isEmpty()) {
					this.notBefore = latest(this.notBefore, now.plus(jittered(this.consecutiveFailures)));
				}
				if (this.circuit == Circuit.HALF_OPEN || this.consecutiveFailures >= this.failureThreshold) {
					this.circuit = Circuit.OPEN;
					this.openUntil = now.plus(this.openDuration);
				}
			}
			else if (answered) {
				this.consecutiveFailures = 0;
				this.circuit = Circuit.CLOSED;
			}
			else if (this.circuit == Circuit.HALF_OPEN) {
				this.circuit = Circuit.OPEN; // a 429 probe: not healthy yet
				this.openUntil = now.plus(this.openDuration);
			}
			this.probing = false;
		}
		this.permits.release();
	}

	public synchronized Status status() {
		return new Status(this.circuit, this.consecutiveFailures,
				(this.circuit == Circuit.OPEN) ? this.openUntil : null,
				this.notBefore.isAfter(this.clock.instant()) ? this.notBefore : null);
	}

	/**
	 * Full jitter on the upper half: between half and all of the exponential delay, so
	 * shops do not retry in step.
	 */
	private Duration jittered(int failures) {
		long base = this.failureBackoff.toMillis();
		long delay = Math.min(this.maxFailureBackoff.toMillis(), base << Math.min(failures - 1, 20));
		return Duration.ofMillis(delay / 2 + ThreadLocalRandom.current().nextLong(delay / 2 + 1));
	}

	private static Instant latest(Instant first, Instant... others) {
		Instant latest = first;
		for (Instant other : others) {
			if (other.isAfter(latest)) {
				latest = other;
			}
		}
		return latest;
	}

	/**
	 * @param circuit the circuit state
	 * @param consecutiveFailures failed requests in a row
	 * @param openUntil when an open circuit lets a probe through
	 * @param notBefore no request before this (Retry-After or failure backoff),
	 * {@code null} if none
	 */
	public record Status(Circuit circuit, int consecutiveFailures, Instant openUntil, Instant notBefore) {
	}

}
