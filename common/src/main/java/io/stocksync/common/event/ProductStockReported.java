package io.stocksync.common.event;

import java.time.Instant;

/**
 * A shop's own report of a product's or variation's stock, from its
 * {@code product.updated} webhook (WooCommerce builds the body at delivery time, so it
 * carries the current {@code stock_quantity}), or from a Shopify store's
 * {@code inventory_levels/update} (its {@code available} at the synced location). The
 * propagator uses it to skip writes that would change nothing and to see hand edits at
 * once. Keyed by {@code <shopId>:<sku>}.
 * <p>
 * A Shopify webhook names the inventory item, not the SKU: such a report carries the
 * inventory item id as {@code productId}, {@code variationId} 0 and a null {@code sku};
 * the propagator finds the SKU in the store's catalogue. It is keyed by
 * {@code <shopId>:item:<inventoryItemId>}.
 *
 * @param schemaVersion version of this contract
 * @param eventId unique id of this event
 * @param shopId the shop
 * @param sku the product's or variation's SKU; null for a Shopify inventory item (see
 * above)
 * @param productId product id (the parent for a variation); for Shopify the inventory
 * item id
 * @param variationId variation id, 0 for a simple product
 * @param stockQuantity the stock the shop shows now
 * @param dateModified the product's {@code date_modified_gmt}, null if absent
 * @param receivedAt when ingest received the delivery
 */
public record ProductStockReported(int schemaVersion, String eventId, String shopId, String sku, long productId,
		long variationId, long stockQuantity, Instant dateModified, Instant receivedAt) {

	public static final int SCHEMA_VERSION = 1;

	public static final String TYPE = "productStockReported";

	/**
	 * A Shopify store's report of an inventory item's {@code available}.
	 * @param shopId the store
	 * @param inventoryItemId the inventory item
	 * @param available its {@code available} at the synced location
	 * @param updatedAt the level's {@code updated_at}, null if absent
	 * @param receivedAt when ingest received the delivery
	 * @return the report, its SKU left for the propagator to find
	 */
	public static ProductStockReported ofInventoryItem(String shopId, long inventoryItemId, long available,
			Instant updatedAt, Instant receivedAt) {
		return new ProductStockReported(SCHEMA_VERSION, java.util.UUID.randomUUID().toString(), shopId, null,
				inventoryItemId, 0, available, updatedAt, receivedAt);
	}

	/** A copy naming the SKU (for a report of a Shopify inventory item). */
	public ProductStockReported withSku(String sku) {
		return new ProductStockReported(this.schemaVersion, this.eventId, this.shopId, sku, this.productId,
				this.variationId, this.stockQuantity, this.dateModified, this.receivedAt);
	}

	public String key() {
		return (this.sku != null) ? this.shopId + ":" + this.sku : this.shopId + ":item:" + this.productId;
	}

}
