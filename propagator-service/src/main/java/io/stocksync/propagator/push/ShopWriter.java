package io.stocksync.propagator.push;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import io.stocksync.common.event.StockChanged;
import io.stocksync.common.rules.Allocation;
import io.stocksync.common.shop.ShopConfig;
import io.stocksync.propagator.mapping.MappingService;
import io.stocksync.propagator.mapping.ShopMapping;
import io.stocksync.woo.CatalogueItem;
import io.stocksync.woo.StockWrite;
import io.stocksync.woo.StockWriteResult;
import io.stocksync.woo.WooApiException;
import io.stocksync.woo.WooClient;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Writes the current truth of SKUs to one shop, coalesced and batched.
 * <p>
 * Every stock change (and every retry of one) asks for its SKU to be pushed and gets a future. Requests gathered
 * within {@code coalesceWindow} go out together: each SKU once, with the newest known truth (read from PostgreSQL
 * after the triggering changes were saved there), simple products in {@code POST products/batch} and variations per
 * parent in {@code POST products/{id}/variations/batch}, at most 100 items each. A SKU is never in two requests at
 * once: requests for a SKU that is being written wait for the next round, so an older quantity can never land after
 * a newer one. An item a batch rejects is tried once more on its own ({@code PUT}); a write the shop confirms moves
 * the version guard and completes the futures of that SKU. Nothing older than what the guard holds is written, and
 * nothing already there is written again.
 * <p>
 * Thread-safe. Requests run on this shop's own worker threads through its {@link ShopGate}, so a slow or failing
 * shop never holds up another.
 */
final class ShopWriter {

	private static final Logger logger = LoggerFactory.getLogger(ShopWriter.class);

	static final int BATCH_LIMIT = 100;

	private final ShopConfig shop;

	private final WooClient client;

	private final ShopGate gate;

	private final PushStateService state;

	private final MappingService mappings;

	private final ScheduledExecutorService scheduler;

	private final ExecutorService workers;

	private final int maxConcurrency;

	private final Duration window;

	private final Clock clock;

	private final MeterRegistry meters;

	private final Object lock = new Object();

	private final Map<String, Pending> pending = new LinkedHashMap<>();

	private final Set<String> inFlight = new HashSet<>();

	/* SKU -> why its last write failed; read by the DLT handler. */
	private final Map<String, String> lastFailures = new java.util.concurrent.ConcurrentHashMap<>();

	private boolean flushScheduled;

	private int running;

	private boolean paused;

	ShopWriter(ShopConfig shop, WooClient client, ShopGate gate, PushStateService state, MappingService mappings,
			ScheduledExecutorService scheduler, ExecutorService workers, int maxConcurrency, Duration window,
			Clock clock, MeterRegistry meters) {
		this.shop = shop;
		this.client = client;
		this.gate = gate;
		this.state = state;
		this.mappings = mappings;
		this.scheduler = scheduler;
		this.workers = workers;
		this.maxConcurrency = maxConcurrency;
		this.window = window;
		this.clock = clock;
		this.meters = meters;
	}

	ShopConfig shop() {
		return this.shop;
	}

	/**
	 * Asks for the change's SKU to be written.
	 * @return completes once the shop holds this change's version or a newer one (or there is nothing to write:
	 * unmapped SKU, already written); fails with {@link RetryableDeliveryException} or
	 * {@link RejectedDeliveryException}
	 */
	CompletableFuture<Void> submit(StockChanged change) {
		return enqueue(change.sku(), change, false);
	}

	/** Writes the SKU's current truth even if the guard says it is there already (DLT replay). */
	CompletableFuture<Void> pushCurrent(String sku) {
		return enqueue(sku, null, true);
	}

	/** Why the last write of the SKU failed, or null if it has not failed since it was last written. */
	String lastFailure(String sku) {
		return (sku != null) ? this.lastFailures.get(sku) : null;
	}

	void pause() {
		synchronized (this.lock) {
			this.paused = true;
		}
	}

