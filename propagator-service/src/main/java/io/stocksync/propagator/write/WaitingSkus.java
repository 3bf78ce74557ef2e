package io.stocksync.propagator.write;

import java.util.ArrayList;
import java.util.Collection;
import java.util.HashSet;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;

import io.stocksync.common.event.StockChanged;

/**
 * What is waiting to be written to one shop and what is being written: one entry per SKU
 * with its newest change, and the rule that a SKU is never in two requests at once (a
 * change for a SKU being written waits for the next round, so an older quantity can never
 * land after a newer one). Not thread-safe: its writer holds its lock.
 */
final class WaitingSkus {

	private final Map<String, Pending> pending = new LinkedHashMap<>();

	private final Set<String> inFlight = new HashSet<>();

	/* Waiting SKUs somebody waits for (a future). */
	private int tracked;

	/**
	 * Adds a request for the SKU: a change (or null: current truth), whether to write
	 * even what the guard holds, and a future to complete (or null: nobody waits).
	 */
	void add(String sku, StockChanged change, boolean force, CompletableFuture<Void> future) {
		if (this.pending.computeIfAbsent(sku, Pending::new).add(change, force, future)) {
			this.tracked++;
		}
	}

	boolean isEmpty() {
		return this.pending.isEmpty();
	}

	int waiting() {
		return this.pending.size();
	}

	int inFlight() {
		return this.inFlight.size();
	}

	/** Whether a waiting SKU is waited for (then it goes out even during a hold). */
	boolean anyTracked() {
		return this.tracked > 0;
	}

	/**
	 * The next round: every waiting SKU that is not being written, or while a backlog is
	 * held only those somebody waits for. They are in flight until {@link #done}.
	 */
	List<Pending> takeRound(boolean hold) {
		List<Pending> round = new ArrayList<>();
		for (Iterator<Pending> it = this.pending.values().iterator(); it.hasNext();) {
			Pending next = it.next();
			// While gathering a backlog only what a consumer waits for goes out: holding
			// it would stop the consumer (it waits for every future of its last poll),
			// and with it the backlog.
			boolean tracked = next.tracked();
			if ((!hold || tracked) && this.inFlight.add(next.sku)) {
				round.add(next);
				it.remove();
				this.tracked -= tracked ? 1 : 0;
			}
		}
		return round;
	}

	/** The SKUs' writes are over (written, skipped or failed). */
	void done(Collection<Pending> done) {
		done.forEach((p) -> this.inFlight.remove(p.sku));
	}

	/**
	 * A backlog starts: the records the consumer still waits for become absorbed ones, so
	 * the consumer reads on and they are written once, with the newest truth, with the
	 * rest. Their futures are handed back, not completed: the caller completes them once
	 * the changes are saved ({@link UnwrittenChanges}), since a completed future lets the
	 * offset be committed. What no record stands for (a DLT replay, a hand edit restore)
	 * keeps its future.
	 */
	Released releaseWaitingConsumers() {
		List<StockChanged> changes = new ArrayList<>();
		List<CompletableFuture<Void>> futures = new ArrayList<>();
		for (Pending waiting : this.pending.values()) {
			if (waiting.tracked() && !waiting.changes.isEmpty()) {
				changes.addAll(waiting.changes);
				futures.addAll(waiting.futures);
				waiting.futures.clear();
				this.tracked--;
			}
		}
		return new Released(changes, futures);
	}

	/** SKUs being written, and if {@code withWaiting} those waiting as well. */
	Set<String> busy(boolean withWaiting) {
		Set<String> busy = new HashSet<>(this.inFlight);
		if (withWaiting) {
			busy.addAll(this.pending.keySet());
		}
		return busy;
	}

	/**
	 * What {@link #releaseWaitingConsumers} took from the waiting SKUs.
	 *
	 * @param changes the changes the consumer's records carried
	 * @param futures the consumer's futures, to complete once the changes are saved
	 */
	record Released(List<StockChanged> changes, List<CompletableFuture<Void>> futures) {

	}

}
