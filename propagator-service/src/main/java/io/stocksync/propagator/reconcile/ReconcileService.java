package io.stocksync.propagator.reconcile;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.locks.ReentrantLock;

import io.micrometer.core.instrument.MeterRegistry;
import io.stocksync.common.shop.ShopConfig;
import io.stocksync.common.shop.Sites;
import io.stocksync.propagator.mapping.MappingService;
import io.stocksync.propagator.mapping.ShopMapping;
import io.stocksync.propagator.push.PushService;
import io.stocksync.propagator.system.PropagatorProperties;
import io.stocksync.woo.CatalogueItem;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.beans.factory.DisposableBean;
import org.springframework.stereotype.Service;

/**
 * The drift check (DESIGN §5): reads a shop's catalogue once (which also refreshes its
 * SKU mapping), compares the stock of every mapped SKU with what the shop should show
 * according to current truth, writes the differences through the shop's own writer and
 * stores the report.
 * <p>
 * Guarantees: a SKU a push is busy with (being written, written or changed within the
 * settle window) is left alone, so the check never fights a push or acts on a catalogue
 * read that predates one; a SKU without truth is reported as unknown and never written; a
 * paused shop is checked and reported but not written; a shop whose circuit is open is
 * not read at all. Corrections carry current truth and go through the version guard, the
 * shop's gate, batching and the own-write log like any push. Checks of one shop never
 * overlap (a second one waits for the first).
 * <p>
 * A SKU skipped because a push of it was under way ({@code in_flight}) is looked at again
 * right after the settle window: a follow-up check of the shop is scheduled then, not one
 * interval later (and again, up to three times, while such a SKU was still written within
 * the settle window).
 */
@Service
class ReconcileService implements DisposableBean {

	private static final Logger logger = LoggerFactory.getLogger(ReconcileService.class);

	private static final int MAX_FOLLOW_UPS = 3;

	private final Sites sites;

	private final MappingService mappings;

	private final PushService pushes;

	private final ReconcileRepository reports;

	private final Clock clock;

	private final MeterRegistry meters;

	private final Duration settle;

	private final Duration writeTimeout;

	private final ExecutorService shops;

	private final Map<String, ReentrantLock> locks = new ConcurrentHashMap<>();

	private final ScheduledExecutorService followUps = Executors.newSingleThreadScheduledExecutor((runnable) -> {
		Thread thread = new Thread(runnable, "propagator-reconcile-follow-up");
		thread.setDaemon(true);
		return thread;
	});

	/* Shops with a follow-up check scheduled: at most one each. */
	private final Set<String> followUpScheduled = ConcurrentHashMap.newKeySet();

	ReconcileService(Sites sites, MappingService mappings, PushService pushes, ReconcileRepository reports, Clock clock,
			MeterRegistry meters, PropagatorProperties properties) {
		this.sites = sites;
		this.mappings = mappings;
		this.pushes = pushes;
		this.reports = reports;
		this.clock = clock;
		this.meters = meters;
		this.settle = properties.reconcile().settle();
		this.writeTimeout = properties.http().callTimeout().multipliedBy(2);
		AtomicInteger threads = new AtomicInteger();
		this.shops = Executors.newFixedThreadPool(properties.reconcile().parallelShops(), (runnable) -> {
			Thread thread = new Thread(runnable, "propagator-reconcile-" + threads.incrementAndGet());
			thread.setDaemon(true);
			return thread;
		});
	}

	/**
	 * Checks every shop, {@code parallelShops} at a time; one report per shop in the
	 * order of the sites file.
	 */
	List<ReconcileReport> reconcileAll() {
		List<Future<ReconcileReport>> runs = new ArrayList<>();
		for (ShopConfig shop : this.sites.all()) {
			runs.add(this.shops.submit(() -> reconcile(shop)));
		}
		List<ReconcileReport> all = new ArrayList<>();
		for (Future<ReconcileReport> run : runs) {
			try {
				all.add(run.get());
			}
			catch (ExecutionException ex) {
				throw new IllegalStateException("drift check failed", ex.getCause());
			}
			catch (InterruptedException ex) {
				Thread.currentThread().interrupt();
				throw new IllegalStateException("interrupted while checking the shops for drift", ex);
			}
		}
		return all;
	}

