package io.stocksync.woo;

/**
 * Outcome of one item of a batch stock write. WooCommerce reports per-item failures
 * inside an HTTP 200, so a failed item is a result, not an exception.
 *
 * @param id the id that was written
 * @param ok whether WooCommerce applied the write
 * @param stockQuantity the stock WooCommerce reports after the write ({@code null} when
 * it failed, or when the item does not manage stock, in which case WooCommerce ignored
 * the quantity)
 * @param errorCode WooCommerce error code of a failed item, e.g.
 * {@code woocommerce_rest_product_invalid_id}
 * @param errorMessage WooCommerce error message of a failed item
 */
public record StockWriteResult(long id, boolean ok, Long stockQuantity, String errorCode, String errorMessage) {

	public static StockWriteResult success(long id, Long stockQuantity) {
		return new StockWriteResult(id, true, stockQuantity, null, null);
	}

	public static StockWriteResult failure(long id, String errorCode, String errorMessage) {
		return new StockWriteResult(id, false, null, errorCode, errorMessage);
	}

}
