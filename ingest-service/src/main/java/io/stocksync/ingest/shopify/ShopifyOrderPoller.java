package io.stocksync.ingest.shopify;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

import io.micrometer.core.instrument.MeterRegistry;
import io.stocksync.common.event.OrderSnapshot;
import io.stocksync.common.shop.ShopConfig;
import io.stocksync.common.shop.Sites;
import io.stocksync.ingest.poll.OrderPoller;
import io.stocksync.ingest.poll.PollReport;
import io.stocksync.ingest.system.IngestProperties;
import io.stocksync.ingest.webhook.OrderIntake;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import tools.jackson.databind.JsonNode;

import org.springframework.scheduling.annotation.SchedulingConfigurer;
import org.springframework.scheduling.config.FixedDelayTask;
import org.springframework.scheduling.config.ScheduledTaskRegistrar;
import org.springframework.stereotype.Component;

/**
 * The missed-order poll of Shopify stores: every {@code stocksync.poll.interval}, the
 * orders updated since the watermark minus the overlap go through the same parser and
 * intake as webhooks (source {@code poll}); a state already published (by its webhook) is
 * not published again, and a repeated one would change nothing in the ledger anyway. The
 * watermark is the newest {@code updated_at} seen; it lives in memory and starts at the
 * start minus {@code stocksync.poll.initial-lookback} (so a restart polls that window
 * again; harmless).
 */
@Component
public class ShopifyOrderPoller implements SchedulingConfigurer {

	private static final Logger logger = LoggerFactory.getLogger(ShopifyOrderPoller.class);

	private final Sites sites;

	private final ShopifyOrders orders;

	private final ShopifyOrderParser parser;

	private final OrderIntake intake;

	private final IngestProperties.Poll settings;

	private final Clock clock;

	private final MeterRegistry meters;

	private final Map<String, Instant> watermarks = new ConcurrentHashMap<>();

	ShopifyOrderPoller(Sites sites, ShopifyOrders orders, ShopifyOrderParser parser, OrderIntake intake,
			IngestProperties properties, Clock clock, MeterRegistry meters) {
		this.sites = sites;
		this.orders = orders;
		this.parser = parser;
		this.intake = intake;
		this.settings = properties.poll();
		this.clock = clock;
		this.meters = meters;
		Instant start = clock.instant().minus(this.settings.initialLookback());
		sites.all().stream().filter(ShopConfig::isShopify).forEach((shop) -> this.watermarks.put(shop.id(), start));
	}

	@Override
	public void configureTasks(ScheduledTaskRegistrar registrar) {
		if (this.settings.enabled() && !this.watermarks.isEmpty()) {
			Duration interval = this.settings.interval();
			Duration first = (interval.compareTo(Duration.ofSeconds(30)) < 0) ? interval : Duration.ofSeconds(30);
			registrar.addFixedDelayTask(new FixedDelayTask(() -> pollAll("schedule"), interval, first));
		}
	}

	void pollAll(String trigger) {
		this.sites.all().stream().filter(ShopConfig::isShopify).forEach((shop) -> poll(shop, trigger));
	}

	/**
	 * Moves the store's watermark forward (never back), as the onboarding baseline hands
	 * over its cut.
	 */
	public synchronized OrderPoller.WatermarkChange advanceWatermark(ShopConfig shop, Instant watermark) {
		Instant previous = this.watermarks.get(shop.id());
		if (previous == null || previous.isBefore(watermark)) {
			this.watermarks.put(shop.id(), watermark);
			logger.info("Order poll watermark of Shopify store={} moved from {} to {} (onboarding baseline)", shop.id(),
					previous, watermark);
			return new OrderPoller.WatermarkChange(shop.id(), previous, watermark);
		}
		return new OrderPoller.WatermarkChange(shop.id(), previous, previous);
	}

	/** The store's watermark now (in memory), if it has one. */
	public Instant watermark(ShopConfig shop) {
		return this.watermarks.get(shop.id());
	}

	/** Polls the store now (also {@code POST /admin/sites/{id}/poll-orders}). */
	public synchronized PollReport poll(ShopConfig shop, String trigger) {
		Instant startedAt = this.clock.instant();
		Instant watermark = this.watermarks.getOrDefault(shop.id(), startedAt);
		Instant from = watermark.minus(this.settings.overlap());
		int published = 0;
		int spooled = 0;
		int unchanged = 0;
		int quarantined = 0;
		Instant newest = watermark;
		String error = null;
		Map<Long, JsonNode> byId = new LinkedHashMap<>();
		try {
			List<JsonNode> read = this.orders.ordersUpdatedSince(shop, from);
			for (JsonNode order : read) {
				long id = order.path("id").asLong(0);
				byId.remove(id);
				byId.put(id, order);
			}
			for (JsonNode order : byId.values()) {
				OrderIntake.Result result;
				try {
					OrderSnapshot snapshot = this.parser.parse(shop.id(), "orders/updated", order, "poll");
					result = this.intake.publishSnapshot(snapshot, null, "poll");
				}
				catch (UnusableShopifyBody ex) {
					result = this.intake.quarantine(shop.id(), "poll", ex.getMessage(),
							io.stocksync.common.json.JsonMappers.standard().writeValueAsBytes(order), "poll");
				}
				switch (result.outcome()) {
					case ACCEPTED -> {
						published++;
						spooled += result.spooled() ? 1 : 0;
					}
					case UNCHANGED -> unchanged++;
					case QUARANTINED -> quarantined++;
					case IGNORED -> {
					}
				}
				if (result.dateModified() != null && result.dateModified().isAfter(newest)) {
					newest = result.dateModified();
				}
			}
			this.watermarks.put(shop.id(), newest);
		}
		catch (RuntimeException ex) {
			error = ex.getMessage();
			newest = watermark;
		}
		this.meters
			.counter("stocksync.ingest.poll.runs", "shop", shop.id(), "outcome", (error == null) ? "ok" : "failed")
			.increment();
		this.meters.counter("stocksync.ingest.poll.published", "shop", shop.id()).increment(published);
		if (error != null) {
			logger.warn("Order poll of Shopify store={} ({}) failed, watermark stays at {}: {}", shop.id(), trigger,
					watermark, error);
		}
		else if (published > 0 || quarantined > 0) {
			logger.warn(
					"Order poll of Shopify store={} ({}) published {} order(s) no webhook had delivered ({} "
							+ "quarantined, {} unchanged of {}); watermark {}",
					shop.id(), trigger, published, quarantined, unchanged, byId.size(), newest);
		}
		return new PollReport(shop.id(), trigger, from, byId.size(), published, spooled, unchanged, quarantined, newest,
				error, startedAt, this.clock.instant());
	}

}
