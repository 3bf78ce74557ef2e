package io.stocksync.woo;

/**
 * An absolute stock quantity to set on one product or variation.
 *
 * @param id the product id (product batch) or the variation id (variation batch)
 * @param quantity the new stock quantity; may be negative, WooCommerce accepts that
 */
public record StockWrite(long id, long quantity) {

}
