package io.stocksync.console.system;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class LoginThrottleTests {

	private final MutableClock clock = new MutableClock();

	private final LoginThrottle throttle = new LoginThrottle(new ConsoleProperties("i", "l", "p", "t", null, null, null,
			Duration.ofSeconds(1), Duration.ofSeconds(1), Duration.ofMinutes(1), Duration.ofSeconds(1),
			new ConsoleProperties.Login(3, Duration.ofSeconds(2), Duration.ofSeconds(30), Duration.ofMinutes(30))),
			this.clock);

	@Test
	void shouldLetTheFirstFailuresThroughAndThenDoubleTheWait() {
		for (int i = 0; i < 2; i++) {
			this.throttle.failed("alice", "10.0.0.1");
		}
		assertThat(this.throttle.waitBefore("alice", "10.0.0.1")).isZero();

		this.throttle.failed("Alice ", "10.0.0.1");
		assertThat(this.throttle.waitBefore("alice", "10.0.0.9")).isEqualTo(Duration.ofSeconds(2));
		this.clock.advance(Duration.ofSeconds(2));
		assertThat(this.throttle.waitBefore("alice", "10.0.0.9")).isZero();

		this.throttle.failed("alice", "10.0.0.1");
		assertThat(this.throttle.waitBefore("bob", "10.0.0.1")).isEqualTo(Duration.ofSeconds(4));
	}

	@Test
	void shouldCapTheWaitAndForgetOldFailures() {
		for (int i = 0; i < 30; i++) {
			this.throttle.failed("carol", "10.0.0.2");
		}
		assertThat(this.throttle.waitBefore("carol", "10.0.0.3")).isEqualTo(Duration.ofSeconds(30));

		this.clock.advance(Duration.ofMinutes(31));
		assertThat(this.throttle.waitBefore("carol", "10.0.0.2")).isZero();
	}

	@Test
	void shouldClearTheUserButNotTheAddressOnSuccess() {
		for (int i = 0; i < 3; i++) {
			this.throttle.failed("dave", "10.0.0.4");
		}
		this.throttle.succeeded("dave");

		assertThat(this.throttle.waitBefore("dave", "10.0.0.5")).isZero();
		assertThat(this.throttle.waitBefore("erin", "10.0.0.4")).isPositive();
	}

	private static final class MutableClock extends Clock {

		private Instant now = Instant.parse("2026-11-30T12:00:00Z");

		void advance(Duration duration) {
			this.now = this.now.plus(duration);
		}

		@Override
		public ZoneOffset getZone() {
			return ZoneOffset.UTC;
		}

		@Override
		public Clock withZone(java.time.ZoneId zone) {
			return this;
		}

		@Override
		public Instant instant() {
			return this.now;
		}

	}

}
