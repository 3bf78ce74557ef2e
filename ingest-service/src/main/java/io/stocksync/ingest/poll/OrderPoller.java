package io.stocksync.ingest.poll;

import java.time.Clock;
import java.time.Instant;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.locks.ReentrantLock;

import io.micrometer.core.instrument.MeterRegistry;
import io.stocksync.common.shop.ShopConfig;
import io.stocksync.common.shop.Sites;
import io.stocksync.ingest.spool.DeliveryNotStoredException;
import io.stocksync.ingest.system.IngestProperties;
import io.stocksync.ingest.webhook.OrderIntake;
import io.stocksync.woo.WooApiException;
import io.stocksync.woo.WooClients;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import tools.jackson.databind.JsonNode;

import org.springframework.stereotype.Component;

/**
 * The missed-order poll (DESIGN §5): reads a shop's orders modified since its watermark
 * (minus an overlap) with {@code GET /orders?modified_after=} (all pages, oldest
 * modification first) and feeds each through {@link OrderIntake}, the same path as
 * webhooks, as an {@code order.updated} snapshot with source {@code poll}. The watermark
 * then moves to the newest {@code date_modified_gmt} seen, and only if every order was
 * stored, so a failed poll is simply repeated. WooCommerce never redelivers a failed
 * webhook; this is what recovers such orders.
 * <p>
 * A shop's first watermark is written when ingest first starts with that shop (minus
 * {@code stocksync.poll.initial-lookback}, 0 by default); the ledger's onboarding
 * baseline later moves it forward to its cut ({@link #advanceWatermark}), so the first
 * poll after the baseline starts there. One poll per shop at a time; a second caller
 * waits for the running one.
 */
@Component
public class OrderPoller {

	private static final Logger logger = LoggerFactory.getLogger(OrderPoller.class);

	private final Sites sites;

	private final WooClients clients;

	private final OrderIntake intake;

	private final WatermarkStore watermarks;

	private final IngestProperties.Poll settings;

	private final Clock clock;

	private final MeterRegistry meters;

	private final Map<String, ReentrantLock> locks = new ConcurrentHashMap<>();

	private final Map<String, PollReport> lastReports = new ConcurrentHashMap<>();

	OrderPoller(Sites sites, WooClients clients, OrderIntake intake, WatermarkStore watermarks,
			IngestProperties properties, Clock clock, MeterRegistry meters) {
		this.sites = sites;
		this.clients = clients;
		this.intake = intake;
		this.watermarks = watermarks;
		this.settings = properties.poll();
		this.clock = clock;
		this.meters = meters;
		Instant start = clock.instant().minus(this.settings.initialLookback());
		for (ShopConfig shop : sites.all()) {
			if (watermarks.read(shop.id()).isEmpty()) {
				watermarks.write(shop.id(), start);
				logger.info("Order poll watermark of shop={} starts at {}", shop.id(), start);
			}
		}
	}

	/** Polls every shop, one after the other; a failing shop does not stop the others. */
	void pollAll(String trigger) {
		for (ShopConfig shop : this.sites.all()) {
			if (shop.isWooCommerce()) { // the Shopify order poll is not built yet
				poll(shop, trigger);
			}
		}
	}

	public PollReport poll(ShopConfig shop, String trigger) {
		ReentrantLock lock = this.locks.computeIfAbsent(shop.id(), (id) -> new ReentrantLock());
		lock.lock();
		try {
			PollReport report = pollLocked(shop, trigger);
			this.lastReports.put(shop.id(), report);
			return report;
		}
		finally {
			lock.unlock();
		}
	}

	/**
	 * Moves the shop's watermark to {@code watermark} unless it is already later (the
	 * onboarding baseline hands over its cut this way, so that the first poll after it
	 * starts there and not earlier). Waits for a running poll of the shop.
	 * @return the watermark before and after
	 */
	public WatermarkChange advanceWatermark(ShopConfig shop, Instant watermark) {
		ReentrantLock lock = this.locks.computeIfAbsent(shop.id(), (id) -> new ReentrantLock());
		lock.lock();
		try {
			Instant previous = this.watermarks.read(shop.id()).orElse(null);
			if (previous == null || previous.isBefore(watermark)) {
				this.watermarks.write(shop.id(), watermark);
				logger.info("Order poll watermark of shop={} moved from {} to {} (onboarding baseline)", shop.id(),
						previous, watermark);
				return new WatermarkChange(shop.id(), previous, watermark);
			}
			return new WatermarkChange(shop.id(), previous, previous);
		}
		finally {
			lock.unlock();
		}
	}

