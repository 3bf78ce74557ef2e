package io.stocksync.propagator.write;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
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
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;

import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import io.stocksync.common.event.StockChanged;
import io.stocksync.common.rules.Allocation;
import io.stocksync.common.shop.ShopConfig;
import io.stocksync.propagator.delivery.RejectedDeliveryException;
import io.stocksync.propagator.delivery.RetryableDeliveryException;
import io.stocksync.propagator.mapping.MappingService;
import io.stocksync.propagator.mapping.ShopMapping;
import io.stocksync.propagator.politeness.ShopGate;
import io.stocksync.propagator.politeness.ShopUnavailableException;
import io.stocksync.woo.CatalogueItem;
import io.stocksync.woo.StockWrite;
import io.stocksync.woo.StockWriteResult;
import io.stocksync.woo.WooApiException;
import io.stocksync.woo.WooClient;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Writes the current truth of SKUs to one shop, coalesced adaptively and batched.
 * <p>
 * Every stock change (and every retry of one) asks for its SKU to be pushed and gets a
 * future. <b>Adaptive coalescing:</b> when the shop has a free request slot (fewer than
 * {@code maxConcurrency} requests under way) and its gate allows a start (rate,
 * {@code Retry-After}, backoff), the waiting SKUs are written at once, after at most
 * {@code gather} (default 0). Changes that arrive while the slots are taken or the rate
 * budget is spent wait, and go out together in the next request: each SKU once, with the
 * newest known truth (read from PostgreSQL after the triggering changes were saved
 * there). Simple products go in {@code POST products/batch} and variations per parent in
 * {@code POST products/{id}/variations/batch}, at most 100 items each; the requests of
 * one round go out in parallel within the shop's in-flight cap.
 * <p>
 * <b>Backlog:</b> while the shop's consumer reports records still to read on the main
 * topic ({@link #position}), the writer keeps gathering instead of writing (for at most
 * {@code backlogHold} at a time), so a shop that is behind (a pause, an outage, a fresh
 * consumer group) writes each SKU's newest truth once instead of its history one version
 * at a time.
 * <p>
 * A SKU is never in two requests at once: requests for a SKU that is being written wait
 * for the next round, so an older quantity can never land after a newer one. An item a
 * batch rejects is tried once more on its own ({@code PUT}); a write the shop confirms
 * moves the version guard and completes the futures of that SKU. Nothing older than what
 * the guard holds is written, and nothing already there is written again.
 * <p>
 * Thread-safe. Requests run on this shop's own worker threads through its
 * {@link ShopGate}, so a slow or failing shop never holds up another.
 */
public final class ShopWriter {

	private static final Logger logger = LoggerFactory.getLogger(ShopWriter.class);

	static final int BATCH_LIMIT = 100;

	/*
	 * A stand-in partition:
	 * "just resumed, the consumer has not said yet how far behind it is".
	 */
	private static final int RESUMED = -1;

	private final ShopConfig shop;

	private final WooClient client;

	private final ShopGate gate;

	private final PushStateService state;

	private final MappingService mappings;

	private final ScheduledExecutorService scheduler;

	private final ExecutorService workers;

	private final int maxConcurrency;

	private final Duration gather;

	private final Duration backlogHold;

	private final Clock clock;

	private final MeterRegistry meters;

	private final java.util.function.Consumer<StockChanged> retryLater;

	private final Object lock = new Object();

	private final Map<String, Pending> pending = new LinkedHashMap<>();

	private final Set<String> inFlight = new HashSet<>();

	/*
	 * Main-topic partition -> (records still to read, when reported); the writer holds
	 * its writes while any is > 0.
	 */
	private final Map<Integer, Behind> behind = new HashMap<>();

	/* SKU -> why its last write failed; read by the DLT handler. */
	private final Map<String, String> lastFailures = new java.util.concurrent.ConcurrentHashMap<>();

	private ScheduledFuture<?> flushTask;

	private Instant flushAt;

	/* Slots taken: rounds being resolved plus requests queued or under way. */
	private int slotsUsed;

	/*
	 * Waiting SKUs somebody waits for (a future): they go out even while a backlog is
	 * gathered.
	 */
	private int trackedPending;

	private Instant holdingSince;

	private boolean paused;

	ShopWriter(ShopConfig shop, WooClient client, ShopGate gate, PushStateService state, MappingService mappings,
			ScheduledExecutorService scheduler, ExecutorService workers, int maxConcurrency, Duration gather,
			Duration backlogHold, Clock clock, MeterRegistry meters,
			java.util.function.Consumer<StockChanged> retryLater) {
		this.shop = shop;
		this.client = client;
		this.gate = gate;
		this.state = state;
		this.mappings = mappings;
		this.scheduler = scheduler;
		this.workers = workers;
		this.maxConcurrency = maxConcurrency;
		this.gather = gather;
		this.backlogHold = backlogHold;
		this.clock = clock;
		this.meters = meters;
		this.retryLater = retryLater;
	}

	ShopConfig shop() {
		return this.shop;
	}

	/**
	 * Asks for the change's SKU to be written.
	 * @return completes once the shop holds this change's version or a newer one (or
	 * there is nothing to write: unmapped SKU, already written); fails with
	 * {@link RetryableDeliveryException} or {@link RejectedDeliveryException}
	 */
	CompletableFuture<Void> submit(StockChanged change) {
		return enqueue(change.sku(), change, false);
	}

	/**
	 * Takes a change the consumer has already passed (a backlog record with newer ones
	 * behind it): it is gathered like any other, but nobody waits for it, so the consumer
	 * reads on (spring-kafka pauses a consumer until every future of its last poll is
	 * done). Should its write fail, the newest change of the SKU goes to the shop's retry
	 * topic ({@code retryLater}), and from there the usual retries and DLT apply.
	 */
	void absorb(StockChanged change) {
		synchronized (this.lock) {
			this.pending.computeIfAbsent(change.sku(), Pending::new).add(change, false, null);
			scheduleFlush(this.gather);
		}
	}

	/**
	 * Writes the SKU's current truth even if the guard says it is there already (DLT
	 * replay, hand edits).
	 */
	CompletableFuture<Void> pushCurrent(String sku) {
		return enqueue(sku, null, true);
	}

	/**
	 * The consumer's position on one partition of the main topic: how many records it has
	 * still to read after the one it hands over now. While any partition has some, the
	 * writer gathers (backlog coalescing).
	 * @return whether the writer is gathering a backlog: then the consumer hands the
	 * record over with {@link #absorb} (a record it waited for would stop the consumer,
	 * and with it the other partitions' backlog)
	 */
	boolean position(int partition, long remaining) {
		synchronized (this.lock) {
			Instant now = this.clock.instant();
			this.behind.remove(RESUMED); // the consumer speaks for itself now
			if (remaining > 0) {
				this.behind.put(partition, new Behind(remaining, now));
				if (this.holdingSince == null) {
					this.holdingSince = now;
					releaseWaitingConsumers();
					if (remaining >= BATCH_LIMIT) {
						logger.info("Shop {} is behind ({} records on partition {}); gathering the backlog",
								this.shop.id(), remaining, partition);
					}
				}
			}
			else {
				this.behind.remove(partition);
				if (!holding(now)) {
					scheduleFlush(Duration.ZERO);
				}
			}
			return holding(now);
		}
	}

	/**
	 * Why the last write of the SKU failed, or null if it has not failed since it was
	 * last written.
	 */
	String lastFailure(String sku) {
		return (sku != null) ? this.lastFailures.get(sku) : null;
	}

	void pause() {
		synchronized (this.lock) {
			this.paused = true;
		}
	}

	/*
	 * What the consumer handed over while the shop was paused (before its own pause took
	 * effect) waits here; the records that came after are still in Kafka. Gather both as
	 * one backlog: hold until the consumer reports where it stands (or backlogHold
	 * passes), so the held SKUs are not written once now and again with the backlog.
	 */
	void resume() {
		synchronized (this.lock) {
			this.paused = false;
			if (!this.pending.isEmpty()) {
				Instant now = this.clock.instant();
				this.behind.put(RESUMED, new Behind(1, now));
				if (this.holdingSince == null) {
					this.holdingSince = now;
				}
				releaseWaitingConsumers();
			}
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
	 * SKUs being written right now or waiting for the next write. While the shop is
	 * paused, waiting SKUs are held rather than on their way, so only those being written
	 * count.
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
			if (this.pending.computeIfAbsent(sku, Pending::new).add(change, force, future)) {
				this.trackedPending++;
			}
			scheduleFlush(this.gather);
		}
		return future;
	}

	/*
	 * Callers hold the lock. Plans the next round for the earliest moment it may start:
	 * after the minimum gather, once the gate allows a start, and once a backlog hold is
	 * over. A round planned for later moves earlier if need be.
	 */
	private void scheduleFlush(Duration delay) {
		if (this.paused || this.pending.isEmpty() || this.slotsUsed >= this.maxConcurrency) {
			return;
		}
		Instant now = this.clock.instant();
		Instant at = latest(now.plus(delay), now.plus(this.gate.untilNextStart()));
		if (holding(now) && this.trackedPending == 0) {
			at = latest(at, this.holdingSince.plus(this.backlogHold));
		}
		if (this.flushTask != null) {
			if (!at.isBefore(this.flushAt)) {
				return;
			}
			this.flushTask.cancel(false);
		}
		this.flushAt = at;
		this.flushTask = this.scheduler.schedule(this::flush, Math.max(0, Duration.between(now, at).toMillis()),
				TimeUnit.MILLISECONDS);
	}

	/*
	 * Callers hold the lock. A backlog starts: the records the consumer still waits for
	 * become absorbed ones (see absorb), so the consumer reads on and they are written
	 * once, with the newest truth, with the rest. What no record stands for (a DLT
	 * replay, a hand edit restore) keeps its future and goes out as usual.
	 */
	private void releaseWaitingConsumers() {
		for (Pending waiting : this.pending.values()) {
			if (!waiting.futures.isEmpty() && !waiting.changes.isEmpty()) {
				waiting.complete();
				waiting.futures.clear();
				this.trackedPending--;
			}
		}
	}

	/*
	 * Callers hold the lock. Whether a backlog is being gathered; stale reports (a
	 * revoked partition) are dropped.
	 */
	private boolean holding(Instant now) {
		if (this.holdingSince == null) {
			return false;
		}
		this.behind.values().removeIf((b) -> b.reportedAt.plus(this.backlogHold).isBefore(now));
		if (this.behind.isEmpty()) {
			this.holdingSince = null;
			return false;
		}
		return now.isBefore(this.holdingSince.plus(this.backlogHold));
	}

	private void flush() {
		List<Pending> batch = new ArrayList<>();
		synchronized (this.lock) {
			this.flushTask = null;
			if (this.paused || this.slotsUsed >= this.maxConcurrency) {
				return; // a finishing request plans the next round
			}
			Instant now = this.clock.instant();
			boolean hold = holding(now);
			if ((hold && this.trackedPending == 0) || !this.gate.untilNextStart().isZero()) {
				scheduleFlush(Duration.ZERO);
				return;
			}
			if (!hold && this.holdingSince != null) {
				this.holdingSince = now; // the hold ran out while still behind: write
											// what we have, then hold again
			}
			for (Iterator<Pending> it = this.pending.values().iterator(); it.hasNext();) {
				Pending next = it.next();
				// While gathering a backlog only what a consumer waits for goes out:
				// holding it would stop the
				// consumer (it waits for every future of its last poll), and with it the
				// backlog.
				boolean tracked = !next.futures.isEmpty();
				if ((!hold || tracked) && this.inFlight.add(next.sku)) {
					batch.add(next);
					it.remove();
					this.trackedPending -= tracked ? 1 : 0;
				}
			}
			if (batch.isEmpty()) {
				return; // all of them are being written: the end of those writes plans
						// the next round
			}
			this.slotsUsed++;
		}
		boolean resolved = false;
		try {
			this.workers.execute(() -> {
				List<Request> requests = List.of();
				try {
					requests = resolve(batch);
				}
				finally {
					started(requests);
				}
			});
			resolved = true;
		}
		catch (RuntimeException ex) { // shutting down
			batch.forEach((p) -> failed(p,
					new RetryableDeliveryException("writer of shop " + this.shop.id() + " is shutting down", ex)));
		}
		finally {
			if (!resolved) {
				release(batch, 1);
			}
		}
	}

	/*
	 * The round is resolved into requests: they take its slot and one slot each, and go
	 * out in parallel.
	 */
	private void started(List<Request> requests) {
		synchronized (this.lock) {
			this.slotsUsed += requests.size() - 1;
		}
		for (Request request : requests) {
			try {
				this.workers.execute(() -> {
					try {
						send(request.parentId, request.items);
					}
					finally {
						release(request.items.stream().map(Item::pending).toList(), 1);
					}
				});
			}
			catch (RuntimeException ex) { // shutting down
				fail(request.items,
						new RetryableDeliveryException("writer of shop " + this.shop.id() + " is shutting down", ex));
				release(request.items.stream().map(Item::pending).toList(), 1);
			}
		}
		if (requests.isEmpty()) {
			release(List.of(), 0);
		}
	}

	/*
	 * Frees the SKUs and slots; waiting SKUs have waited long enough: the next round goes
	 * as soon as it may.
	 */
	private void release(List<Pending> done, int slots) {
		synchronized (this.lock) {
			this.slotsUsed -= slots;
			done.forEach((p) -> this.inFlight.remove(p.sku));
			scheduleFlush(Duration.ZERO);
		}
	}

	/*
	 * Reads the truth and the guard of the round's SKUs and turns what needs writing into
	 * requests. SKUs with nothing to write are completed and freed here.
	 */
	private List<Request> resolve(List<Pending> batch) {
		List<Pending> done = new ArrayList<>();
		try {
			List<StockChanged> changes = batch.stream().flatMap((p) -> p.changes.stream()).toList();
			this.state.saveTruth(changes, this.clock.instant());
			PushStateService.Snapshot snapshot = this.state.read(this.shop.id(),
					batch.stream().map((p) -> p.sku).toList());
			ShopMapping mapping = this.mappings.current(this.shop.id())
				.orElseGet(() -> this.mappings.refresh(this.shop));
			List<Item> products = new ArrayList<>();
			Map<Long, List<Item>> variationsByParent = new TreeMap<>();
			List<OwnWrite> known = new ArrayList<>();
			for (Pending p : batch) {
				Truth truth = snapshot.truth().get(p.sku);
				if (truth == null) {
					count("unknown");
					completed(p);
					done.add(p);
					continue;
				}
				Allocation.Published published = truth.publishedTo(this.shop);
				if (!published.sync()) {
					// sync: false for this SKU on this shop: its quantity there is the
					// merchant's, never written
					count("excluded");
					completed(p);
					done.add(p);
					continue;
				}
				long quantity = published.quantity();
				Written written = snapshot.written().get(p.sku);
				if (written != null && (written.version() > truth.version()
						|| (!p.force && written.version() == truth.version() && written.quantity() == quantity))) {
					count("skipped");
					completed(p);
					done.add(p);
					continue;
				}
				Optional<CatalogueItem> item = mapping.find(p.sku);
				ShopReport report = snapshot.reports().get(p.sku);
				if (!p.force && item.isPresent() && report != null && report.quantity() == quantity
						&& (written == null || report.reportedAt().isAfter(written.writtenAt()))) {
					// The shop said itself (after our last write) that it shows this:
					// e.g. the shop that made the sale.
					count("known");
					known.add(new OwnWrite(this.shop.id(), p.sku, item.get().productId(), item.get().variationId(),
							quantity, truth.version(), this.clock.instant()));
					completed(p);
					done.add(p);
					continue;
				}
				if (item.isEmpty()) {
					count("unmapped");
					logger.debug("SKU {} is not a unique stock-managed item of shop={}; nothing written", p.sku,
							this.shop.id());
					completed(p);
					done.add(p);
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
			List<Request> requests = new ArrayList<>();
			for (int from = 0; from < products.size(); from += BATCH_LIMIT) {
				requests.add(new Request(0, products.subList(from, Math.min(products.size(), from + BATCH_LIMIT))));
			}
			for (Map.Entry<Long, List<Item>> entry : variationsByParent.entrySet()) {
				List<Item> items = entry.getValue();
				for (int from = 0; from < items.size(); from += BATCH_LIMIT) {
					requests.add(new Request(entry.getKey(),
							items.subList(from, Math.min(items.size(), from + BATCH_LIMIT))));
				}
			}
			if (!known.isEmpty()) {
				this.state.recordKnown(known);
			}
			release(done, 0);
			return requests;
		}
		catch (RuntimeException ex) {
			RuntimeException failure = classify(ex);
			logger.warn("Push of {} SKUs to shop={} failed: {}", batch.size(), this.shop.id(), failure.getMessage());
			batch.stream().filter((p) -> !done.contains(p)).forEach((p) -> failed(p, failure));
			release(batch, 0);
			return List.of();
		}
	}

	/** One batch request; items it rejects get one single write each. */
	private void send(long parentId, List<Item> items) {
		List<StockWrite> writes = items.stream()
			.map((item) -> new StockWrite(
					item.catalogue.isVariation() ? item.catalogue.variationId() : item.catalogue.productId(),
					item.quantity))
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
			failed(item.pending,
					new RetryableDeliveryException("interrupted while waiting for shop " + this.shop.id(), ex));
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
			// The shop has the quantities but the guard did not move: a retry writes the
			// same truth again.
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
		if (pending.futures.isEmpty() && !pending.changes.isEmpty()) {
			this.retryLater.accept(pending.changes.get(0));
		}
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

	/*
	 * From the ledger's commit of the oldest change this write carries to the shop
	 * confirming it.
	 */
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
	 * One batch request: simple products ({@code parentId} 0) or variations of one
	 * parent.
	 */
	private record Request(long parentId, List<Item> items) {
	}

	private record Behind(long remaining, Instant reportedAt) {
	}

	private static Instant latest(Instant first, Instant second) {
		return first.isAfter(second) ? first : second;
	}

	/**
	 * @param shopId the shop
	 * @param paused whether an operator paused it
	 * @param pendingSkus SKUs waiting to be written
	 * @param inFlightSkus SKUs being written
	 * @param gate politeness state
	 */
	public record Status(String shopId, boolean paused, int pendingSkus, int inFlightSkus, ShopGate.Status gate) {
	}

}
