package io.stocksync.fakeshop;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;
import java.util.Map;

/**
 * One webhook POST the fake shop made (including the unsigned creation ping, topic
 * {@code ping}).
 *
 * @param webhookId id of the webhook
 * @param topic {@code order.updated}, ..., or {@code ping}
 * @param resourceId id of the order/product in the payload; 0 for a ping
 * @param deliveryUrl where it was sent
 * @param deliveryId the {@code X-WC-Webhook-Delivery-ID} (empty for a ping)
 * @param status HTTP status the receiver answered, 0 if the connection failed
 * @param body raw body bytes exactly as sent
 * @param headers request headers in the order sent
 * @param sentAt when it was sent
 */
public record WebhookDelivery(long webhookId, String topic, long resourceId, String deliveryUrl, String deliveryId,
		int status, byte[] body, List<Map.Entry<String, String>> headers, Instant sentAt) {

	public String bodyString() {
		return new String(this.body, StandardCharsets.UTF_8);
	}

	/** First header with that name (case-insensitive), or null. */
	public String header(String name) {
		for (Map.Entry<String, String> header : this.headers) {
			if (header.getKey().equalsIgnoreCase(name)) {
				return header.getValue();
			}
		}
		return null;
	}

	public boolean succeeded() {
		return this.status >= 200 && this.status < 300;
	}

}
