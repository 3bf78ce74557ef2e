package io.stocksync.propagator.write;

import java.time.Instant;

/**
 * The newest stock a shop reported itself for one SKU ({@code product.updated}).
 *
 * @param quantity the stock the shop showed
 * @param eventId the report's event id
 * @param reportedAt when ingest received it
 */
public record ShopReport(long quantity, String eventId, Instant reportedAt) {

}
