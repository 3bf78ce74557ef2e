package io.stocksync.ingest.webhooksetup;

import java.util.ArrayList;
import java.util.List;

import io.stocksync.common.shop.ShopConfig;
import io.stocksync.ingest.system.IngestProperties;
import io.stocksync.ingest.system.ShopClients;
import io.stocksync.woo.WooClient;
import io.stocksync.woo.WooWebhook;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.stereotype.Component;

/**
 * Creates or repairs the webhooks a shop needs ({@link ShopWebhooks#TOPICS}), pointing at
 * {@code <public-base-url>/webhooks/woocommerce/<shopId>} and signed with the shop's webhook secret. A topic with no
 * webhook of ours gets one; ours that are not active are set active. Running it again changes nothing. WooCommerce
 * pings the delivery URL when a webhook is created, so ingest must be reachable at the public base URL by then.
 * <p>
 * WooCommerce never returns a webhook's secret, so a webhook of ours with a wrong secret cannot be seen from here
 * (its deliveries are answered 401 and it ends up disabled); delete it in WooCommerce and register again.
 */
@Component
class WebhookRegistrar {

	private static final Logger logger = LoggerFactory.getLogger(WebhookRegistrar.class);

	private final ShopClients clients;

	private final IngestProperties properties;

	WebhookRegistrar(ShopClients clients, IngestProperties properties) {
		this.clients = clients;
		this.properties = properties;
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
		WooClient client = this.clients.client(shop);
		List<WooWebhook> existing = client.listWebhooks();
		List<String> actions = new ArrayList<>();
		for (String topic : ShopWebhooks.TOPICS) {
			List<WooWebhook> ours = existing.stream()
				.filter((webhook) -> topic.equals(webhook.topic()) && ShopWebhooks.isOurs(webhook, this.properties, shop))
				.toList();
			WooWebhook active = ours.stream().filter((webhook) -> "active".equals(webhook.status())).findFirst()
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
			}
		}
		logger.info("Webhooks of shop={} registered at {}: {}", shop.id(), url, actions);
		return new WebhookStatus.RegistrationReport(shop.id(), url, actions);
	}

	WebhookStatus status(ShopConfig shop, WebhookStatus.CheckReport lastCheck) {
		List<WooWebhook> existing = this.clients.client(shop).listWebhooks();
		List<WebhookStatus.Webhook> webhooks = existing.stream()
			.map((webhook) -> new WebhookStatus.Webhook(webhook.id(), webhook.topic(), webhook.status(),
					webhook.deliveryUrl(), ShopWebhooks.isOurs(webhook, this.properties, shop),
					ShopWebhooks.isStale(webhook, this.properties, shop)))
			.toList();
		List<String> missing = missingTopics(existing, shop);
		return new WebhookStatus(shop.id(), ShopWebhooks.deliveryUrl(this.properties, shop), webhooks, missing,
				missing.isEmpty(), lastCheck);
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
