package io.stocksync.propagator.write;

import java.time.Instant;

/**
 * One stock write the propagator made to a shop. WooCommerce answers it with a
 * {@code product.updated} webhook that carries the same id and {@code stock_quantity};
 * this row is how such a webhook is recognised as our own.
 *
 * @param shopId the shop
 * @param sku the SKU
 * @param productId product id (the parent for a variation)
 * @param variationId variation id, 0 for a simple product
 * @param quantity the stock quantity written
 * @param version the truth version written
 * @param writtenAt when the shop confirmed the write
 */
public record OwnWrite(String shopId, String sku, long productId, long variationId, long quantity, long version,
		Instant writtenAt) {

}
