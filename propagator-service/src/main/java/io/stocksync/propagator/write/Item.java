package io.stocksync.propagator.write;

import io.stocksync.woo.CatalogueItem;

/**
 * One SKU of a round that goes out: its waiting entry, the truth version and quantity to
 * write, and where it is on the shop.
 */
record Item(Pending pending, long version, long quantity, CatalogueItem catalogue) {

	String sku() {
		return this.pending.sku;
	}

}
