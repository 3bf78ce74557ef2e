package io.stocksync.common.event;

import java.time.Instant;

/**
 * A shop's own report of a product's or variation's stock, from its
 * {@code product.updated} webhook (WooCommerce builds the body at delivery time, so it
 * carries the current {@code stock_quantity}). The propagator uses it to skip writes that
 * would change nothing and to see hand edits at once. Keyed by {@code <shopId>:<sku>}.
 *
 * @param schemaVersion version of this contract
 * @param eventId unique id of this event
 * @param shopId the shop
 * @param sku the product's or variation's SKU
 * @param productId product id (the parent for a variation)
 * @param variationId variation id, 0 for a simple product
 * @param stockQuantity the stock the shop shows now
 * @param dateModified the product's {@code date_modified_gmt}, null if absent
 * @param receivedAt when ingest received the delivery
 */
public record ProductStockReported(int schemaVersion, String eventId, String shopId, String sku, long productId,
		long variationId, long stockQuantity, Instant dateModified, Instant receivedAt) {

	public static final int SCHEMA_VERSION = 1;

	public static final String TYPE = "productStockReported";

	public String key() {
		return this.shopId + ":" + this.sku;
	}

}