	void resume() {
		synchronized (this.lock) {
			this.paused = false;
			scheduleFlush(Duration.ZERO);
		}
	}

	Status status() {
		synchronized (this.lock) {
			return new Status(this.shop.id(), this.paused, this.pending.size(), this.inFlight.size(),
					this.gate.status());
		}
	}

	/**
	 * SKUs being written right now or waiting for the next write. While the shop is paused, waiting SKUs are held
	 * rather than on their way, so only those being written count.
	 */
	Set<String> busySkus() {
		synchronized (this.lock) {
			Set<String> busy = new HashSet<>(this.inFlight);
			if (!this.paused) {
				busy.addAll(this.pending.keySet());
			}
			return busy;
		}
	}

	private CompletableFuture<Void> enqueue(String sku, StockChanged change, boolean force) {
		CompletableFuture<Void> future = new CompletableFuture<>();
		synchronized (this.lock) {
			this.pending.computeIfAbsent(sku, Pending::new).add(change, force, future);
			scheduleFlush(this.window);
		}
		return future;
	}

	/* Callers hold the lock. */
	private void scheduleFlush(Duration delay) {
		if (this.flushScheduled || this.paused || this.pending.isEmpty() || this.running >= this.maxConcurrency) {
			return;
		}
		this.flushScheduled = true;
		this.scheduler.schedule(this::flush, delay.toMillis(), TimeUnit.MILLISECONDS);
	}

	private void flush() {
		List<Pending> batch = new ArrayList<>();
		synchronized (this.lock) {
			this.flushScheduled = false;
			if (this.paused || this.running >= this.maxConcurrency) {
				return;
			}
			for (Iterator<Pending> it = this.pending.values().iterator(); it.hasNext();) {
				Pending next = it.next();
				if (this.inFlight.add(next.sku)) {
					batch.add(next);
					it.remove();
				}
			}
			if (batch.isEmpty()) {
				return;
			}
			this.running++;
		}
		try {
			this.workers.execute(() -> {
				try {
					write(batch);
				}
				finally {
					finished(batch);
				}
			});
		}
		catch (RuntimeException ex) { // shutting down
			batch.forEach((p) -> failed(p, new RetryableDeliveryException("writer of shop " + this.shop.id()
					+ " is shutting down", ex)));
			finished(batch);
		}
	}

	private void finished(List<Pending> batch) {
		synchronized (this.lock) {
			this.running--;
			batch.forEach((p) -> this.inFlight.remove(p.sku));
			// Requests that waited for an in-flight SKU have waited long enough: go now.
			scheduleFlush(Duration.ZERO);
		}
	}

	private void write(List<Pending> batch) {
		try {
			List<StockChanged> changes = batch.stream().flatMap((p) -> p.changes.stream()).toList();
			this.state.saveTruth(changes, this.clock.instant());
			PushStateService.Snapshot snapshot = this.state.read(this.shop.id(),
					batch.stream().map((p) -> p.sku).toList());
			ShopMapping mapping = this.mappings.current(this.shop.id()).orElseGet(() -> this.mappings.refresh(this.shop));
			List<Item> products = new ArrayList<>();
			Map<Long, List<Item>> variationsByParent = new TreeMap<>();
			for (Pending p : batch) {
				Truth truth = snapshot.truth().get(p.sku);
				if (truth == null) {
					count("unknown");
					completed(p);
					continue;
				}
				Allocation.Published published = truth.publishedTo(this.shop);
				if (!published.sync()) {
					// sync: false for this SKU on this shop: its quantity there is the merchant's, never written
					count("excluded");
					completed(p);
					continue;
				}
				long quantity = published.quantity();
				Written written = snapshot.written().get(p.sku);
				if (written != null && (written.version() > truth.version()
						|| (!p.force && written.version() == truth.version() && written.quantity() == quantity))) {
					count("skipped");
					completed(p);
					continue;
				}
				Optional<CatalogueItem> item = mapping.find(p.sku);
				if (item.isEmpty()) {
					count("unmapped");
					logger.debug("SKU {} is not a unique stock-managed item of shop={}; nothing written", p.sku,
							this.shop.id());
					completed(p);
					continue;
				}
				Item next = new Item(p, truth, quantity, item.get());
				if (next.catalogue.isVariation()) {
					variationsByParent.computeIfAbsent(next.catalogue.productId(), (id) -> new ArrayList<>()).add(next);
				}
				else {
					products.add(next);
				}
			}
			for (int from = 0; from < products.size(); from += BATCH_LIMIT) {
				send(0, products.subList(from, Math.min(products.size(), from + BATCH_LIMIT)));
			}
			for (Map.Entry<Long, List<Item>> entry : variationsByParent.entrySet()) {
				List<Item> items = entry.getValue();
				for (int from = 0; from < items.size(); from += BATCH_LIMIT) {
					send(entry.getKey(), items.subList(from, Math.min(items.size(), from + BATCH_LIMIT)));
				}
			}
		}
		catch (RuntimeException ex) {
			RuntimeException failure = classify(ex);
			logger.warn("Push of {} SKUs to shop={} failed: {}", batch.size(), this.shop.id(), failure.getMessage());
			batch.forEach((p) -> failed(p, failure));
		}
	}

