package io.stocksync.propagator.politeness;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;

import io.stocksync.propagator.system.PropagatorProperties;
import io.stocksync.woo.WooApiException;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

class ShopGateTests {

	private final MutableClock clock = new MutableClock(Instant.parse("2026-11-22T10:00:00Z"));

	private final ShopGate gate = new ShopGate("shop1",
			new PropagatorProperties.Push(
					"propagator-", Duration.ofMillis(250), 2, 10, Duration.ofMillis(400), Duration.ofSeconds(5),
					new PropagatorProperties.Breaker(3, Duration.ofSeconds(30)), new PropagatorProperties.Retry(6,
							Duration.ofSeconds(2), 2.0, Duration.ofSeconds(60), true, 3, (short) -1),
					Duration.ofDays(7), Duration.ofSeconds(5), Duration.ofSeconds(2)),
			this.clock);

	@Test
	void shouldSpaceRequestStartsByTheConfiguredRate() {
		Duration first = this.gate.reserve();
		Duration second = this.gate.reserve();
		Duration third = this.gate.reserve();

		assertThat(first).isZero();
		assertThat(second).isEqualTo(Duration.ofMillis(100));
		assertThat(third).isEqualTo(Duration.ofMillis(200));
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
