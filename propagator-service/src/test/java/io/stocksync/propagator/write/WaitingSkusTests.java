package io.stocksync.propagator.write;

import java.time.Instant;
import java.util.List;
import java.util.concurrent.CompletableFuture;

import io.stocksync.common.event.StockChanged;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/** What waits and what goes out in a round, on plain inputs. */
class WaitingSkusTests {

	private final WaitingSkus waiting = new WaitingSkus();

	@Test
	void shouldKeepOnlyTheNewestChangePerSku() {
		this.waiting.add("A", change("A", 3), false, null);
		this.waiting.add("A", change("A", 1), false, null);
		this.waiting.add("B", change("B", 1), false, null);
		this.waiting.add("A", change("A", 2), false, null);

		List<Pending> round = this.waiting.takeRound(false);

		assertThat(round).extracting((p) -> p.sku).containsExactly("A", "B");
		assertThat(round.get(0).changes).singleElement().extracting(StockChanged::version).isEqualTo(3L);
		assertThat(this.waiting.isEmpty()).isTrue();
		assertThat(this.waiting.inFlight()).isEqualTo(2);
	}

	@Test
	void shouldNeverPutASkuInTwoRequestsAtOnce() {
		this.waiting.add("A", change("A", 1), false, null);
		List<Pending> first = this.waiting.takeRound(false);
		this.waiting.add("A", change("A", 2), false, null);
		this.waiting.add("B", change("B", 1), false, null);

		assertThat(this.waiting.takeRound(false)).extracting((p) -> p.sku).containsExactly("B");
		assertThat(this.waiting.busy(true)).containsExactlyInAnyOrder("A", "B");

		this.waiting.done(first);
		List<Pending> next = this.waiting.takeRound(false);
		assertThat(next).extracting((p) -> p.sku).containsExactly("A");
		assertThat(next.get(0).changes.get(0).version()).isEqualTo(2L);
	}

	@Test
	void shouldLetOnlyWaitedForSkusOutWhileABacklogIsHeld() {
		CompletableFuture<Void> replay = new CompletableFuture<>();
		this.waiting.add("A", change("A", 1), false, null);
		this.waiting.add("B", null, true, replay);

		assertThat(this.waiting.anyTracked()).isTrue();
		assertThat(this.waiting.takeRound(true)).extracting((p) -> p.sku).containsExactly("B");
		assertThat(this.waiting.anyTracked()).isFalse();
		assertThat(this.waiting.busy(false)).containsExactly("B");
		assertThat(this.waiting.waiting()).isEqualTo(1);
	}

	@Test
	void shouldReleaseConsumersThatWaitForABacklogRecordButKeepOtherWaiters() {
		CompletableFuture<Void> consumer = new CompletableFuture<>();
		CompletableFuture<Void> replay = new CompletableFuture<>();
		this.waiting.add("A", change("A", 1), false, consumer);
		this.waiting.add("B", null, true, replay);

		WaitingSkus.Released released = this.waiting.releaseWaitingConsumers();

		// handed back, not completed: the writer completes them once the changes are
		// saved (a completed future lets the consumer commit the offset)
		assertThat(released.futures()).containsExactly(consumer);
		assertThat(released.changes()).extracting(StockChanged::sku).containsExactly("A");
		assertThat(consumer).isNotDone();
		assertThat(replay).isNotDone();
		assertThat(this.waiting.anyTracked()).isTrue();
		// A is still gathered (written later with the backlog), nobody waits for it
		assertThat(this.waiting.takeRound(true)).extracting((p) -> p.sku).containsExactly("B");
		assertThat(this.waiting.takeRound(false)).extracting((p) -> p.sku).containsExactly("A");
	}

	private static StockChanged change(String sku, long version) {
		return new StockChanged(StockChanged.SCHEMA_VERSION, "e-" + sku + version, sku, 10, 10, false, version, "test",
				Instant.parse("2026-11-30T10:00:00Z"));
	}

}
