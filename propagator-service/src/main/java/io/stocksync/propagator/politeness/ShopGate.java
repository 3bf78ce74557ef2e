package io.stocksync.propagator.politeness;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;

import io.github.resilience4j.bulkhead.Bulkhead;
import io.github.resilience4j.bulkhead.BulkheadConfig;
import io.github.resilience4j.circuitbreaker.CircuitBreaker;
import io.github.resilience4j.circuitbreaker.CircuitBreakerConfig;
import io.github.resilience4j.circuitbreaker.CircuitBreakerConfig.SlidingWindowType;
import io.github.resilience4j.core.IntervalFunction;
import io.github.resilience4j.core.exception.AcquirePermissionCancelledException;
import io.stocksync.propagator.system.PropagatorProperties;
import io.stocksync.woo.WooApiException;

/**
 * Politeness towards one shop. A request may start only when all of these allow it:
 * <ul>
 * <li>fewer than {@code maxConcurrency} requests are in flight (a Resilience4j semaphore
 * {@link Bulkhead}, fair, waiting as long as it takes);</li>
 * <li>the last start was at least {@code 1 / requestsPerSecond} ago, plus 2 % (the shop
 * then never sees more than {@code requestsPerSecond} requests within any one second,
 * even when one request's way to it took a few milliseconds longer than the next
 * one's);</li>
 * <li>the shop's {@code Retry-After} (429/503) has passed, and after a failed request
 * (5xx, I/O) an exponential backoff with jitter has passed (the doubling and its cap from
 * Resilience4j's {@link IntervalFunction});</li>
 * <li>the circuit is closed: a Resilience4j {@link CircuitBreaker} opens after
 * {@code failureThreshold} consecutive failures for {@code openDuration}, then lets
 * exactly one probe through; a successful probe closes it, a failed one opens it
 * again.</li>
 * </ul>
 * A 429 or a rejected item is not a failure of the shop (it is up and answering), so
 * neither opens the circuit: the breaker ignores a 429 and records a rejection (any other
 * 4xx) as a success. A 429 to the probe opens the circuit again (not healthy yet).
 * <p>
 * The breaker counts outcomes in a count-based window of {@code failureThreshold} calls
 * that must all have failed ({@code minimumNumberOfCalls = failureThreshold}, failure
 * rate 100 %): exactly "{@code failureThreshold} failures in a row", as any success in
 * the window keeps the rate below 100 %. A request admitted before the circuit opened and
 * answered after is recorded but changes neither the state nor when it ends
 * (Resilience4j's rule).
 * <p>
 * The start schedule is still own code, two instants under this object's lock: the next
 * start slot ({@code 1 / requestsPerSecond} after the previous one) and "not before"
 * (Retry-After, failure backoff); a request starts at the latest of now and those two.
 * Resilience4j's {@code RateLimiter} cannot do this: its {@code AtomicRateLimiter} hands
 * out {@code limitForPeriod} permits per fixed cycle counted from its creation, so after
 * an idle spell two starts can fall on either side of a cycle boundary, closer than the
 * interval; and it has no "no permit before this instant", so a slot reserved during a
 * Retry-After hold would let the requests queued behind it start together when the hold
 * ends instead of one interval apart. The consecutive-failure count is own code too: the
 * breaker's window holds no order, and the count sets the backoff's exponent and is shown
 * in {@link #status()}. So is the jitter (see {@link #jittered(int)}).
 * <p>
 * Every {@link #acquire()} must be followed by exactly one of {@link #succeeded()},
 * {@link #failed(Throwable)}.
 */
public final class ShopGate {

	/*
	 * Beyond this many doublings the backoff is at its cap for any base of 1 ms or more;
	 * it bounds IntervalFunction's iteration during a long outage.
	 */
	private static final int MAX_BACKOFF_ATTEMPT = 64;

	/* Start spacing beyond 1 / requestsPerSecond: room for network and wake-up jitter. */
	private static final double SPACING_MARGIN = 1.02;

	public enum Circuit {

		CLOSED, OPEN, HALF_OPEN

	}

	private final String shopId;

	private final Clock clock;

	private final Bulkhead bulkhead;

	private final CircuitBreaker breaker;

	private final Duration minInterval;

	private final Duration openDuration;

	/* null: no backoff (failure-backoff or its cap under 1 ms) */
	private final IntervalFunction backoff;

	private Instant nextStart = Instant.EPOCH;

	private Instant notBefore = Instant.EPOCH;

	private volatile Instant openUntil = Instant.EPOCH;

	private int consecutiveFailures;