	/** One batch request; items it rejects get one single write each. */
	private void send(long parentId, List<Item> items) {
		List<StockWrite> writes = items.stream()
			.map((item) -> new StockWrite(item.catalogue.isVariation() ? item.catalogue.variationId()
					: item.catalogue.productId(), item.quantity))
			.toList();
		List<StockWriteResult> results;
		try {
			this.gate.acquire();
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			fail(items, new RetryableDeliveryException("interrupted while waiting for shop " + this.shop.id(), ex));
			return;
		}
		catch (RuntimeException ex) {
			fail(items, classify(ex));
			return;
		}
		try {
			results = (parentId == 0) ? this.client.writeProductStock(writes)
					: this.client.writeVariationStock(parentId, writes);
			this.gate.succeeded();
			request("batch", "ok");
		}
		catch (RuntimeException ex) {
			this.gate.failed(ex);
			request("batch", outcome(ex));
			fail(items, classify(ex));
			return;
		}
		List<Item> written = new ArrayList<>();
		for (int i = 0; i < items.size(); i++) {
			Item item = items.get(i);
			StockWriteResult result = (i < results.size()) ? results.get(i) : null;
			if (result != null && result.ok()) {
				written.add(item);
			}
			else {
				String reason = (result != null) ? result.errorCode() + ": " + result.errorMessage() : "no result";
				logger.info("Shop {} rejected sku={} in a batch ({}); trying a single write", this.shop.id(),
						item.pending.sku, reason);
				if (writeSingle(item, reason)) {
					written.add(item);
				}
			}
		}
		confirm(written);
	}

	private boolean writeSingle(Item item, String batchReason) {
		try {
			this.gate.acquire();
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			failed(item.pending, new RetryableDeliveryException("interrupted while waiting for shop " + this.shop.id(), ex));
			return false;
		}
		catch (RuntimeException ex) {
			failed(item.pending, classify(ex));
			return false;
		}
		try {
			this.client.writeStock(item.catalogue, item.quantity);
			this.gate.succeeded();
			request("single", "ok");
			return true;
		}
		catch (RuntimeException ex) {
			this.gate.failed(ex);
			request("single", outcome(ex));
			RuntimeException failure = classify(ex);
			count((failure instanceof RejectedDeliveryException) ? "rejected" : "failed");
			logger.warn("Shop {} rejected sku={} quantity={} (batch: {}; single write: {})", this.shop.id(),
					item.pending.sku, item.quantity, batchReason, failure.getMessage());
			failed(item.pending, failure);
			return false;
		}
	}

