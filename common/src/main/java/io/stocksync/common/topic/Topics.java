package io.stocksync.common.topic;

/**
 * Default topic names. Services read the actual names from configuration (these are the
 * defaults there), so that an operator can rename them per environment.
 */
public final class Topics {

	/**
	 * {@code OrderSnapshot}, key {@code shopId:orderId}. Replayable: keep forever
	 * (retention -1).
	 */
	public static final String ORDER_EVENTS = "stocksync.order-events";

	/**
	 * {@code StockAdjustmentRequested}, key SKU. Replayable: keep forever (retention -1).
	 */
	public static final String STOCK_ADJUSTMENTS = "stocksync.stock-adjustments";

	/**
	 * {@code StockChanged}, key SKU. Compacted: the latest value per SKU is current
	 * truth.
	 */
	public static final String STOCK_CHANGED = "stocksync.stock-changed";

	/**
	 * Verified webhook bodies that could not be used, with the reason in headers. Key
	 * shopId.
	 */
	public static final String INGEST_QUARANTINE = "stocksync.ingest-quarantine";

	/**
	 * {@code ProductStockReported}, key {@code shopId:sku}: what a shop says it shows.
	 * Compacted.
	 */
	public static final String PRODUCT_STOCK = "stocksync.product-stock";

	/**
	 * {@code OrderSnapshot} without its restocked refund quantities, key
	 * {@code shopId:orderId}: verified WooCommerce deliveries whose refunds ingest still
	 * has to read from the shop. Ingest's own work queue, so that a webhook is answered
	 * without waiting for a shop call; ingest completes each snapshot and publishes it to
	 * {@link #ORDER_EVENTS}. Not replayed (the order-events log holds the result).
	 */
	public static final String ORDER_REFUND_LOOKUPS = "stocksync.order-refund-lookups";

	/**
	 * {@code OrderSnapshot} stubs (order id and webhook topic, no lines), key
	 * {@code shopId:orderId}: verified Shopify deliveries whose body is not the order
	 * ({@code refunds/create}, {@code orders/edited}), so that ingest still has to read
	 * the order from the store. Ingest's own work queue, so that a webhook is answered
	 * without waiting for a store call; ingest reads each order and publishes its
	 * snapshot to {@link #ORDER_EVENTS}. Not replayed (the order-events log holds the
	 * result).
	 */
	public static final String SHOPIFY_ORDER_LOOKUPS = "stocksync.shopify-order-lookups";

	/** Suffix of the dead-letter topic of a consumed topic. */
	public static final String DLT_SUFFIX = "-dlt";

	private Topics() {
	}

}
