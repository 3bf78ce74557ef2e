package io.stocksync.ledger.onboarding;

import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

import io.stocksync.common.event.OrderSnapshot;
import io.stocksync.common.shop.ShopConfig;
import io.stocksync.ledger.adjustment.StockImporter;
import io.stocksync.ledger.adjustment.StockImporter.ShopStock;
import org.apache.kafka.common.TopicPartition;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.beans.factory.DisposableBean;
import org.springframework.stereotype.Component;

/**
 * The onboarding job: the baseline of every order that exists on the shops, and (for an
 * import) the pool seeded from one shop's stock at the same instant, the cut. One job at
 * a time per ledger instance; a second start while one runs is refused. Every step is
 * idempotent, so a job that failed or died is restarted by starting it again.
 * <ol>
 * <li>Read every shop's orders (see {@link BaselineReader}) into baseline snapshots
 * B.</li>
 * <li>Import only: read the stock S of the source shop, then read every shop's orders
 * modified since the orders were read (minus the clock margin). If any differs from B, B
 * takes the new state and the stock is read again, up to {@code maxRounds}. When a round
 * finds no change, no order changed while S was read: S reflects exactly B.</li>
 * <li>Publish B on the order-events topic (the ledger records an unknown order's lines
 * without moving the pool) and wait until the ledger applied them.</li>
 * <li>Import only: set the pool at the cut ({@link CutImport}), which keeps whatever
 * orders did after it.</li>
 * <li>Hand every shop's poll watermark (the cut minus the margin) to ingest.</li>
 * </ol>
 */
@Component
class Onboarding implements DisposableBean {

	private static final Logger logger = LoggerFactory.getLogger(Onboarding.class);

	private final BaselineReader reader;

	private final StockImporter importer;

	private final BaselineLog log;

	private final CutImport cutImport;

	private final IngestWatermarks watermarks;

	private final OnboardingProperties settings;

	private final Clock clock;

	private final ExecutorService executor = Executors.newSingleThreadExecutor((task) -> {
		Thread thread = new Thread(task, "onboarding");
		thread.setDaemon(true);
		return thread;
	});

	private Job current;

	Onboarding(BaselineReader reader, StockImporter importer, BaselineLog log, CutImport cutImport,
			IngestWatermarks watermarks, OnboardingProperties settings, Clock clock) {
		this.reader = reader;
		this.importer = importer;
		this.log = log;
		this.cutImport = cutImport;
		this.watermarks = watermarks;
		this.settings = settings;
		this.clock = clock;
	}

	synchronized BaselineStatus status() {
		return (this.current != null) ? this.current.status() : BaselineStatus.idle();
	}

	/**
	 * Starts a job, unless one runs.
	 * @param importFrom the shop to seed the pool from, or {@code null} for a baseline
	 * only
	 * @return the new job's status, or {@code null} when one is running already
	 */
	synchronized BaselineStatus start(String importFrom, List<ShopConfig> shops) {
		if (this.current != null && this.current.status().running()) {
			return null;
		}
		Instant now = this.clock.instant();
		Job job = new Job("onboarding-" + now.toEpochMilli(), importFrom, shops, now,
				now.minus(this.settings.maxAge()));
		this.current = job;
		this.executor.execute(() -> run(job));
		return job.status();
	}

	private void run(Job job) {
		try {
			Map<String, Map<Long, OrderSnapshot>> cut = new LinkedHashMap<>();
			Instant since = this.clock.instant();
			for (ShopConfig shop : job.shops) {
				job.shop(shop.id(), "reading");
				cut.put(shop.id(), this.reader.read(shop, job.skippedBefore, job.progress(shop.id())));
				job.shop(shop.id(), "read");
			}
			ShopStock stock = null;
			if (job.importFrom != null) {
				boolean quiet = false;
				for (int round = 1; round <= this.settings.maxRounds() && !quiet; round++) {
					job.phase("reading-stock", round);
					stock = this.importer.read(job.importFrom).orElseThrow();
					job.phase("verifying", round);
					Instant verifyStart = this.clock.instant();
					int changed = 0;
					for (ShopConfig shop : job.shops) {
						Map<Long, OrderSnapshot> changes = this.reader.changedSince(shop,
								since.minus(this.settings.clockMargin()), cut.get(shop.id()));
						cut.get(shop.id()).putAll(changes);
						job.read(shop.id(), changes.size());
						changed += changes.size();
					}
					quiet = changed == 0;
					if (!quiet) {
						logger.info("Onboarding {}: {} order(s) changed while the stock was read (round {}), reading"
								+ " it again", job.id, changed, round);
						since = verifyStart;
					}
				}
				if (!quiet) {
					throw new IllegalStateException("orders kept changing during " + this.settings.maxRounds()
							+ " stock reads; start the import again at a quieter moment");
				}
			}
			job.phase("publishing", job.round);
			Map<TopicPartition, Long> offsets = new HashMap<>();
			cut.forEach((shopId, orders) -> this.log
				.publish(new ArrayList<>(orders.values()), (acknowledged) -> job.recorded(shopId, acknowledged))
				.forEach((partition, offset) -> offsets.merge(partition, offset, Math::max)));
			job.phase("waiting-for-ledger", job.round);
			this.log.awaitApplied(offsets, this.settings.applyTimeout());
			cut.keySet().forEach((shop) -> job.shop(shop, "published"));
			Instant watermark = since.minus(this.settings.clockMargin());
			if (stock != null) {
				job.phase("importing", job.round);
				Map<String, Long> corrections = this.cutImport.apply(job.id, stock, cut, watermark);
				job.imported(new BaselineStatus.Imported(stock.shop(), stock.quantities().size(), stock.duplicateSkus(),
						stock.notStockManaged(), corrections));
			}
			job.phase("watermarks", job.round);
			for (ShopConfig shop : job.shops) {
				job.watermark(shop.id(), watermark, this.watermarks.handOver(shop.id(), watermark));
			}
			job.finish(null, this.clock.instant());
			logger.info("Onboarding {} done: {}", job.id, job.status());
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			job.finish("interrupted", this.clock.instant());
		}
		catch (RuntimeException ex) {
			logger.error("Onboarding {} failed (start it again to retry; every step is idempotent)", job.id, ex);
			job.finish(ex.getMessage(), this.clock.instant());
		}
	}

