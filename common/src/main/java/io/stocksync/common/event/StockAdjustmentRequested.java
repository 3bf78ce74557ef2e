package io.stocksync.common.event;

import java.time.Instant;

/**
 * An operator's request to change the pool: goods received ({@code add}), goods removed
 * ({@code remove}) or a stock take ({@code set}). Adjustments travel through Kafka so
 * that the log alone can rebuild the ledger; the ledger applies each
 * {@code idempotencyKey} once.
 *
 * @param schemaVersion version of this contract
 * @param eventId unique id of this event
 * @param sku the SKU
 * @param type {@code set}, {@code add} or {@code remove}
 * @param quantity the quantity (never negative)
 * @param reason free text for the audit trail
 * @param idempotencyKey chosen by the caller; the same key applies once
 * @param requestedAt when it was requested
 */
public record StockAdjustmentRequested(int schemaVersion, String eventId, String sku, AdjustmentType type,
		long quantity, String reason, String idempotencyKey, Instant requestedAt) {

	public static final int SCHEMA_VERSION = 1;

	public static final String TYPE = "stockAdjustmentRequested";

}
