package io.stocksync.propagator.politeness;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.concurrent.atomic.AtomicReference;

import io.stocksync.propagator.system.PropagatorProperties;
import io.stocksync.woo.WooApiException;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;
import static org.awaitility.Awaitility.await;

class ShopGateTests {

	private final MutableClock clock = new MutableClock(Instant.parse("2026-11-22T10:00:00Z"));

	private final ShopGate gate = new ShopGate("shop1", settings(10), this.clock);

	@Test
	void shouldSpaceRequestStartsByTheConfiguredRate() {
		Duration first = this.gate.reserve();
		Duration second = this.gate.reserve();
		Duration third = this.gate.reserve();

		// 1 / 10 s, plus the 2 % margin
		assertThat(first).isZero();
		assertThat(second).isEqualTo(Duration.ofMillis(102));
		assertThat(third).isEqualTo(Duration.ofMillis(204));
	}

	@Test
	void shouldWaitForRetryAfterWithoutOpeningTheCircuit() {
		for (int i = 0; i < 5; i++) {
			this.clock.advance(this.gate.reserve()); // each request starts when the gate
														// says
			this.gate.failed(status(429, Duration.ofSeconds(7)));
		}

		Duration wait = this.gate.reserve();

		assertThat(wait).isEqualTo(Duration.ofSeconds(7));
		assertThat(this.gate.status().circuit()).isEqualTo(ShopGate.Circuit.CLOSED);
	}

	@Test
	void shouldBackOffWithJitterAfterAServerError() {
		this.gate.reserve();
		this.gate.failed(status(500, null));

		Duration wait = this.gate.reserve();

		assertThat(wait).isBetween(Duration.ofMillis(200), Duration.ofMillis(400));
	}

	@Test
	void shouldOpenTheCircuitAfterConsecutiveFailuresAndLetOneProbeThrough() {
		for (int i = 0; i < 3; i++) {
			this.gate.reserve();
			this.gate.failed(status(503, null));
		}

		assertThat(this.gate.status().circuit()).isEqualTo(ShopGate.Circuit.OPEN);
		assertThatExceptionOfType(ShopUnavailableException.class).isThrownBy(this.gate::reserve);

		this.clock.advance(Duration.ofSeconds(31));
		this.gate.reserve(); // the probe
		assertThatExceptionOfType(ShopUnavailableException.class).isThrownBy(this.gate::reserve);
		this.gate.succeeded();

		assertThat(this.gate.status().circuit()).isEqualTo(ShopGate.Circuit.CLOSED);
		this.gate.reserve();
	}

	@Test
	void shouldNotCountARejectedRequestAgainstTheShop() {
		this.gate.reserve();
		this.gate.failed(status(500, null));
		this.gate.reserve();
		this.gate.failed(status(500, null));
		this.gate.reserve();
		this.gate.failed(status(400, null)); // the shop answered: it is up

		assertThat(this.gate.status().consecutiveFailures()).isZero();
		assertThat(this.gate.status().circuit()).isEqualTo(ShopGate.Circuit.CLOSED);
	}

	@Test
	void shouldOpenOnlyAfterThresholdFailuresInARow() {
		fail(503);
		fail(503);
		this.gate.reserve();
		this.gate.succeeded();
		fail(503);
		fail(503);

		assertThat(this.gate.status().circuit()).isEqualTo(ShopGate.Circuit.CLOSED);
		assertThat(this.gate.status().consecutiveFailures()).isEqualTo(2);

		fail(503);

		assertThat(this.gate.status().circuit()).isEqualTo(ShopGate.Circuit.OPEN);
		assertThat(this.gate.status().openUntil()).isEqualTo(this.clock.instant().plus(Duration.ofSeconds(30)));
	}

	@Test
	void shouldNeitherCountNorForgiveAFailureForA429() {
		fail(500);
		fail(500);
		fail(429);

		assertThat(this.gate.status().consecutiveFailures()).isEqualTo(2);
		assertThat(this.gate.status().circuit()).isEqualTo(ShopGate.Circuit.CLOSED);

		fail(500);

		assertThat(this.gate.status().circuit()).isEqualTo(ShopGate.Circuit.OPEN);
	}

