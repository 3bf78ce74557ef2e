package io.stocksync.ingest.system;

import java.time.Duration;
import java.util.concurrent.atomic.AtomicInteger;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

/** The follow-up reads' retry: how often it tries, what it counts, what it reports. */
class ShopReadRetryTests {

	private final Counter retried = new SimpleMeterRegistry().counter("retried");

	private final ShopReadRetry retry = new ShopReadRetry(4, Duration.ofMillis(1),
			(failure) -> !(failure instanceof IllegalArgumentException), this.retried);

	private final AtomicInteger calls = new AtomicInteger();

	@AfterEach
	void clearInterrupt() {
		Thread.interrupted();
	}

	@Test
	void shouldReturnWhatASuccessfulRetryRead() {
		String read = this.retry.read("order 1", () -> {
			if (this.calls.incrementAndGet() < 3) {
				throw new IllegalStateException("503 Service Unavailable");
			}
			return "order";
		});

		assertThat(read).isEqualTo("order");
		assertThat(this.calls).hasValue(3);
		assertThat(this.retried.count()).isEqualTo(2);
	}

	@Test
	void shouldGiveUpAfterTheLastAttemptWithTheLastFailure() {
		ShopReadRetry.Failed failed = catchThrowableOfType(ShopReadRetry.Failed.class,
				() -> this.retry.read("order 1", () -> {
					throw new IllegalStateException("timeout " + this.calls.incrementAndGet());
				}));

		assertThat(failed.attempts()).isEqualTo(4);
		assertThat(failed.getMessage()).isEqualTo("timeout 4");
		assertThat(failed.interrupted()).isFalse();
		assertThat(this.retried.count()).isEqualTo(3);
	}

	@Test
	void shouldNotTryAgainAfterAFailureThatStays() {
		ShopReadRetry.Failed failed = catchThrowableOfType(ShopReadRetry.Failed.class,
				() -> this.retry.read("order 1", () -> {
					this.calls.incrementAndGet();
					throw new IllegalArgumentException("404 Not Found");
				}));

		assertThat(failed.attempts()).isEqualTo(1);
		assertThat(failed.getCause()).isInstanceOf(IllegalArgumentException.class);
		assertThat(this.retried.count()).isZero();
	}

	@Test
	void shouldStopWaitingWhenInterruptedAndSaySo() {
		ShopReadRetry slow = new ShopReadRetry(4, Duration.ofMinutes(1), (failure) -> true, this.retried);

		ShopReadRetry.Failed failed = catchThrowableOfType(ShopReadRetry.Failed.class,
				() -> slow.read("order 1", () -> {
					this.calls.incrementAndGet();
					Thread.currentThread().interrupt(); // e.g. the consumer stops during
														// the wait
					throw new IllegalStateException("timeout");
				}));

		assertThat(failed.interrupted()).isTrue();
		assertThat(failed.attempts()).isEqualTo(1);
		assertThat(Thread.currentThread().isInterrupted()).isTrue();
	}

}
