package io.stocksync.common.event;

import java.time.Instant;

/**
 * An operator's reorder planning of a SKU ({@code PUT /admin/stock/{sku}/planning}): how
 * long a reorder takes to arrive and how much safety stock to keep. Travels on the
 * adjustments topic keyed by SKU, so the log rebuilds it; the last request per SKU wins.
 *
 * @param schemaVersion version of this contract
 * @param eventId unique id of this event
 * @param sku the SKU
 * @param leadTimeDays days from ordering to goods received
 * @param safetyStock units to keep on top of the lead time's demand
 * @param requestedAt when it was requested
 */
public record StockPlanningRequested(int schemaVersion, String eventId, String sku, int leadTimeDays, long safetyStock,
		Instant requestedAt) {

	public static final int SCHEMA_VERSION = 1;

	public static final String TYPE = "stockPlanningRequested";

}