	/**
	 * Checks one shop now (after a check of the same shop that is running already) and
	 * stores the report.
	 */
	ReconcileReport reconcile(ShopConfig shop) {
		return reconcile(shop, 0);
	}

	/*
	 * A follow-up may schedule another while the SKU it is for was still written within
	 * the settle window (the push ended after the first check), at most MAX_FOLLOW_UPS in
	 * a row: a shop that is always busy is not read every settle window.
	 */
	private ReconcileReport reconcile(ShopConfig shop, int followUp) {
		ReentrantLock lock = this.locks.computeIfAbsent(shop.id(), (id) -> new ReentrantLock());
		lock.lock();
		try {
			ReconcileReport report = check(shop);
			this.reports.save(report);
			this.meters.counter("stocksync.reconcile.runs", "shop", shop.id(), "status", report.status()).increment();
			this.meters.counter("stocksync.reconcile.drift", "shop", shop.id()).increment(report.drift());
			logger.info(
					"Drift check of shop={}: status={} checked={} inSync={} drift={} corrected={} skipped={}"
							+ " unknown={}{}",
					shop.id(), report.status(), report.checked(), report.inSync(), report.drift(), report.corrected(),
					report.skipped().size(), report.unknown().size(),
					(report.error() != null) ? " (" + report.error() + ")" : "");
			if (followUp < MAX_FOLLOW_UPS) {
				scheduleFollowUp(shop, report, followUp + 1);
			}
			return report;
		}
		finally {
			lock.unlock();
		}
	}

	/*
	 * The SKUs a push was busy with are checked again once the settle window after this
	 * check has passed.
	 */
	private void scheduleFollowUp(ShopConfig shop, ReconcileReport report, int followUp) {
		boolean again = report.skipped()
			.stream()
			.anyMatch((skipped) -> skipped.reason().equals("in_flight")
					|| (followUp > 1 && skipped.reason().equals("recent_write")));
		if (!again || !this.followUpScheduled.add(shop.id())) {
			return;
		}
		try {
			this.followUps.schedule(() -> {
				this.followUpScheduled.remove(shop.id());
				try {
					reconcile(shop, followUp);
				}
				catch (RuntimeException ex) {
					logger.warn("Follow-up drift check of shop={} failed: {}", shop.id(), ex.getMessage());
				}
			}, this.settle.toMillis(), TimeUnit.MILLISECONDS);
			logger.info("Drift check of shop={} skipped SKUs being pushed; checking again in {}", shop.id(),
					this.settle);
		}
		catch (RuntimeException ex) { // shutting down
			this.followUpScheduled.remove(shop.id());
		}
	}

	/** The last stored report of each shop (or of one). */
	List<ReconcileReport> last(String shopId) {
		return this.reports.last(shopId);
	}