	@Override
	public void destroy() {
		this.executor.shutdownNow();
	}

	/* The mutable progress of one job; status() gives an immutable copy. */
	private static final class Job {

		private final String id;

		private final String importFrom;

		private final List<ShopConfig> shops;

		private final Instant startedAt;

		private final Instant skippedBefore;

		private final Map<String, BaselineStatus.Shop> progress = new LinkedHashMap<>();

		private String state = "running";

		private String phase = "reading-orders";

		private int round;

		private Instant finishedAt;

		private String error;

		private BaselineStatus.Imported imported;

		Job(String id, String importFrom, List<ShopConfig> shops, Instant startedAt, Instant skippedBefore) {
			this.id = id;
			this.importFrom = importFrom;
			this.shops = List.copyOf(shops);
			this.startedAt = startedAt;
			this.skippedBefore = skippedBefore;
			shops.forEach((shop) -> this.progress.put(shop.id(),
					new BaselineStatus.Shop(shop.id(), "pending", 0, 0, 0, 0, 0, null, null)));
		}

		synchronized BaselineStatus status() {
			return new BaselineStatus(this.id, this.state, (this.importFrom != null) ? "import" : "baseline",
					this.importFrom, this.phase, this.round, this.skippedBefore, this.startedAt, this.finishedAt,
					this.error, List.copyOf(this.progress.values()), this.imported);
		}

		synchronized void phase(String phase, int round) {
			this.phase = phase;
			this.round = round;
		}

		synchronized void shop(String shopId, String state) {
			BaselineStatus.Shop s = this.progress.get(shopId);
			this.progress.put(shopId, new BaselineStatus.Shop(shopId, state, s.pagesDone(), s.pagesTotal(),
					s.ordersRead(), s.ordersRecorded(), s.unreadable(), s.watermark(), s.watermarkNote()));
		}

		synchronized void read(String shopId, int orders) {
			BaselineStatus.Shop s = this.progress.get(shopId);
			this.progress.put(shopId, new BaselineStatus.Shop(shopId, s.state(), s.pagesDone(), s.pagesTotal(),
					s.ordersRead() + orders, s.ordersRecorded(), s.unreadable(), s.watermark(), s.watermarkNote()));
		}

		BaselineReader.Progress progress(String shopId) {
			return new BaselineReader.Progress() {

				private int pagesBefore;

				@Override
				public void page(int number, int pagesAnnounced, int orders) {
					synchronized (Job.this) {
						BaselineStatus.Shop s = Job.this.progress.get(shopId);
						if (number == 1) {
							// a new listing: its pages come after those of the listings
							// before
							this.pagesBefore = s.pagesDone();
						}
						int done = s.pagesDone() + 1;
						Job.this.progress.put(shopId,
								new BaselineStatus.Shop(shopId, s.state(), done,
										Math.max(done, this.pagesBefore + pagesAnnounced), s.ordersRead() + orders,
										s.ordersRecorded(), s.unreadable(), null, null));
					}
				}

				@Override
				public void unreadable() {
					synchronized (Job.this) {
						BaselineStatus.Shop s = Job.this.progress.get(shopId);
						Job.this.progress.put(shopId, new BaselineStatus.Shop(shopId, s.state(), s.pagesDone(),
								s.pagesTotal(), s.ordersRead(), s.ordersRecorded(), s.unreadable() + 1, null, null));
					}
				}

			};
		}

		synchronized void recorded(String shopId, int acknowledged) {
			BaselineStatus.Shop s = this.progress.get(shopId);
			this.progress.put(shopId, new BaselineStatus.Shop(shopId, s.state(), s.pagesDone(), s.pagesTotal(),
					s.ordersRead(), acknowledged, s.unreadable(), s.watermark(), s.watermarkNote()));
		}

		synchronized void watermark(String shopId, Instant watermark, String note) {
			BaselineStatus.Shop s = this.progress.get(shopId);
			this.progress.put(shopId, new BaselineStatus.Shop(shopId, "done", s.pagesDone(), s.pagesTotal(),
					s.ordersRead(), s.ordersRecorded(), s.unreadable(), watermark, note));
		}

		synchronized void imported(BaselineStatus.Imported imported) {
			this.imported = imported;
		}

		synchronized void finish(String error, Instant at) {
			this.error = error;
			this.state = (error == null) ? "completed" : "failed";
			this.phase = (error == null) ? "done" : this.phase;
			this.finishedAt = at;
			if (error != null) {
				this.progress.replaceAll((id, s) -> "done".equals(s.state()) ? s
						: new BaselineStatus.Shop(id, "failed", s.pagesDone(), s.pagesTotal(), s.ordersRead(),
								s.ordersRecorded(), s.unreadable(), s.watermark(), s.watermarkNote()));
			}
		}

	}

}
