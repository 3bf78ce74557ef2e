package io.stocksync.common.event;

import java.time.Instant;

/**
 * The ledger applied an adjustment, and this is the exact delta it applied. Written by
 * the ledger (through its outbox, in the transaction that applied it) to the adjustments
 * topic, keyed by SKU. A stock take ({@code set}) moves the pool by
 * {@code quantity - on_hand} at the moment it is applied, which depends on the orders
 * applied before it; the recorded delta is what makes a replay of the log reproduce the
 * live ledger exactly.
 *
 * @param schemaVersion version of this contract
 * @param eventId unique id of this event
 * @param requestEventId the {@link StockAdjustmentRequested} it answers
 * @param sku the SKU
 * @param type {@code set}, {@code add} or {@code remove}
 * @param quantity the requested quantity
 * @param reason the request's reason
 * @param idempotencyKey the request's idempotency key (applied once)
 * @param delta the change of on_hand the ledger applied
 * @param appliedAt when the ledger committed it
 */
public record StockAdjustmentApplied(int schemaVersion, String eventId, String requestEventId, String sku,
		AdjustmentType type, long quantity, String reason, String idempotencyKey, long delta, Instant appliedAt) {

	public static final int SCHEMA_VERSION = 1;

	public static final String TYPE = "stockAdjustmentApplied";

}
