package io.stocksync.ledger.stock;

import java.time.Instant;

/**
 * One audited change of a SKU, as {@code GET /admin/stock/{sku}/history} shows it.
 *
 * @param id position in the audit trail (newer is larger); page with {@code before=<id>}
 * @param sku the SKU
 * @param delta the change of on_hand (0 for a change of the backorders flag)
 * @param onHandAfter on_hand right after this change
 * @param version the SKU's version after the commit that carried this change
 * @param causeType {@code order}, {@code adjustment} or {@code backorders}
 * @param causeRef the order ({@code shop1:20}) or the adjustment's idempotency key
 * @param eventId the Kafka event that carried the change
 * @param detail which order lines moved and how, or the adjustment's request
 * @param occurredAt when the ledger committed it
 */
record StockMovement(long id, String sku, long delta, long onHandAfter, long version, String causeType, String causeRef,
		String eventId, String detail, Instant occurredAt) {

}
