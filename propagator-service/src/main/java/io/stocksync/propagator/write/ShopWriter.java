package io.stocksync.propagator.write;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;

import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import io.stocksync.common.event.StockChanged;
import io.stocksync.common.shop.ShopConfig;
import io.stocksync.propagator.delivery.RejectedDeliveryException;
import io.stocksync.propagator.delivery.RetryableDeliveryException;
import io.stocksync.propagator.mapping.MappingService;
import io.stocksync.propagator.mapping.ShopMapping;
import io.stocksync.propagator.politeness.ShopGate;
import io.stocksync.woo.CatalogueItem;
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
 * <b>Backlog:</b> once the shop's consumer reports records still to read on a partition
 * of the main topic ({@link #position}), either at least {@code backlogThreshold} of them
 * or any after a record produced before the shop's last resume, and while it still
 * reports any, the writer keeps gathering instead of writing (for at most
 * {@code backlogHold} at a time), so a shop that is behind (a pause, an outage, a fresh
 * consumer group) writes each SKU's newest truth once instead of its history one version
 * at a time. A steady stream (a few records behind at each poll) is not a backlog: it is
 * written as it comes.
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

	/* How long a recovery write that failed waits before it is tried again. */
	private static final Duration RECOVERY_RETRY = Duration.ofSeconds(30);

	private final ShopConfig shop;

	private final ShopGate gate;

	private final BatchSender sender;

	private final PushStateService state;

	private final MappingService mappings;

	private final ScheduledExecutorService scheduler;

	private final ExecutorService workers;

	private final int maxConcurrency;

	private final Duration gather;

	private final Clock clock;

	private final MeterRegistry meters;

	private final java.util.function.Consumer<StockChanged> retryLater;

	private final Object lock = new Object();

	private final WaitingSkus waiting = new WaitingSkus();

	private final Backlog backlog;

	private final UnwrittenChanges unwritten;

	/* SKU -> why its last write failed; read by the DLT handler. */
	private final Map<String, String> lastFailures = new java.util.concurrent.ConcurrentHashMap<>();

	private ScheduledFuture<?> flushTask;

	private Instant flushAt;

	/* Slots taken: rounds being resolved plus requests queued or under way. */
	private int slotsUsed;

	private boolean paused;

	private long resumes;

	ShopWriter(ShopConfig shop, WooClient client, ShopGate gate, PushStateService state, MappingService mappings,
			ScheduledExecutorService scheduler, ExecutorService workers, int maxConcurrency, Duration gather,
			Duration backlogHold, int backlogThreshold, UnwrittenChanges unwritten, Clock clock, MeterRegistry meters,
			java.util.function.Consumer<StockChanged> retryLater) {
		this.shop = shop;
		this.gate = gate;
		this.sender = new BatchSender(shop.id(), client, gate, meters);
		this.state = state;
		this.mappings = mappings;
		this.scheduler = scheduler;
		this.workers = workers;
		this.maxConcurrency = maxConcurrency;
		this.gather = gather;
		this.backlog = new Backlog(backlogHold, backlogThreshold);
		this.unwritten = unwritten;
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
	 * behind it): it is gathered like any other, but nobody waits for its write, so the
	 * consumer reads on (spring-kafka pauses a consumer until every future of its last
	 * poll is done). Should its write fail, the newest change of the SKU goes to the
	 * shop's retry topic ({@code retryLater}), and from there the usual retries and DLT
	 * apply.
	 * @return completes once the change is saved as not yet written
	 * ({@link UnwrittenChanges}): only then may its offset be committed, or a crash
	 * before the write would lose it
	 */
	CompletableFuture<Void> absorb(StockChanged change) {
		synchronized (this.lock) {
			this.waiting.add(change.sku(), change, false, null);
			scheduleFlush(this.gather);
		}
		return this.unwritten.save(List.of(change));
	}

	/**
	 * At start: writes the current truth of the SKUs that were gathered but maybe not
	 * written before the last stop. One that fails for a while is tried again later.
	 */
	void recover() {
		List<String> skus;
		try {
			skus = this.unwritten.recover();
		}
		catch (RuntimeException ex) {
			logger.warn("Cannot read the unwritten SKUs of shop={}; the drift check will correct them: {}",
					this.shop.id(), ex.toString());
			return;
		}
		if (!skus.isEmpty()) {
			logger.info("Shop {}: {} SKUs were gathered but maybe not written before the last stop; writing them",
					this.shop.id(), skus.size());
			skus.forEach(this::recover);
		}
	}

	private void recover(String sku) {
		enqueue(sku, null, false).whenComplete((ignored, failure) -> {
			if (failure instanceof RetryableDeliveryException) {
				try {
					this.scheduler.schedule(() -> recover(sku), RECOVERY_RETRY.toMillis(), TimeUnit.MILLISECONDS);
				}
				catch (RuntimeException ex) { // shutting down: the row stays for the next
												// start
					logger.debug("Recovery of sku={} on shop={} left for the next start", sku, this.shop.id());
				}
			}
			else if (failure != null) {
				logger.warn("Recovery write of sku={} to shop={} rejected; the drift check will correct it: {}", sku,
						this.shop.id(), failure.getMessage());
			}
		});
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
	boolean position(int partition, long remaining, Instant producedAt) {
		synchronized (this.lock) {
			Instant now = this.clock.instant();
			if (this.backlog.report(partition, remaining, producedAt, now)) {
				handOver(this.waiting.releaseWaitingConsumers());
				if (remaining >= Batches.LIMIT) {
					logger.info("Shop {} is behind ({} records on partition {}); gathering the backlog", this.shop.id(),
							remaining, partition);
				}
			}
			if (remaining <= 0 && !this.backlog.holding(now)) {
				scheduleFlush(Duration.ZERO);
			}
			return this.backlog.holding(now);
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
			this.resumes++;
			// Held even with nothing waiting: the consumer's first records after a resume
			// may not know yet how far behind it is (see resumes()).
			this.backlog.resumed(this.clock.instant());
			handOver(this.waiting.releaseWaitingConsumers());
			scheduleFlush(Duration.ZERO);
		}
	}

	/**
	 * How often the shop was resumed; the consumer checks each partition's end with the
	 * broker once after a start and after each resume.
	 */
	long resumes() {
		synchronized (this.lock) {
			return this.resumes;
		}
	}

	Status status() {
		synchronized (this.lock) {
			return new Status(this.shop.id(), this.paused, this.waiting.waiting(), this.waiting.inFlight(),
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
			return this.waiting.busy(!this.paused);
		}
	}

	/*
	 * The consumer's futures of released records complete once their changes are saved as
	 * not yet written (see absorb).
	 */
	private void handOver(WaitingSkus.Released released) {
		if (released.futures().isEmpty()) {
			return;
		}
		this.unwritten.save(released.changes())
			.whenComplete((ignored, failure) -> released.futures().forEach((future) -> {
				if (failure == null) {
					future.complete(null);
				}
				else {
					future.completeExceptionally(failure);
				}
			}));
	}

	private CompletableFuture<Void> enqueue(String sku, StockChanged change, boolean force) {
		CompletableFuture<Void> future = new CompletableFuture<>();
		synchronized (this.lock) {
			this.waiting.add(sku, change, force, future);
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
		if (this.paused || this.waiting.isEmpty() || this.slotsUsed >= this.maxConcurrency) {
			return;
		}
		Instant now = this.clock.instant();
		Instant at = latest(now.plus(delay), now.plus(this.gate.untilNextStart()));
		if (this.backlog.holding(now) && !this.waiting.anyTracked()) {
			at = latest(at, this.backlog.holdEnds());
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

	private void flush() {
		List<Pending> batch = new ArrayList<>();
		synchronized (this.lock) {
			this.flushTask = null;
			if (this.paused || this.slotsUsed >= this.maxConcurrency) {
				return; // a finishing request plans the next round
			}
			Instant now = this.clock.instant();
			boolean hold = this.backlog.holding(now);
			if ((hold && !this.waiting.anyTracked()) || !this.gate.untilNextStart().isZero()) {
				scheduleFlush(Duration.ZERO);
				return;
			}
			if (!hold) {
				// the hold ran out while still behind: write what we have, then hold
				// again
				this.backlog.roundStarted(now);
			}
			batch.addAll(this.waiting.takeRound(hold));
			if (batch.isEmpty()) {
				return; // all of them are being written: the end of those writes plans
						// the next round
			}
			this.slotsUsed++;
		}
		boolean resolved = false;
		try {
			this.workers.execute(() -> {
				List<Batches.Request> requests = List.of();
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
	private void started(List<Batches.Request> requests) {
		synchronized (this.lock) {
			this.slotsUsed += requests.size() - 1;
		}
		for (Batches.Request request : requests) {
			try {
				this.workers.execute(() -> {
					try {
						send(request);
					}
					finally {
						release(request.items().stream().map(Item::pending).toList(), 1);
					}
				});
			}
			catch (RuntimeException ex) { // shutting down
				fail(request.items(),
						new RetryableDeliveryException("writer of shop " + this.shop.id() + " is shutting down", ex));
				release(request.items().stream().map(Item::pending).toList(), 1);
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
			this.waiting.done(done);
			scheduleFlush(Duration.ZERO);
		}
	}

	/*
	 * Reads the truth and the guard of the round's SKUs and turns what needs writing into
	 * requests. SKUs with nothing to write are completed and freed here.
	 */
	private List<Batches.Request> resolve(List<Pending> batch) {
		List<Pending> done = new ArrayList<>();
		try {
			List<StockChanged> changes = batch.stream().flatMap((p) -> p.changes.stream()).toList();
			this.state.saveTruth(changes, this.clock.instant());
			PushStateService.Snapshot snapshot = this.state.read(this.shop.id(),
					batch.stream().map((p) -> p.sku).toList());
			ShopMapping mapping = this.mappings.current(this.shop.id())
				.orElseGet(() -> this.mappings.refresh(this.shop));
			List<Item> items = new ArrayList<>();
			List<OwnWrite> known = new ArrayList<>();
			Map<String, Long> settled = new HashMap<>();
			for (Pending p : batch) {
				Optional<CatalogueItem> item = mapping.find(p.sku);
				WriteDecision decision = WriteDecision.decide(this.shop, p.force, snapshot.truth().get(p.sku),
						snapshot.written().get(p.sku), snapshot.reports().get(p.sku), item);
				if (decision.outcome() == WriteDecision.Outcome.WRITE) {
					items.add(new Item(p, decision.version(), decision.quantity(), item.get()));
					continue;
				}
				count(decision.outcome().tag());
				if (decision.outcome() != WriteDecision.Outcome.UNKNOWN) {
					settled.put(p.sku, decision.version());
				}
				if (decision.outcome() == WriteDecision.Outcome.KNOWN) {
					known.add(new OwnWrite(this.shop.id(), p.sku, item.get().productId(), item.get().variationId(),
							decision.quantity(), decision.version(), this.clock.instant()));
				}
				else if (decision.outcome() == WriteDecision.Outcome.UNMAPPED) {
					logger.debug("SKU {} is not a unique stock-managed item of shop={}; nothing written", p.sku,
							this.shop.id());
				}
				completed(p);
				done.add(p);
			}
			List<Batches.Request> requests = Batches.plan(items);
			if (!known.isEmpty()) {
				this.state.recordKnown(known);
			}
			this.unwritten.settle(settled);
			release(done, 0);
			return requests;
		}
		catch (RuntimeException ex) {
			RuntimeException failure = BatchSender.classify(ex);
			logger.warn("Push of {} SKUs to shop={} failed: {}", batch.size(), this.shop.id(), failure.getMessage());
			batch.stream().filter((p) -> !done.contains(p)).forEach((p) -> failed(p, failure));
			release(batch, 0);
			return List.of();
		}
	}

	/* One batch request; what the shop confirmed moves the guard, the rest fails. */
	private void send(Batches.Request request) {
		BatchSender.Sent sent = this.sender.send(request);
		sent.failed().forEach((item, failure) -> failed(item.pending(), failure));
		confirm(sent.written());
	}

	private void confirm(List<Item> written) {
		if (written.isEmpty()) {
			return;
		}
		List<OwnWrite> writes = written.stream()
			.map((item) -> new OwnWrite(this.shop.id(), item.sku(), item.catalogue().productId(),
					item.catalogue().variationId(), item.quantity(), item.version(), this.clock.instant()))
			.toList();
		List<String> superseded;
		try {
			superseded = this.state.recordWrites(writes);
		}
		catch (RuntimeException ex) {
			// The shop has the quantities but the guard did not move: a retry writes the
			// same truth again.
			fail(written, BatchSender.classify(ex));
			return;
		}
		this.unwritten.settle(written.stream().collect(Collectors.toMap(Item::sku, Item::version, Math::max)));
		Instant now = this.clock.instant();
		logger.info("Wrote {} SKUs to shop={} (first sku={}, last sku={})", written.size(), this.shop.id(),
				written.get(0).sku(), written.get(written.size() - 1).sku());
		for (Item item : written) {
			count("written");
			recordLatency(item.pending(), now);
			logger.debug("Wrote sku={} quantity={} version={} to shop={}", item.sku(), item.quantity(), item.version(),
					this.shop.id());
			completed(item.pending());
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
			failed(item.pending(), failure);
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
