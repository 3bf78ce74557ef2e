package io.stocksync.woo;

/**
 * A webhook as WooCommerce reports it. The secret is never echoed back by WooCommerce, so
 * it is not part of this.
 *
 * @param id webhook id
 * @param name display name
 * @param status {@code active}, {@code paused}, {@code disabled} (set by WooCommerce
 * after more than 5 consecutive failed deliveries) or {@code pending_delivery}
 * @param topic e.g. {@code order.updated}
 * @param deliveryUrl where WooCommerce posts deliveries
 */
public record WooWebhook(long id, String name, String status, String topic, String deliveryUrl) {

}
