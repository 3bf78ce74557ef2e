package io.stocksync.ingest.webhooksetup;

import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

import io.stocksync.common.shop.ShopConfig;
import io.stocksync.ingest.system.IngestProperties;
import io.stocksync.ingest.webhook.DeliveryWatch;
import io.stocksync.ingest.webhook.WebhookPings;
import io.stocksync.woo.WooClient;
import io.stocksync.woo.WooClients;
import io.stocksync.woo.WooWebhook;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.stereotype.Component;

/**
 * Creates or repairs the webhooks a shop needs ({@link ShopWebhooks#TOPICS}), pointing at
 * {@code <public-base-url>/webhooks/woocommerce/<shopId>} and signed with the shop's
 * webhook secret. A topic with no webhook of ours gets one; ours that are not active are
 * set active. Running it again changes nothing. WooCommerce pings the delivery URL when a
 * webhook is created, so ingest must be reachable at the public base URL by then; a
 * creation counts as confirmed only once that ping (for that webhook id) reached ingest,
 * and the report says plainly when it has not.
 * <p>
 * WooCommerce never returns a webhook's secret, so a webhook of ours with a wrong secret
 * cannot be seen from here (its deliveries are answered 401 and it ends up disabled);
 * delete it in WooCommerce and register again.
 */
@Component
class WebhookRegistrar {

	private static final Logger logger = LoggerFactory.getLogger(WebhookRegistrar.class);

	private final WooClients clients;

	/*
	 * The ping goes out right after WooCommerce saves the webhook (with an async Action
	 * Scheduler, a little later).
	 */
	private static final Duration PING_TIMEOUT = Duration.ofSeconds(10);

	private final IngestProperties properties;

	private final WebhookPings pings;

	private final DeliveryWatch deliveries;

	WebhookRegistrar(WooClients clients, IngestProperties properties, WebhookPings pings, DeliveryWatch deliveries) {
		this.deliveries = deliveries;
		this.clients = clients;
		this.properties = properties;
		this.pings = pings;
	}

	/**
	 * @throws IllegalStateException without {@code stocksync.public-base-url}
	 */
	WebhookStatus.RegistrationReport register(ShopConfig shop) {
		String url = ShopWebhooks.deliveryUrl(this.properties, shop);
		if (url == null) {
			throw new IllegalStateException("stocksync.public-base-url (STOCKSYNC_PUBLIC_BASE_URL) is not set: the"
					+ " URL at which shops reach ingest is needed to register webhooks");
		}
		WooClient client = this.clients.forShop(shop);
		List<WooWebhook> existing = client.listWebhooks();
		List<String> actions = new ArrayList<>();
		Map<Long, Integer> createdIds = new LinkedHashMap<>();
		for (String topic : ShopWebhooks.TOPICS) {
			List<WooWebhook> ours = existing.stream()
				.filter((webhook) -> topic.equals(webhook.topic())
						&& ShopWebhooks.isOurs(webhook, this.properties, shop))
				.toList();
			WooWebhook active = ours.stream()
				.filter((webhook) -> "active".equals(webhook.status()))
				.findFirst()
				.orElse(null);
			if (active != null) {
				actions.add(topic + ": ok " + active.id());
			}
			else if (!ours.isEmpty()) {
				WooWebhook repaired = client.activateWebhook(ours.get(0).id());
				actions.add(topic + ": reactivated " + repaired.id() + " (was " + ours.get(0).status() + ")");
			}
			else {
				WooWebhook created = client.createWebhook("stock-sync " + topic, topic, url, shop.webhookSecret());
				actions.add(topic + ": created " + created.id() + " (" + created.status() + ")");
				createdIds.put(created.id(), actions.size() - 1);
			}
		}
		// WooCommerce says "active" even when it then refuses every delivery: only the
		// creation ping proves it.
		Set<Long> missing = createdIds.isEmpty() ? Set.of()
				: this.pings.awaitPings(shop.id(), createdIds.keySet(), PING_TIMEOUT);
		createdIds.forEach((id, index) -> actions.set(index, actions.get(index)
				+ (missing.contains(id) ? ", NOT confirmed: its ping has not reached ingest" : ", ping received")));
		String warning = missing.isEmpty() ? null : "WooCommerce accepted webhooks " + new TreeSet<>(missing)
				+ " but their creation ping did not reach ingest within " + PING_TIMEOUT.toSeconds() + " s, so"
				+ " deliveries may never arrive. WooCommerce refuses delivery URLs it does not consider valid (by default"
				+ " only ports 80, 443 and 8080: 'http_request_failed: A valid URL was not provided.'), and may not reach "
				+ url + " at all (firewall, DNS, a local address); see WooCommerce > Status > Logs (webhooks-delivery)"
				+ " and the webhook's delivery log. With an asynchronous Action Scheduler the ping may also simply come"
				+ " later: GET /admin/sites/" + shop.id() + "/webhooks, or register again, to check.";
		if (warning != null) {
			logger.warn("Webhooks of shop={}: {}", shop.id(), warning);
		}
		logger.info("Webhooks of shop={} registered at {}: {}", shop.id(), url, actions);
		return new WebhookStatus.RegistrationReport(shop.id(), url, actions, missing.isEmpty(), warning);
	}

	WebhookStatus status(ShopConfig shop, WebhookStatus.CheckReport lastCheck) {
		List<WooWebhook> existing = this.clients.forShop(shop).listWebhooks();
		List<WebhookStatus.Webhook> webhooks = existing.stream()
			.map((webhook) -> new WebhookStatus.Webhook(webhook.id(), webhook.topic(), webhook.status(),
					webhook.deliveryUrl(), ShopWebhooks.isOurs(webhook, this.properties, shop),
					ShopWebhooks.isStale(webhook, this.properties, shop)))
			.toList();
		List<String> missing = missingTopics(existing, shop);
		DeliveryWatch.Missed missed = this.deliveries.missed(shop.id()).orElse(null);
		return new WebhookStatus(shop.id(), ShopWebhooks.deliveryUrl(this.properties, shop), webhooks, missing,
				missing.isEmpty() && missed == null, lastCheck, missed);
	}

	/** Needed topics without an active webhook of ours. */
	List<String> missingTopics(List<WooWebhook> existing, ShopConfig shop) {
		return ShopWebhooks.TOPICS.stream()
			.filter((topic) -> existing.stream()
				.noneMatch((webhook) -> topic.equals(webhook.topic()) && "active".equals(webhook.status())
						&& ShopWebhooks.isOurs(webhook, this.properties, shop)))
			.toList();
	}

}
