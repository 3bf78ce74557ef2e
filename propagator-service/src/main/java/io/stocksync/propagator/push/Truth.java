package io.stocksync.propagator.push;

import io.stocksync.common.shop.ShopConfig;

/**
 * The newest known stock of one SKU (from the newest StockChanged seen).
 *
 * @param sku the SKU
 * @param available what may be sold
 * @param backorders whether the SKU may be sold below zero
 * @param version the ledger's per-SKU version
 */
record Truth(String sku, long available, boolean backorders, long version) {

	/** What the shop shows: available minus its buffer, not below zero unless backorders, at most its cap. */
	long publishedTo(ShopConfig shop) {
		long quantity = this.available - shop.buffer();
		if (!this.backorders) {
			quantity = Math.max(0, quantity);
		}
		return (shop.cap() != null) ? Math.min(shop.cap(), quantity) : quantity;
	}

}
