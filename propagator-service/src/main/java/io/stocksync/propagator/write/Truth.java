package io.stocksync.propagator.write;

import java.util.Map;

import io.stocksync.common.rules.Allocation;
import io.stocksync.common.rules.SkuRule;
import io.stocksync.common.shop.ShopConfig;

/**
 * The newest known stock of one SKU (from the newest StockChanged seen).
 *
 * @param sku the SKU
 * @param available what may be sold
 * @param backorders whether the SKU may be sold below zero
 * @param version the ledger's per-SKU version
 * @param rules the per-shop overrides of the SKU's rules, by shop id
 */
public record Truth(String sku, long available, boolean backorders, long version, Map<String, SkuRule> rules) {

	/**
	 * What the shop shows: the rules of {@link Allocation}, in their order, with the
	 * SKU's override for the shop.
	 */
	public Allocation.Published publishedTo(ShopConfig shop) {
		return Allocation.publish(shop, this.available, this.backorders, this.rules.get(shop.id()));
	}

}