	@Test
	void shouldOpenAgainForAnotherOpenDurationWhenTheProbeFails() {
		openTheCircuit();
		this.clock.advance(Duration.ofSeconds(31));

		fail(502); // the probe

		assertThat(this.gate.status().circuit()).isEqualTo(ShopGate.Circuit.OPEN);
		assertThat(this.gate.status().openUntil()).isEqualTo(this.clock.instant().plus(Duration.ofSeconds(30)));
		assertThat(this.gate.status().consecutiveFailures()).isEqualTo(4);
		assertThatExceptionOfType(ShopUnavailableException.class).isThrownBy(this.gate::reserve)
			.withMessageContaining("is open until");
	}

	@Test
	void shouldOpenAgainWhenTheProbeIsThrottled() {
		openTheCircuit();
		this.clock.advance(Duration.ofSeconds(31));

		fail(429); // the probe

		assertThat(this.gate.status().circuit()).isEqualTo(ShopGate.Circuit.OPEN);
		assertThatExceptionOfType(ShopUnavailableException.class).isThrownBy(this.gate::reserve);
	}

	@Test
	void shouldHoldARequestBeyondMaxConcurrencyUntilOneInFlightFinishes() throws InterruptedException {
		// spacing of a nanosecond: the third request can only wait for a slot
		ShopGate fast = new ShopGate("shop1", settings(1_000_000_000), this.clock);
		fast.acquire();
		fast.acquire();
		Thread third = new Thread(() -> {
			try {
				fast.acquire();
			}
			catch (InterruptedException ex) {
				Thread.currentThread().interrupt();
			}
		});
		third.start();

		await().atMost(Duration.ofSeconds(5)).until(() -> third.getState() == Thread.State.TIMED_WAITING);
		assertThat(third.isAlive()).isTrue();

		fast.succeeded();

		await().atMost(Duration.ofSeconds(5)).until(() -> !third.isAlive());
	}

	@Test
	void shouldGiveTheProbeBackWhenItsWaitIsInterrupted() throws InterruptedException {
		openTheCircuit();
		this.gate.failed(status(429, Duration.ofSeconds(60))); // the shop also asked for
																// a
																// minute
		this.clock.advance(Duration.ofSeconds(31));
		AtomicReference<Throwable> outcome = new AtomicReference<>();
		Thread probe = new Thread(() -> {
			try {
				this.gate.acquire(); // takes the probe, then waits for Retry-After
			}
			catch (Throwable ex) {
				outcome.set(ex);
			}
		});
		probe.start();
		await().atMost(Duration.ofSeconds(5)).until(() -> probe.getState() == Thread.State.TIMED_WAITING);

		probe.interrupt();
		probe.join(5_000);

		assertThat(outcome.get()).isInstanceOf(InterruptedException.class);
		assertThat(this.gate.status().circuit()).isEqualTo(ShopGate.Circuit.HALF_OPEN);
		this.gate.reserve(); // the probe is free again
		assertThatExceptionOfType(ShopUnavailableException.class).isThrownBy(this.gate::reserve)
			.withMessageContaining("probe is under way");
	}

	private void openTheCircuit() {
		for (int i = 0; i < 3; i++) {
			fail(503);
		}
		assertThat(this.gate.status().circuit()).isEqualTo(ShopGate.Circuit.OPEN);
	}

	/* One request as the gate schedules it, failing with this status. */
	private void fail(int status) {
		this.clock.advance(this.gate.reserve());
		this.gate.failed(status(status, null));
	}

	private static PropagatorProperties.Push settings(double requestsPerSecond) {
		return new PropagatorProperties.Push("propagator-", Duration.ofMillis(250), 2, requestsPerSecond,
				Duration.ofMillis(400), Duration.ofSeconds(5),
				new PropagatorProperties.Breaker(3, Duration.ofSeconds(30)), new PropagatorProperties.Retry(6,
						Duration.ofSeconds(2), 2.0, Duration.ofSeconds(60), true, 3, (short) -1),
				Duration.ofDays(7), Duration.ofSeconds(5), 100, Duration.ofSeconds(2));
	}

	private static WooApiException status(int status, Duration retryAfter) {
		return new WooApiException("HTTP " + status, status, null, WooApiException.isRetryableStatus(status),
				retryAfter, null);
	}

	private static final class MutableClock extends Clock {

		private Instant now;

		MutableClock(Instant now) {
			this.now = now;
		}

		void advance(Duration duration) {
			this.now = this.now.plus(duration);
		}

		@Override
		public ZoneId getZone() {
			return ZoneOffset.UTC;
		}

		@Override
		public Clock withZone(ZoneId zone) {
			return this;
		}

		@Override
		public Instant instant() {
			return this.now;
		}

	}

}
