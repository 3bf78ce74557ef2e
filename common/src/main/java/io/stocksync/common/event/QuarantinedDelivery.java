package io.stocksync.common.event;

import java.time.Instant;

/**
 * A verified webhook delivery that stock-sync could not use (unknown topic, missing
 * fields, broken JSON). It is kept with its reason and raw body so an operator can
 * inspect and replay it; WooCommerce was answered 2xx because it never redelivers.
 *
 * @param schemaVersion version of this contract
 * @param eventId unique id
 * @param shopId the shop that sent it
 * @param webhookTopic the {@code X-WC-Webhook-Topic} header
 * @param reason why it could not be used
 * @param rawBody the body as received (UTF-8)
 * @param receivedAt when it arrived
 */
public record QuarantinedDelivery(int schemaVersion, String eventId, String shopId, String webhookTopic, String reason,
		String rawBody, Instant receivedAt) {

	public static final int SCHEMA_VERSION = 1;

	public static final String TYPE = "quarantinedDelivery";

}
