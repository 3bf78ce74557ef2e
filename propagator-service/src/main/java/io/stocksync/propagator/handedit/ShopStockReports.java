package io.stocksync.propagator.handedit;

import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

import io.micrometer.core.instrument.MeterRegistry;
import io.stocksync.common.event.AdjustmentType;
import io.stocksync.common.event.ProductStockReported;
import io.stocksync.common.event.StockAdjustmentRequested;
import io.stocksync.common.rules.Allocation;
import io.stocksync.common.shop.HandEdits;
import io.stocksync.common.shop.ShopConfig;
import io.stocksync.common.shop.Sites;
import io.stocksync.propagator.system.PropagatorProperties;
import io.stocksync.propagator.write.OwnWrite;
import io.stocksync.propagator.write.PushRepository;
import io.stocksync.propagator.write.PushStateService;
import io.stocksync.propagator.write.ShopReport;
import io.stocksync.propagator.write.ShopWriters;
import io.stocksync.propagator.write.Truth;
import io.stocksync.propagator.write.Written;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.beans.factory.DisposableBean;
import org.springframework.kafka.annotation.KafkaListener;
import org.springframework.kafka.core.KafkaTemplate;
import org.springframework.stereotype.Component;

/**
 * The shops' own stock reports ({@code product.updated}, from ingest): kept as what each
 * shop shows (so a write that would change nothing is skipped), and checked for <b>hand
 * edits</b>.
 * <p>
 * A report is a hand edit when, {@code handEditSettle} after it arrived, it is still the
 * shop's newest report, no write of ours reached the shop since, and its quantity is
 * neither what we last wrote, nor any quantity we wrote to that item recently (a late
 * echo of our own write), nor what the shop should show now (an order on the shop moves
 * its stock and the pool alike: by then the pool has followed). Then, per shop
 * ({@code hand-edits}):
 * <ul>
 * <li>{@code restore}: the pool's quantity is written back through the shop's writer and
 * the edit is recorded;</li>
 * <li>{@code adopt}: found minus last written is applied to the pool as an adjustment
 * through the log (reason {@code hand edit on <shop>}, idempotency key from the report),
 * so every shop follows. Only where the shop's quantity follows the pool one to one (not
 * clamped at 0 or by a cap); otherwise the edit is restored.</li>
 * </ul>
 * Loop-safe: our own writes and the writes that follow an adoption answer with reports of
 * quantities we wrote.
 * <p>
 * Shopify stores report through {@code inventory_levels/update} (the inventory item, not
 * the SKU, which is found in the store's catalogue) and through a write whose compare
 * failed under {@code adopt} (see {@link ShopifyWriter}). Their writes compare with the
 * number the store holds, so once a report is accounted for (an order the pool followed,
 * or a hand edit) that number becomes the one the next write compares with.
 */
@Component
class ShopStockReports implements DisposableBean {

	private static final Logger logger = LoggerFactory.getLogger(ShopStockReports.class);

	private final Sites sites;

	private final PushRepository repository;

	private final HandEditRepository handEdits;

	private final PushStateService state;

	private final ShopWriters writers;

	private final KafkaTemplate<String, Object> template;

	private final String adjustmentsTopic;

	private final PropagatorProperties properties;

	private final Clock clock;

	private final MeterRegistry meters;

	private final ScheduledExecutorService checks = Executors.newSingleThreadScheduledExecutor((runnable) -> {
		Thread thread = new Thread(runnable, "propagator-hand-edits");
		thread.setDaemon(true);
		return thread;
	});

	ShopStockReports(Sites sites, PushRepository repository, HandEditRepository handEdits, PushStateService state,
			ShopWriters writers, KafkaTemplate<String, Object> template, PropagatorProperties properties, Clock clock,
			MeterRegistry meters) {
		this.sites = sites;
		this.repository = repository;
		this.handEdits = handEdits;
		this.state = state;
		this.writers = writers;
		this.template = template;
		this.adjustmentsTopic = properties.topics().adjustments();
		this.properties = properties;
		this.clock = clock;
		this.meters = meters;
	}

	/*
	 * One group for all shops; the dot keeps it apart from the per-shop groups (shop ids
	 * have no dots).
	 */
	@KafkaListener(id = "shop-stock-reports",
			groupId = "${stocksync.push.group-id-prefix:propagator-}shop-stock.reports",
			topics = "${stocksync.topics.product-stock:stocksync.product-stock}")
	void onReport(ProductStockReported report) {
		Optional<ShopConfig> shop = this.sites.find(report.shopId());
		if (shop.isEmpty()) {
			return;
		}
		if (report.sku() == null) {
			// A Shopify inventory level names the item: its SKU is in the store's
			// catalogue (read off this listener's thread, it may need the store)
			this.checks.execute(() -> resolve(shop.get(), report));
			return;
		}
		this.repository.saveReport(report);
		this.checks.schedule(() -> check(shop.get(), report), this.properties.push().handEditSettle().toMillis(),
				TimeUnit.MILLISECONDS);
	}

