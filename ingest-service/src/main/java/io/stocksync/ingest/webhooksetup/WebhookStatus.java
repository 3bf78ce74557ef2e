package io.stocksync.ingest.webhooksetup;

import java.time.Instant;
import java.util.List;

import io.stocksync.ingest.webhook.DeliveryWatch;

/**
 * A shop's webhooks as stock-sync sees them.
 *
 * @param shopId the shop
 * @param deliveryUrl where our webhooks should point ({@code null} without
 * {@code stocksync.public-base-url})
 * @param webhooks every webhook of the shop, ours marked
 * @param missingTopics needed topics without an active webhook of ours
 * @param healthy every needed topic has an active webhook of ours, and the last orders
 * did not come by poll alone
 * @param ordersWithoutWebhook orders the order poll found that no webhook had brought,
 * since the last one a webhook brought ({@code null}: none): the webhooks may be
 * {@code active} and still not deliver
 * @param lastCheck the last webhook health check of this shop since start, if any
 */
record WebhookStatus(String shopId, String deliveryUrl, List<Webhook> webhooks, List<String> missingTopics,
		boolean healthy, CheckReport lastCheck, DeliveryWatch.Missed ordersWithoutWebhook) {

	/**
	 * @param id webhook id
	 * @param topic topic
	 * @param status {@code active}, {@code paused}, {@code disabled},
	 * {@code pending_delivery}
	 * @param deliveryUrl delivery URL
	 * @param ours whether stock-sync considers it its own
	 * @param stale our path on another host (an old public URL)
	 */
	record Webhook(long id, String topic, String status, String deliveryUrl, boolean ours, boolean stale) {
	}

	/**
	 * One run of the webhook health check for a shop.
	 *
	 * @param shopId the shop
	 * @param checkedAt when
	 * @param reactivated ids of our webhooks found {@code disabled} and set active again
	 * @param missingTopics needed topics without a webhook of ours (register them with
	 * {@code POST /admin/sites/{id}/webhooks/register})
	 * @param inactive ours that are neither active nor disabled (paused by an admin,
	 * pending_delivery): reported only
	 * @param pollTriggered whether an order poll ran because deliveries were lost
	 * @param error why the check failed, {@code null} if it did not
	 */
	record CheckReport(String shopId, Instant checkedAt, List<Long> reactivated, List<String> missingTopics,
			List<Long> inactive, boolean pollTriggered, String error) {
	}

	/**
	 * What {@code POST /admin/sites/{id}/webhooks/register} did.
	 *
	 * @param shopId the shop
	 * @param deliveryUrl the delivery URL used
	 * @param actions per topic: {@code created <id>} (with {@code ping received} or
	 * {@code NOT confirmed}), {@code reactivated <id>} or {@code ok <id>}
	 * @param confirmed whether the creation ping of every webhook created here reached
	 * ingest
	 * @param warning why deliveries may not arrive, {@code null} when confirmed
	 */
	record RegistrationReport(String shopId, String deliveryUrl, List<String> actions, boolean confirmed,
			String warning) {
	}

}
