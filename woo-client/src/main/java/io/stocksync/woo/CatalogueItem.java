package io.stocksync.woo;

/**
 * One stock-keeping unit of a shop: a simple (or other non-variable) product, a variable
 * parent, or one variation.
 *
 * @param sku the SKU, {@code null} if the item has none (WooCommerce sends {@code ""})
 * @param productId the product id, or the parent product id for a variation
 * @param variationId the variation id, {@code 0} for anything that is not a variation
 * @param type WooCommerce type: {@code simple}, {@code variable}, {@code variation}, ...
 * @param manageStock whether stock is managed on this item itself (a variation whose
 * {@code manage_stock} is {@code "parent"} does not)
 * @param stockQuantity the stock, {@code null} if stock is not managed on this item
 */
public record CatalogueItem(String sku, long productId, long variationId, String type, boolean manageStock,
		Long stockQuantity) {

	public boolean isVariation() {
		return this.variationId != 0;
	}

}
