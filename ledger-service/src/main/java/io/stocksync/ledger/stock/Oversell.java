package io.stocksync.ledger.stock;

import java.time.Instant;

/**
 * A cause (almost always an order) that took a SKU below zero.
 *
 * @param id position (newer is larger); page with {@code before=<id>}
 * @param sku the SKU
 * @param causeType {@code order} or {@code adjustment}
 * @param causeRef the order ({@code shop1:20}) or the adjustment's idempotency key
 * @param quantityShort how many units of this cause the pool did not have
 * @param onHandAfter on_hand right after it
 * @param occurredAt when it was applied
 * @param resolvedAt when on_hand was back at 0 or more (a cancel, goods received),
 * {@code null} while still short
 */
record Oversell(long id, String sku, String causeType, String causeRef, long quantityShort, long onHandAfter,
		Instant occurredAt, Instant resolvedAt) {

}
