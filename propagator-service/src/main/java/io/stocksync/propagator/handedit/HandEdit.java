package io.stocksync.propagator.handedit;

import java.time.Instant;

/**
 * A hand edit seen on a shop and what was done about it.
 *
 * @param shopId the shop
 * @param sku the SKU
 * @param productId product id (the parent for a variation)
 * @param variationId variation id, 0 for a simple product
 * @param found the quantity the shop reported
 * @param lastWritten the quantity we last wrote there
 * @param expected the quantity the shop should show (from the pool)
 * @param action {@code restore} or {@code adopt}
 * @param detectedAt when it was acted upon
 */
record HandEdit(String shopId, String sku, long productId, long variationId, long found, long lastWritten,
		long expected, String action, Instant detectedAt) {

}
