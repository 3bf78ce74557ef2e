package io.stocksync.ingest.webhooksetup;

import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

import io.micrometer.core.instrument.MeterRegistry;
import io.stocksync.common.shop.ShopConfig;
import io.stocksync.common.shop.Sites;
import io.stocksync.ingest.poll.OrderPoller;
import io.stocksync.ingest.system.IngestProperties;
import io.stocksync.ingest.webhook.DeliveryWatch;
import io.stocksync.woo.WooClient;
import io.stocksync.woo.WooClients;
import io.stocksync.woo.WooWebhook;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.stereotype.Component;

/**
 * Webhook health (DESIGN §5): reads each shop's {@code GET /webhooks}, and every webhook
 * of ours that WooCommerce has {@code disabled} (after repeated failed deliveries, which
 * it never redelivers) is set active again, reported (a warning, the
 * {@code stocksync.ingest.webhooks.reactivated} counter and {@code GET
 * /admin/sites/{id}/webhooks}), and the shop's order poll runs at once to recover the
 * orders whose deliveries were lost. Missing topics and ours that are paused or pending
 * are reported only: pausing is an admin's decision, and creating needs the public URL
 * ({@code POST /admin/sites/{id}/webhooks/register}).
 */
@Component
class WebhookHealthCheck {

	private static final Logger logger = LoggerFactory.getLogger(WebhookHealthCheck.class);

	private final Sites sites;

	private final WooClients clients;

	private final WebhookRegistrar registrar;

	private final OrderPoller poller;

	private final IngestProperties properties;

	private final Clock clock;

	private final MeterRegistry meters;

	private final Map<String, WebhookStatus.CheckReport> lastReports = new ConcurrentHashMap<>();

	private final DeliveryWatch deliveries;

	WebhookHealthCheck(Sites sites, WooClients clients, WebhookRegistrar registrar, OrderPoller poller,
			IngestProperties properties, Clock clock, MeterRegistry meters, DeliveryWatch deliveries) {
		this.deliveries = deliveries;
		this.sites = sites;
		this.clients = clients;
		this.registrar = registrar;
		this.poller = poller;
		this.properties = properties;
		this.clock = clock;
		this.meters = meters;
	}

	void checkAll() {
		for (ShopConfig shop : this.sites.all()) {
			if (shop.isWooCommerce()) { // Shopify subscriptions are set up in the Shopify
										// app, see the README
				check(shop);
			}
		}
	}

	WebhookStatus.CheckReport check(ShopConfig shop) {
		WebhookStatus.CheckReport report;
		try {
			report = checkShop(shop);
		}
		catch (RuntimeException ex) {
			logger.warn("Webhook check of shop={} failed: {}", shop.id(), ex.getMessage());
			this.meters.counter("stocksync.ingest.webhooks.check.failed", "shop", shop.id()).increment();
			report = new WebhookStatus.CheckReport(shop.id(), this.clock.instant(), List.of(), List.of(), List.of(),
					false, ex.getMessage());
		}
		this.lastReports.put(shop.id(), report);
		return report;
	}

	WebhookStatus.CheckReport lastReport(String shopId) {
		return this.lastReports.get(shopId);
	}

	private WebhookStatus.CheckReport checkShop(ShopConfig shop) {
		WooClient client = this.clients.forShop(shop);
		List<WooWebhook> webhooks = client.listWebhooks();
		List<Long> reactivated = new ArrayList<>();
		List<Long> inactive = new ArrayList<>();
		for (WooWebhook webhook : webhooks) {
			if (!ShopWebhooks.isOurs(webhook, this.properties, shop) || "active".equals(webhook.status())) {
				continue;
			}
			if ("disabled".equals(webhook.status())) {
				client.activateWebhook(webhook.id());
				reactivated.add(webhook.id());
				this.meters
					.counter("stocksync.ingest.webhooks.reactivated", "shop", shop.id(), "topic",
							String.valueOf(webhook.topic()))
					.increment();
				logger.warn("Webhook {} ({}) of shop={} was disabled by WooCommerce after failed deliveries, which it"
						+ " never redelivers; re-activated it", webhook.id(), webhook.topic(), shop.id());
			}
			else {
				inactive.add(webhook.id());
			}
		}
		List<String> missing = this.registrar.missingTopics(client.listWebhooks(), shop);
		if (!missing.isEmpty()) {
			logger.warn("Shop={} has no active webhook of ours for {} (POST /admin/sites/{}/webhooks/register)",
					shop.id(), missing, shop.id());
		}
		this.deliveries.missed(shop.id()).ifPresent((missed) -> {
			this.meters.counter("stocksync.ingest.webhooks.missed-orders", "shop", shop.id()).increment();
			logger.warn(
					"Shop={}: {} order(s) since {} came only through the order poll, none by webhook: its webhooks"
							+ " may be active yet not delivering (WooCommerce > Status > Logs, webhooks-delivery)",
					shop.id(), missed.orders(), missed.since());
		});
		boolean poll = !reactivated.isEmpty();
		if (poll) {
			this.poller.poll(shop, "webhook-health");
		}
		return new WebhookStatus.CheckReport(shop.id(), this.clock.instant(), List.copyOf(reactivated),
				List.copyOf(missing), List.copyOf(inactive), poll, null);
	}

}
