package io.stocksync.common.event;

/**
 * One line item of an order.
 *
 * @param lineItemId the shop's line item id (stable across edits of the order)
 * @param sku the shared product identity; {@code null} when the product has no SKU (the
 * ledger ignores the line)
 * @param productId the shop's product id
 * @param variationId the shop's variation id, 0 for a simple product
 * @param quantity the ordered quantity
 * @param reducedStock WooCommerce's own tally of what it deducted for this line
 * ({@code _reduced_stock} meta), or {@code null} when the line carries none (product not
 * stock-managed, simplified payload)
 * @param restockedRefundQuantity quantity of this line refunded with restock, when known
 * from the payload; 0 otherwise
 */
public record OrderLine(long lineItemId, String sku, long productId, long variationId, int quantity,
		Integer reducedStock, int restockedRefundQuantity) {

}
