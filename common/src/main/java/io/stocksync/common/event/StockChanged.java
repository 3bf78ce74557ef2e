package io.stocksync.common.event;

import java.time.Instant;
import java.util.Map;

import io.stocksync.common.rules.SkuRule;

/**
 * The absolute stock of one SKU after a committed ledger change. Carries absolute values,
 * so emitting it twice is harmless; {@code version} grows by one with every change of the
 * SKU, so consumers can drop stale ones.
 *
 * @param schemaVersion version of this contract
 * @param eventId unique id of this event
 * @param sku the SKU
 * @param onHand the pool quantity, unclamped (negative means oversold)
 * @param available what may be sold
 * @param backorders whether the SKU may be sold below zero (then published quantities are
 * not clamped)
 * @param version per-SKU change counter
 * @param cause what caused the change ({@code order shop1:20}, {@code adjustment <key>},
 * ...)
 * @param occurredAt when the ledger committed the change
 * @param rules the per-SKU overrides of the shops' rules, by shop id (absent or empty:
 * none); absolute like the quantities, so the newest event alone says what every shop
 * should show
 */
public record StockChanged(int schemaVersion, String eventId, String sku, long onHand, long available,
		boolean backorders, long version, String cause, Instant occurredAt, Map<String, SkuRule> rules) {

	public StockChanged {
		rules = (rules != null) ? Map.copyOf(rules) : Map.of();
	}

	/** A change without per-SKU overrides. */
	public StockChanged(int schemaVersion, String eventId, String sku, long onHand, long available, boolean backorders,
			long version, String cause, Instant occurredAt) {
		this(schemaVersion, eventId, sku, onHand, available, backorders, version, cause, occurredAt, Map.of());
	}

	public static final int SCHEMA_VERSION = 1;

	public static final String TYPE = "stockChanged";

	/** The quantity a shop with the given safety buffer should show. */
	public long publishedQuantity(int buffer) {
		long quantity = this.available - buffer;
		return this.backorders ? quantity : Math.max(0, quantity);
	}

}
