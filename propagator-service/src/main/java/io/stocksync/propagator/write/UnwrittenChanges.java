package io.stocksync.propagator.write;

import java.time.Clock;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executor;
import java.util.concurrent.RejectedExecutionException;

import io.stocksync.common.event.StockChanged;
import io.stocksync.propagator.delivery.RetryableDeliveryException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The changes one shop's consumer has passed without waiting for their write, made to
 * survive a crash.
 * <p>
 * While a backlog is gathered the consumer hands records over without waiting for their
 * write (waiting would stop it reading), and spring-kafka commits a record's offset as
 * soon as the record's future completes. So each such change is saved first: its truth,
 * and a row saying the shop has still to be written the SKU; the record's future
 * completes once that transaction commits. A crash after the commit leaves the row; at
 * start the writer writes the current truth of every row left ({@link #recover}). A row
 * goes once the shop holds its version or a newer one ({@link #settle}).
 * <p>
 * Saves are grouped: whatever arrives while one transaction runs goes in the next one, so
 * a poll of 500 backlog records costs about one transaction. Thread-safe.
 */
final class UnwrittenChanges {

	private static final Logger logger = LoggerFactory.getLogger(UnwrittenChanges.class);

	private final String shopId;

	private final PushStateService state;

	private final Executor executor;

	private final Clock clock;

	private final Object lock = new Object();

	private List<StockChanged> queued = new ArrayList<>();

	private List<CompletableFuture<Void>> waiting = new ArrayList<>();

	private boolean saving;

	/*
	 * SKUs that may have a row; only those are settled. One missed (a save racing a
	 * settle) leaves a row behind, which costs one idle decision at the next start.
	 */
	private final Set<String> saved = ConcurrentHashMap.newKeySet();

	UnwrittenChanges(String shopId, PushStateService state, Executor executor, Clock clock) {
		this.shopId = shopId;
		this.state = state;
		this.executor = executor;
		this.clock = clock;
	}

	/**
	 * Saves the changes (grouped with others).
	 * @return completes once they are saved; fails if they could not be (then the
	 * consumer's record goes to the shop's retry topic, which is just as durable)
	 */
	CompletableFuture<Void> save(Collection<StockChanged> changes) {
		CompletableFuture<Void> future = new CompletableFuture<>();
		if (changes.isEmpty()) {
			future.complete(null);
			return future;
		}
		changes.forEach((change) -> this.saved.add(change.sku()));
		boolean start;
		synchronized (this.lock) {
			this.queued.addAll(changes);
			this.waiting.add(future);
			start = !this.saving;
			this.saving = true;
		}
		if (start) {
			try {
				this.executor.execute(this::drain);
			}
			catch (RejectedExecutionException ex) { // shutting down
				fail(new RetryableDeliveryException("writer of shop " + this.shopId + " is shutting down", ex));
			}
		}
		return future;
	}

	/**
	 * The shop holds these versions of these SKUs now, or needs nothing for them. Never
	 * throws: a row left behind is harmless.
	 */
	void settle(Map<String, Long> versionBySku) {
		Map<String, Long> settled = new HashMap<>();
		versionBySku.forEach((sku, version) -> {
			if (this.saved.remove(sku)) {
				settled.put(sku, version);
			}
		});
		if (settled.isEmpty()) {
			return;
		}
		try {
			this.state.settleUnwritten(this.shopId, settled);
		}
		catch (RuntimeException ex) {
			logger.debug("Unwritten rows of {} SKUs of shop={} not cleared (harmless, written again at start): {}",
					settled.size(), this.shopId, ex.toString());
		}
	}

	/** The SKUs left from before the last stop, whose write may never have happened. */
	List<String> recover() {
		List<String> skus = this.state.unwritten(this.shopId);
		this.saved.addAll(skus);
		return skus;
	}

	private void drain() {
		while (true) {
			List<StockChanged> changes;
			List<CompletableFuture<Void>> futures;
			synchronized (this.lock) {
				if (this.queued.isEmpty()) {
					this.saving = false;
					return;
				}
				changes = this.queued;
				futures = this.waiting;
				this.queued = new ArrayList<>();
				this.waiting = new ArrayList<>();
			}
			try {
				this.state.saveUnwritten(this.shopId, newestPerSku(changes), this.clock.instant());
				futures.forEach((future) -> future.complete(null));
			}
			catch (RuntimeException ex) {
				RuntimeException failure = BatchSender.classify(ex);
				logger.warn("Cannot save {} gathered changes of shop={}; their records go to its retry topic: {}",
						changes.size(), this.shopId, failure.getMessage());
				futures.forEach((future) -> future.completeExceptionally(failure));
			}
		}
	}

	private void fail(RuntimeException failure) {
		List<CompletableFuture<Void>> futures;
		synchronized (this.lock) {
			futures = this.waiting;
			this.queued = new ArrayList<>();
			this.waiting = new ArrayList<>();
			this.saving = false;
		}
		futures.forEach((future) -> future.completeExceptionally(failure));
	}

	private static Collection<StockChanged> newestPerSku(List<StockChanged> changes) {
		Map<String, StockChanged> newest = new HashMap<>();
		changes.forEach((change) -> newest.merge(change.sku(), change,
				(known, next) -> (next.version() > known.version()) ? next : known));
		return newest.values();
	}

}