	/** The shop's watermark now, if it has one. */
	public Instant watermark(ShopConfig shop) {
		return this.watermarks.read(shop.id()).orElse(null);
	}

	/**
	 * @param shopId the shop
	 * @param previous the watermark before ({@code null} if none)
	 * @param watermark the watermark now
	 */
	public record WatermarkChange(String shopId, Instant previous, Instant watermark) {
	}

	/** The last poll of a shop since start, if any. */
	public PollReport lastReport(String shopId) {
		return this.lastReports.get(shopId);
	}

	private PollReport pollLocked(ShopConfig shop, String trigger) {
		Instant startedAt = this.clock.instant();
		Instant watermark = this.watermarks.read(shop.id()).orElse(startedAt.minus(this.settings.initialLookback()));
		Instant from = watermark.minus(this.settings.overlap());
		int published = 0;
		int spooled = 0;
		int unchanged = 0;
		int quarantined = 0;
		int seen = 0;
		Instant newest = watermark;
		String error = null;
		Tally tally = new Tally();
		try {
			// Page by page: a busy shop's changed orders are never all in memory at once.
			// An order modified while the pages are read can appear twice; the later copy
			// is the newer state and is published after the earlier one.
			Set<Long> ids = new HashSet<>();
			this.clients.forShop(shop).forEachOrderModifiedAfter(from, (page, number, totalPages) -> {
				for (JsonNode order : page) {
					ids.add(order.path("id").asLong(0));
					tally.add(this.intake.polled(shop.id(), order));
				}
			});
			seen = ids.size();
			published = tally.published;
			spooled = tally.spooled;
			unchanged = tally.unchanged;
			quarantined = tally.quarantined;
			if (tally.newest != null && tally.newest.isAfter(newest)) {
				newest = tally.newest;
			}
			if (newest.isAfter(watermark)) {
				this.watermarks.write(shop.id(), newest);
			}
		}
		catch (WooApiException | DeliveryNotStoredException ex) {
			error = ex.getMessage();
			newest = watermark;
		}
		catch (RuntimeException ex) {
			error = ex.toString();
			newest = watermark;
		}
		PollReport report = new PollReport(shop.id(), trigger, from, seen, published, spooled, unchanged, quarantined,
				newest, error, startedAt, this.clock.instant());
		this.meters
			.counter("stocksync.ingest.poll.runs", "shop", shop.id(), "outcome", (error == null) ? "ok" : "failed")
			.increment();
		this.meters.counter("stocksync.ingest.poll.published", "shop", shop.id()).increment(published);
		if (error != null) {
			logger.warn("Order poll of shop={} ({}) failed, watermark stays at {}: {}", shop.id(), trigger, watermark,
					error);
		}
		else if (published > 0 || quarantined > 0) {
			// Orders no webhook brought: worth a warning, they point at lost deliveries.
			logger.warn(
					"Order poll of shop={} ({}) published {} order(s) no webhook had delivered ({} spooled, {}"
							+ " quarantined, {} unchanged of {}); watermark {}",
					shop.id(), trigger, published, spooled, quarantined, unchanged, seen, newest);
		}
		else {
			logger.info("Order poll of shop={} ({}): {} order(s) modified after {}, all known; watermark {}", shop.id(),
					trigger, seen, from, newest);
		}
		return report;
	}

	/** What one poll did with the orders it read. */
	private static final class Tally {

		int published;

		int spooled;

		int unchanged;

		int quarantined;

		Instant newest;

		void add(OrderIntake.Result result) {
			switch (result.outcome()) {
				case ACCEPTED -> {
					this.published++;
					this.spooled += result.spooled() ? 1 : 0;
				}
				case UNCHANGED -> this.unchanged++;
				case QUARANTINED -> this.quarantined++;
				case IGNORED -> {
				}
			}
			if (result.dateModified() != null && (this.newest == null || result.dateModified().isAfter(this.newest))) {
				this.newest = result.dateModified();
			}
		}

	}

}
