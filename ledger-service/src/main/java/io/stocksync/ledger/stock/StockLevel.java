package io.stocksync.ledger.stock;

import java.time.Instant;

/**
 * The pool quantity of one SKU as the admin API shows it.
 *
 * @param sku the SKU
 * @param onHand the true quantity, unclamped (negative: oversold)
 * @param available what may be sold (equal to onHand until reservations exist)
 * @param backorders whether shops may sell below zero
 * @param version per-SKU change counter
 * @param updatedAt time of the last change
 */
public record StockLevel(String sku, long onHand, long available, boolean backorders, long version, Instant updatedAt) {

}
