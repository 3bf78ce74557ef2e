package io.stocksync.ingest.shopify;

import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;
import java.util.Optional;

import io.stocksync.common.event.ProductStockReported;
import io.stocksync.common.json.JsonMappers;
import io.stocksync.common.shop.ShopConfig;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;

/**
 * Reads a verified {@code inventory_levels/update} body ({@code inventory_item_id},
 * {@code location_id}, {@code available}, {@code updated_at}) as the store's report of
 * what it shows for that inventory item, for the propagator's hand-edit check (which
 * tells our own write's echo, an order's reduction and a hand edit apart). A level at
 * another location than the store's configured {@code location-id}, or without an
 * {@code available}, reports nothing.
 */
final class InventoryLevelUpdates {

	private InventoryLevelUpdates() {
	}

	/**
	 * @return the report, or empty with the reason thrown as {@link UnusableShopifyBody}
	 * for a body that is not a level, or empty for a level we do not sync
	 */
	static Optional<ProductStockReported> report(ShopConfig shop, byte[] body, Instant receivedAt) {
		JsonNode level;
		try {
			level = JsonMappers.standard().readTree(body);
		}
		catch (JacksonException ex) {
			throw new UnusableShopifyBody("body is not JSON: " + ex.getOriginalMessage());
		}
		JsonNode item = level.path("inventory_item_id");
		JsonNode location = level.path("location_id");
		if (!level.isObject() || !item.canConvertToLong() || item.asLong() <= 0 || !location.canConvertToLong()) {
			throw new UnusableShopifyBody("inventory_levels/update body has no numeric inventory_item_id/location_id");
		}
		if (shop.locationId() != null && shop.locationId() != location.asLong()) {
			return Optional.empty();
		}
		JsonNode available = level.path("available");
		if (!available.isIntegralNumber()) {
			return Optional.empty();
		}
		return Optional.of(ProductStockReported.ofInventoryItem(shop.id(), item.asLong(), available.asLong(),
				updatedAt(level.path("updated_at").asString("")), receivedAt));
	}

	private static Instant updatedAt(String value) {
		try {
			return value.isBlank() ? null : OffsetDateTime.parse(value).toInstant();
		}
		catch (DateTimeParseException ex) {
			return null;
		}
	}

}
