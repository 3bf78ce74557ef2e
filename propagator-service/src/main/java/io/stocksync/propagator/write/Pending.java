package io.stocksync.propagator.write;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;

import io.stocksync.common.event.StockChanged;

/**
 * The requests for one SKU gathered so far: its newest change (older ones are superseded
 * by it), whether current truth must be written even if the guard says it is there, and
 * the futures of those who wait for the write.
 */
final class Pending {

	final String sku;

	final List<StockChanged> changes = new ArrayList<>(1);

	final List<CompletableFuture<Void>> futures = new ArrayList<>(1);

	boolean force;

	Pending(String sku) {
		this.sku = sku;
	}

	/* Returns whether this added the first future (the SKU is now waited for). */
	boolean add(StockChanged change, boolean force, CompletableFuture<Void> future) {
		if (change != null) {
			// Only the newest change matters; the older ones are superseded by it.
			if (this.changes.isEmpty()) {
				this.changes.add(change);
			}
			else if (change.version() > this.changes.get(0).version()) {
				this.changes.set(0, change);
			}
		}
		this.force |= force;
		if (future == null) {
			return false;
		}
		this.futures.add(future);
		return this.futures.size() == 1;
	}

	/** Whether somebody waits for this SKU's write (a consumer, a replay). */
	boolean tracked() {
		return !this.futures.isEmpty();
	}

	void complete() {
		this.futures.forEach((future) -> future.complete(null));
	}

	void fail(RuntimeException failure) {
		this.futures.forEach((future) -> future.completeExceptionally(failure));
	}

}