	private void confirm(List<Item> written) {
		if (written.isEmpty()) {
			return;
		}
		List<OwnWrite> writes = written.stream()
			.map((item) -> new OwnWrite(this.shop.id(), item.pending.sku, item.catalogue.productId(),
					item.catalogue.variationId(), item.quantity, item.truth.version(), this.clock.instant()))
			.toList();
		List<String> superseded;
		try {
			superseded = this.state.recordWrites(writes);
		}
		catch (RuntimeException ex) {
			// The shop has the quantities but the guard did not move: a retry writes the same truth again.
			fail(written, classify(ex));
			return;
		}
		Instant now = this.clock.instant();
		for (Item item : written) {
			count("written");
			recordLatency(item.pending, now);
			logger.info("Wrote sku={} quantity={} version={} to shop={}", item.pending.sku, item.quantity,
					item.truth.version(), this.shop.id());
			completed(item.pending);
		}
		for (String sku : superseded) {
			logger.info("A newer version of sku={} was written to shop={} meanwhile; pushing current truth again", sku,
					this.shop.id());
			pushCurrent(sku);
		}
	}

	private void fail(List<Item> items, RuntimeException failure) {
		items.forEach((item) -> {
			count((failure instanceof RejectedDeliveryException) ? "rejected" : "failed");
			failed(item.pending, failure);
		});
	}

	private void completed(Pending pending) {
		this.lastFailures.remove(pending.sku);
		pending.complete();
	}

	private void failed(Pending pending, RuntimeException failure) {
		this.lastFailures.put(pending.sku, failure.getMessage());
		pending.fail(failure);
	}

	static RuntimeException classify(Throwable ex) {
		if (ex instanceof RetryableDeliveryException || ex instanceof RejectedDeliveryException) {
			return (RuntimeException) ex;
		}
		if (ex instanceof WooApiException api) {
			return api.retryable() ? new RetryableDeliveryException(api.getMessage(), api)
					: new RejectedDeliveryException(api.getMessage(), api);
		}
		return new RetryableDeliveryException(ex.toString(), ex);
	}

	private static String outcome(Throwable ex) {
		if (ex instanceof WooApiException api) {
			return (api.status() == 0) ? "io_error" : Integer.toString(api.status());
		}
		return (ex instanceof ShopUnavailableException) ? "circuit_open" : "error";
	}

	/* From the ledger's commit of the oldest change this write carries to the shop confirming it. */
	private void recordLatency(Pending pending, Instant confirmed) {
		pending.changes.stream()
			.map(StockChanged::occurredAt)
			.filter(Objects::nonNull)
			.min(Instant::compareTo)
			.ifPresent((occurred) -> Timer.builder("stocksync.propagation.latency")
				.description("time from the ledger committing a change to a shop confirming the write")
				.tag("shop", this.shop.id())
				.publishPercentileHistogram()
				.register(this.meters)
				.record(Duration.between(occurred, confirmed)));
	}

	private void count(String outcome) {
		this.meters.counter("stocksync.propagator.writes", "shop", this.shop.id(), "outcome", outcome).increment();
	}

	private void request(String kind, String outcome) {
		this.meters.counter("stocksync.propagator.requests", "shop", this.shop.id(), "kind", kind, "outcome", outcome)
			.increment();
	}

	/** The requests for one SKU gathered so far. */
	private static final class Pending {

		private final String sku;

		private final List<StockChanged> changes = new ArrayList<>(1);

		private final List<CompletableFuture<Void>> futures = new ArrayList<>(1);

		private boolean force;

		Pending(String sku) {
			this.sku = sku;
		}

		void add(StockChanged change, boolean force, CompletableFuture<Void> future) {
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
			this.futures.add(future);
		}

		void complete() {
			this.futures.forEach((future) -> future.complete(null));
		}

		void fail(RuntimeException failure) {
			this.futures.forEach((future) -> future.completeExceptionally(failure));
		}

	}

	private record Item(Pending pending, Truth truth, long quantity, CatalogueItem catalogue) {
	}

	/**
	 * @param shopId the shop
	 * @param paused whether an operator paused it
	 * @param pendingSkus SKUs waiting to be written
	 * @param inFlightSkus SKUs being written
	 * @param gate politeness state
	 */
	record Status(String shopId, boolean paused, int pendingSkus, int inFlightSkus, ShopGate.Status gate) {
	}

}
