package io.stocksync.ingest.webhooksetup;

import java.net.URI;
import java.util.List;

import io.stocksync.common.shop.ShopConfig;
import io.stocksync.ingest.system.IngestProperties;
import io.stocksync.woo.WooWebhook;

/**
 * Which webhooks a shop needs and which of its webhooks are ours. With
 * {@code stocksync.public-base-url} set, ours are those whose delivery URL is exactly
 * {@code <public-base-url>/webhooks/woocommerce/<shopId>}; a webhook with that path on
 * another host is {@code stale} (reported, never touched). Without it, any delivery URL
 * with that path is ours.
 */
final class ShopWebhooks {

	/**
	 * The topics registered on every shop; product.updated becomes a product stock report
	 * (see ProductStockReports).
	 */
	static final List<String> TOPICS = List.of("order.created", "order.updated", "order.deleted", "order.restored",
			"product.updated");

	private ShopWebhooks() {
	}

	static String path(ShopConfig shop) {
		return "/webhooks/woocommerce/" + shop.id();
	}

	/** The delivery URL, or {@code null} without a public base URL. */
	static String deliveryUrl(IngestProperties properties, ShopConfig shop) {
		String base = properties.publicBaseUrl();
		if (base == null || base.isBlank()) {
			return null;
		}
		base = base.trim();
		return (base.endsWith("/") ? base.substring(0, base.length() - 1) : base) + path(shop);
	}

	static boolean isOurs(WooWebhook webhook, IngestProperties properties, ShopConfig shop) {
		String expected = deliveryUrl(properties, shop);
		if (webhook.deliveryUrl() == null) {
			return false;
		}
		return (expected != null) ? expected.equals(webhook.deliveryUrl()) : hasOurPath(webhook, shop);
	}

	static boolean isStale(WooWebhook webhook, IngestProperties properties, ShopConfig shop) {
		return deliveryUrl(properties, shop) != null && !isOurs(webhook, properties, shop) && hasOurPath(webhook, shop);
	}

	private static boolean hasOurPath(WooWebhook webhook, ShopConfig shop) {
		try {
			String path = URI.create(webhook.deliveryUrl().trim()).getPath();
			return path != null && (path.equals(path(shop)) || path.equals(path(shop) + "/"));
		}
		catch (IllegalArgumentException ex) {
			return false;
		}
	}

}
