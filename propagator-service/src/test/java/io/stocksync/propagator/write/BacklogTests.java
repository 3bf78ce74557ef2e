package io.stocksync.propagator.write;

import java.time.Duration;
import java.time.Instant;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/** When a shop's consumer counts as behind, on plain inputs. */
class BacklogTests {

	private static final Instant T0 = Instant.parse("2026-11-30T10:00:00Z");

	private final Backlog backlog = new Backlog(Duration.ofSeconds(5), 100);

	@Test
	void shouldHoldWhileAnyPartitionIsBehind() {
		assertThat(this.backlog.holding(T0)).isFalse();

		assertThat(this.backlog.report(0, 400, T0, T0)).isTrue();
		assertThat(this.backlog.report(1, 300, T0, T0)).isFalse();
		this.backlog.report(0, 0, T0.plusMillis(100), T0.plusMillis(100));

		assertThat(this.backlog.holding(T0.plusMillis(100))).isTrue();
		this.backlog.report(1, 0, T0.plusMillis(200), T0.plusMillis(200));
		assertThat(this.backlog.holding(T0.plusMillis(200))).isFalse();
	}

	@Test
	void shouldHoldAtMostTheHoldAtATimeAndStartAgainAfterARound() {
		this.backlog.report(0, 10_000, T0, T0);
		assertThat(this.backlog.holdEnds()).isEqualTo(T0.plusSeconds(5));

		this.backlog.report(0, 5_000, T0.plusSeconds(5), T0.plusSeconds(5));
		assertThat(this.backlog.holding(T0.plusSeconds(5))).isFalse();

		this.backlog.roundStarted(T0.plusSeconds(5));
		assertThat(this.backlog.holding(T0.plusSeconds(6))).isTrue();
		assertThat(this.backlog.holdEnds()).isEqualTo(T0.plusSeconds(10));
	}

	@Test
	void shouldNotHoldASteadyStreamOfAFewRecordsPerPoll() {
		// a constant order rate: every poll leaves a few records behind on some partition
		for (int i = 0; i < 100; i++) {
			assertThat(this.backlog.report(i % 6, 1 + (i % 99), T0.plusMillis(10L * i), T0.plusMillis(10L * i)))
				.isFalse();
			assertThat(this.backlog.holding(T0.plusMillis(10L * i))).isFalse();
		}
	}

	@Test
	void shouldKeepAHoldStartedByABacklogWhileFewerRecordsAreLeft() {
		assertThat(this.backlog.report(0, 100, T0, T0)).isTrue();

		this.backlog.report(0, 3, T0.plusMillis(100), T0.plusMillis(100));
		assertThat(this.backlog.holding(T0.plusMillis(100))).isTrue();

		this.backlog.report(0, 0, T0.plusMillis(200), T0.plusMillis(200));
		assertThat(this.backlog.holding(T0.plusMillis(200))).isFalse();
	}

	@Test
	void shouldGatherEveryPartitionOfWhatWaitedForAResume() {
		this.backlog.resumed(T0);
		assertThat(this.backlog.report(0, 40, T0.minusMillis(200), T0.plusMillis(10))).isFalse(); // held
																									// already
		this.backlog.report(0, 0, T0.minusMillis(100), T0.plusMillis(20));
		assertThat(this.backlog.holding(T0.plusMillis(20))).isFalse(); // partition 0 is
																		// done

		// partition 1's records were produced while the shop was paused: a backlog again
		assertThat(this.backlog.report(1, 40, T0.minusMillis(150), T0.plusMillis(30))).isTrue();
		// what is produced after the resume is a stream again
		this.backlog.report(1, 0, T0.minusMillis(50), T0.plusMillis(40));
		assertThat(this.backlog.holding(T0.plusMillis(40))).isFalse();
		assertThat(this.backlog.report(1, 40, T0.plusMillis(45), T0.plusMillis(50))).isFalse();
	}

	@Test
	void shouldHoldAfterAResumeUntilTheConsumerSpeaks() {
		this.backlog.resumed(T0);
		assertThat(this.backlog.holding(T0.plusSeconds(1))).isTrue();

		this.backlog.report(3, 0, T0.plusSeconds(1), T0.plusSeconds(1));

		assertThat(this.backlog.holding(T0.plusSeconds(1))).isFalse();
	}

	@Test
	void shouldForgetAPartitionThatStoppedReporting() {
		this.backlog.report(0, 1_000, T0, T0);
		this.backlog.roundStarted(T0.plusSeconds(4));
		assertThat(this.backlog.holding(T0.plusSeconds(4))).isTrue();

		// a revoked partition reports no more: its last report goes stale after the hold
		assertThat(this.backlog.holding(T0.plusSeconds(6))).isFalse();
	}

}