	private void resolve(ShopConfig shop, ProductStockReported report) {
		try {
			Optional<String> sku = this.writers.find(shop.id())
				.flatMap((writer) -> writer.skuOfItem(report.productId()));
			if (sku.isEmpty()) {
				logger.debug("Report of shop={} names item {}, which is no SKU we sync; ignored", shop.id(),
						report.productId());
				return;
			}
			ProductStockReported named = report.withSku(sku.get());
			this.repository.saveReport(named);
			this.checks.schedule(() -> check(shop, named), this.properties.push().handEditSettle().toMillis(),
					TimeUnit.MILLISECONDS);
		}
		catch (RuntimeException ex) {
			logger.warn("Report of shop={} on item {} not checked; the drift check covers it: {}", shop.id(),
					report.productId(), ex.toString());
		}
	}

	private void check(ShopConfig shop, ProductStockReported report) {
		try {
			String sku = report.sku();
			PushStateService.Snapshot snapshot = this.state.read(shop.id(), List.of(sku));
			ShopReport newest = snapshot.reports().get(sku);
			Written written = snapshot.written().get(sku);
			Truth truth = snapshot.truth().get(sku);
			if (newest == null || !newest.eventId().equals(report.eventId()) || written == null || truth == null
					|| written.writtenAt().isAfter(report.receivedAt())) {
				return; // a newer report decides; never written; or a write of ours came
						// after it
			}
			Allocation.Published published = truth.publishedTo(shop);
			if (!published.sync()) {
				return; // sync: false: this SKU's quantity on this shop is the
						// merchant's, never ours to judge
			}
			long found = report.stockQuantity();
			long expected = published.quantity();
			if (found == written.quantity()) {
				return; // what we wrote
			}
			if (found == expected) {
				// the shop's own order moved it as it moved the pool
				storeHolds(shop, report, written);
				return;
			}
			Instant recent = report.receivedAt().minus(this.properties.push().writeLogRetention());
			if (this.repository.isOwnWrite(shop.id(), report.productId(), report.variationId(), found, recent)) {
				return; // a late echo of an older write of ours
			}
			if (this.writers.writer(shop.id()).busySkus().contains(sku)) {
				// A push is on its way; look again once it is done.
				this.checks.schedule(() -> check(shop, report), this.properties.push().handEditSettle().toMillis(),
						TimeUnit.MILLISECONDS);
				return;
			}
			// adopt only where the shop shows the pool one to one (minus its buffer):
			// under share, hide-below, a cap or a
			// clamp at 0 a shop's delta is not the pool's, so the edit is restored
			// instead
			boolean followsPool = truth.available() - shop.buffer() == expected && expected >= 0
					&& written.quantity() >= 0;
			boolean adopt = shop.handEdits() == HandEdits.ADOPT && followsPool;
			HandEdit edit = new HandEdit(shop.id(), sku, report.productId(), report.variationId(), found,
					written.quantity(), expected, adopt ? "adopt" : "restore", this.clock.instant());
			this.handEdits.recordHandEdit(edit);
			this.meters.counter("stocksync.propagator.hand-edits", "shop", shop.id(), "action", edit.action())
				.increment();
			storeHolds(shop, report, written);
			if (adopt) {
				adopt(shop, report, found - written.quantity());
			}
			else {
				logger.warn("Hand edit on shop={} sku={}: found {}, last written {}, expected {}; restoring{}",
						shop.id(), sku, found, written.quantity(), expected,
						(shop.handEdits() == HandEdits.ADOPT) ? " (not adopted: the shop's quantity is clamped)" : "");
				this.writers.writer(shop.id()).pushCurrent(sku);
			}
		}
		catch (RuntimeException ex) {
			logger.warn("Hand edit check of shop={} sku={} failed; the drift check covers it: {}", shop.id(),
					report.sku(), ex.toString());
		}
	}

	/*
	 * A Shopify store's writes compare with what it holds (changeFromQuantity): once its
	 * number is known and accounted for (an order the pool followed, a hand edit restored
	 * or adopted), the next write compares with it instead of failing as stale.
	 */
	private void storeHolds(ShopConfig shop, ProductStockReported report, Written written) {
		if (shop.isShopify()) {
			this.state.recordKnown(List.of(new OwnWrite(shop.id(), report.sku(), report.productId(), 0,
					report.stockQuantity(), written.version(), this.clock.instant())));
		}
	}

	private void adopt(ShopConfig shop, ProductStockReported report, long delta) {
		AdjustmentType type = (delta >= 0) ? AdjustmentType.ADD : AdjustmentType.REMOVE;
		StockAdjustmentRequested adjustment = new StockAdjustmentRequested(StockAdjustmentRequested.SCHEMA_VERSION,
				UUID.randomUUID().toString(), report.sku(), type, Math.abs(delta), "hand edit on " + shop.id(),
				"hand-edit:" + shop.id() + ":" + report.sku() + ":" + report.eventId(), this.clock.instant());
		logger.warn("Hand edit on shop={} sku={}: adopting {} {} into the pool", shop.id(), report.sku(), type,
				Math.abs(delta));
		this.template.send(this.adjustmentsTopic, report.sku(), adjustment).whenComplete((result, failure) -> {
			if (failure != null) {
				logger.error("Adoption of the hand edit on shop={} sku={} not published: {}", shop.id(), report.sku(),
						failure.toString());
			}
		});
	}

	@Override
	public void destroy() {
		this.checks.shutdownNow();
	}

}
