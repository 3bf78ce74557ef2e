package io.stocksync.bench;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class EndToEndTests {

	@Test
	void shouldCompleteAnOrderOnlyWhenEveryShopWasWrittenAQuantityThatIncludesIt() {
		EndToEnd tracker = new EndToEnd(2, 2);
		tracker.expect(0, "A", 99);
		tracker.expect(1, "A", 98);
		tracker.accepted(0, 1_000_000L);
		tracker.accepted(1, 2_000_000L);

		tracker.stockSet(0, "A", 99);
		tracker.stockSet(1, "A", 100);
		assertThat(tracker.pending()).isEqualTo(2);

		tracker.stockSet(1, "A", 98); // coalesced: includes both orders
		assertThat(tracker.pending()).isEqualTo(1);

		tracker.stockSet(0, "A", 98);
		assertThat(tracker.pending()).isZero();
		EndToEnd.Outcome outcome = tracker.outcome();
		assertThat(outcome.latency().count()).isEqualTo(2);
		assertThat(outcome.notConverged()).isZero();
	}

	@Test
	void shouldStopWaitingForARefusedOrder() {
		EndToEnd tracker = new EndToEnd(3, 1);
		tracker.expect(0, "B", 5);

		tracker.refused(0);

		assertThat(tracker.pending()).isZero();
		assertThat(tracker.outcome().refused()).isEqualTo(1);
		assertThat(tracker.outcome().latency().count()).isZero();
	}

	@Test
	void shouldIgnoreOtherSkusAndUnmanagedStock() {
		EndToEnd tracker = new EndToEnd(1, 1);
		tracker.expect(0, "C", 10);
		tracker.accepted(0, 1L);

		tracker.stockSet(0, "D", 0);
		tracker.stockSet(0, "C", null);

		assertThat(tracker.pending()).isEqualTo(1);
	}

}
