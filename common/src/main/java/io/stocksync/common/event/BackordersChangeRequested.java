package io.stocksync.common.event;

import java.time.Instant;

/**
 * An operator's request to allow (or stop) selling a SKU below zero. Travels on the
 * adjustments topic, keyed by SKU, so that the log alone rebuilds the flag; the last
 * request per SKU wins. Shops of a SKU with backorders get the unclamped quantity
 * ({@link StockChanged#publishedQuantity(int)}).
 *
 * @param schemaVersion version of this contract
 * @param eventId unique id of this event
 * @param sku the SKU
 * @param allowed whether the SKU may be sold below zero
 * @param reason free text for the audit trail
 * @param requestedAt when it was requested
 */
public record BackordersChangeRequested(int schemaVersion, String eventId, String sku, boolean allowed, String reason,
		Instant requestedAt) {

	public static final int SCHEMA_VERSION = 1;

	public static final String TYPE = "backordersChangeRequested";

}