	public ShopGate(String shopId, PropagatorProperties.Push settings, Clock clock) {
		this.shopId = shopId;
		this.clock = clock;
		this.minInterval = Duration.ofNanos((long) (SPACING_MARGIN * 1_000_000_000L / settings.requestsPerSecond()));
		this.openDuration = settings.breaker().openDuration();
		this.bulkhead = Bulkhead.of(shopId,
				BulkheadConfig.custom()
					.maxConcurrentCalls(settings.maxConcurrency())
					.fairCallHandlingStrategyEnabled(true)
					.maxWaitDuration(Duration.ofMillis(Long.MAX_VALUE))
					.build());
		int threshold = settings.breaker().failureThreshold();
		this.breaker = CircuitBreaker.of(shopId,
				CircuitBreakerConfig.custom()
					.slidingWindowType(SlidingWindowType.COUNT_BASED)
					.slidingWindowSize(threshold)
					.minimumNumberOfCalls(threshold)
					.failureRateThreshold(100)
					.permittedNumberOfCallsInHalfOpenState(1)
					.waitDurationInOpenState(this.openDuration)
					.automaticTransitionFromOpenToHalfOpenEnabled(false)
					.recordException(ShopGate::isShopFailure)
					.ignoreException(ShopGate::isThrottled)
					.clock(clock)
					.build());
		// R4J keeps when the open state ends to itself; the same instant from the same
		// clock, for status()
		this.breaker.getEventPublisher().onStateTransition((event) -> {
			if (event.getStateTransition().getToState() == CircuitBreaker.State.OPEN) {
				this.openUntil = this.clock.instant().plus(this.openDuration);
			}
		});
		Duration base = settings.failureBackoff();
		Duration cap = settings.maxFailureBackoff();
		this.backoff = (base.toMillis() < 1 || cap.toMillis() < 1) ? null
				: IntervalFunction.ofExponentialBackoff(base, 2.0, cap);
	}

	/**
	 * Waits until a request may start (a concurrency permit, the circuit, the rate,
	 * Retry-After and backoff).
	 * @throws ShopUnavailableException if the circuit is open (or a probe is already
	 * under way)
	 */
	public void acquire() throws InterruptedException {
		try {
			this.bulkhead.acquirePermission();
		}
		catch (AcquirePermissionCancelledException ex) {
			Thread.interrupted(); // the bulkhead set the flag again; we report it instead
			throw new InterruptedException("interrupted while waiting for a request slot of shop " + this.shopId);
		}
		Duration wait;
		try {
			wait = reserve();
		}
		catch (RuntimeException ex) {
			this.bulkhead.releasePermission();
			throw ex;
		}
		if (!wait.isZero()) {
			try {
				// A worker thread of this shop waits; no other shop and no consumer
				// thread is held up.
				// whole milliseconds, rounded up: never start before the slot
				Thread.sleep((wait.toNanos() + 999_999) / 1_000_000);
			}
			catch (InterruptedException ex) {
				this.breaker.releasePermission(); // a probe that never went out
				this.bulkhead.releasePermission();
				throw ex;
			}
		}
	}

	/**
	 * Takes the circuit's permission and the next start slot, and says how long to wait
	 * for the slot.
	 * @throws ShopUnavailableException if the circuit is open (or a probe is already
	 * under way)
	 */
	synchronized Duration reserve() {
		if (!this.breaker.tryAcquirePermission()) {
			throw new ShopUnavailableException((this.breaker.getState() == CircuitBreaker.State.HALF_OPEN)
					? "circuit of shop " + this.shopId + " is half open; a probe is under way"
					: "circuit of shop " + this.shopId + " is open until " + this.openUntil + " after "
							+ this.consecutiveFailures + " consecutive failures");
		}
		Instant now = this.clock.instant();
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
		}
		this.breaker.onSuccess(0, TimeUnit.NANOSECONDS);
		this.bulkhead.onComplete();
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
			if (isShopFailure(failure)) {
				this.consecutiveFailures++;
				if (api == null || api.retryAfter().isEmpty()) {
					this.notBefore = latest(this.notBefore, now.plus(jittered(this.consecutiveFailures)));
				}
			}
			else if (!isThrottled(failure)) {
				this.consecutiveFailures = 0; // the shop answered: it is up
			}
		}
		if (isThrottled(failure) && this.breaker.getState() == CircuitBreaker.State.HALF_OPEN) {
			// A 429 probe: not healthy yet. (Ignored as usual, it would hand the probe's
			// permission to the next request.)
			this.breaker.transitionToOpenState();
		}
		else {
			this.breaker.onError(0, TimeUnit.NANOSECONDS, failure);
		}
		this.bulkhead.onComplete();
	}

	public synchronized Status status() {
		Circuit circuit = switch (this.breaker.getState()) {
			case OPEN, FORCED_OPEN -> Circuit.OPEN;
			case HALF_OPEN -> Circuit.HALF_OPEN;
			default -> Circuit.CLOSED;
		};
		return new Status(circuit, this.consecutiveFailures, (circuit == Circuit.OPEN) ? this.openUntil : null,
				this.notBefore.isAfter(this.clock.instant()) ? this.notBefore : null);
	}

	/** No answer, a 5xx or a 408: the shop itself failed. */
	private static boolean isShopFailure(Throwable failure) {
		return !(failure instanceof WooApiException api) || (api.retryable() && api.status() != 429);
	}

	/** A 429: the shop is up and asks us to slow down. */
	private static boolean isThrottled(Throwable failure) {
		return failure instanceof WooApiException api && api.retryable() && api.status() == 429;
	}

	/**
	 * Full jitter on the upper half: between half and all of the exponential delay, so
	 * shops do not retry in step. The delay is Resilience4j's capped exponential; its
	 * {@code ofExponentialRandomBackoff} caps after the jitter, which would put every
	 * retry at the cap exactly {@code maxFailureBackoff} apart, so the jitter stays here.
	 */
	private Duration jittered(int failures) {
		if (this.backoff == null) {
			return Duration.ZERO;
		}
		long delay = this.backoff.apply(Math.min(failures, MAX_BACKOFF_ATTEMPT));
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