	private ReconcileReport check(ShopConfig shop) {
		Instant startedAt = this.clock.instant();
		Instant openUntil = this.pushes.circuitOpenUntil(shop.id());
		if (openUntil != null) {
			return ReconcileReport.notChecked(shop.id(), ReconcileReport.UNAVAILABLE,
					"circuit of shop " + shop.id() + " is open until " + openUntil, startedAt, this.clock.instant());
		}
		boolean paused = this.pushes.isPaused(shop.id());
		ShopMapping mapping;
		try {
			mapping = shop.isShopify() ? this.pushes.readShopifyMapping(shop.id()) : this.mappings.refresh(shop);
		}
		catch (RuntimeException ex) {
			logger.warn("Drift check of shop={}: the catalogue could not be read: {}", shop.id(), ex.getMessage());
			return ReconcileReport.notChecked(shop.id(), ReconcileReport.ERROR, ex.getMessage(), startedAt,
					this.clock.instant());
		}
		List<String> skus = List.copyOf(new TreeSet<>(mapping.bySku().keySet()));
		Map<String, PushService.Expected> expected = this.pushes.expected(shop, skus);
		// Anything pushed since shortly before the catalogue read may not be in what was
		// read.
		Map<String, String> unsettled = this.pushes.unsettled(shop.id(), skus, startedAt.minus(this.settle));

		int inSync = 0;
		List<String> unknown = new ArrayList<>();
		List<ReconcileReport.Skipped> skipped = new ArrayList<>();
		Map<String, ReconcileReport.Drift> drifts = new LinkedHashMap<>();
		Map<String, CompletableFuture<Void>> corrections = new LinkedHashMap<>();
		for (String sku : skus) {
			CatalogueItem item = mapping.bySku().get(sku);
			PushService.Expected should = expected.get(sku);
			if (should == null) {
				unknown.add(sku);
			}
			else if (!should.sync()) {
				skipped.add(new ReconcileReport.Skipped(sku, "excluded")); // sync: false,
																			// the shop's
																			// own
																			// quantity
			}
			else if (unsettled.containsKey(sku)) {
				skipped.add(new ReconcileReport.Skipped(sku, unsettled.get(sku)));
			}
			else if (item.stockQuantity() != null && item.stockQuantity() == should.quantity()) {
				inSync++;
			}
			else {
				logger.warn("Drift: shop={} sku={} expected={} found={} version={}{}", shop.id(), sku,
						should.quantity(), item.stockQuantity(), should.version(), paused ? " (shop paused)" : "");
				drifts.put(sku, new ReconcileReport.Drift(sku, item.productId(), item.variationId(), should.quantity(),
						item.stockQuantity(), should.version(), false, paused ? "shop is paused" : null));
				if (!paused) {
					corrections.put(sku, this.pushes.pushCurrent(shop.id(), sku));
				}
			}
		}
		int corrected = awaitCorrections(shop, corrections, drifts);
		return new ReconcileReport(shop.id(), paused ? ReconcileReport.PAUSED : ReconcileReport.OK, null, startedAt,
				this.clock.instant(), skus.size(), inSync, drifts.size(), corrected, List.copyOf(drifts.values()),
				skipped, unknown);
	}

	/*
	 * The writes were all submitted before the first wait, so they go out together in the
	 * shop's batches.
	 */
	private int awaitCorrections(ShopConfig shop, Map<String, CompletableFuture<Void>> corrections,
			Map<String, ReconcileReport.Drift> drifts) {
		int corrected = 0;
		long deadline = System.nanoTime() + this.writeTimeout.toNanos();
		for (Map.Entry<String, CompletableFuture<Void>> correction : corrections.entrySet()) {
			String sku = correction.getKey();
			String reason = null;
			try {
				correction.getValue().get(Math.max(0, deadline - System.nanoTime()), TimeUnit.NANOSECONDS);
				corrected++;
			}
			catch (ExecutionException ex) {
				reason = "write failed: " + ex.getCause().getMessage();
				logger.warn("Drift correction of shop={} sku={} failed: {}", shop.id(), sku,
						ex.getCause().getMessage());
			}
			catch (TimeoutException ex) {
				reason = "no answer within " + this.writeTimeout.toSeconds() + "s; still being written";
			}
			catch (InterruptedException ex) {
				Thread.currentThread().interrupt();
				reason = "interrupted";
			}
			ReconcileReport.Drift drift = drifts.get(sku);
			drifts.put(sku, new ReconcileReport.Drift(sku, drift.productId(), drift.variationId(), drift.expected(),
					drift.found(), drift.version(), reason == null, reason));
		}
		return corrected;
	}

	@Override
	public void destroy() {
		this.followUps.shutdownNow();
		this.shops.shutdownNow();
	}

}
