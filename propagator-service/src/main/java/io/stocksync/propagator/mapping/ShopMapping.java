package io.stocksync.propagator.mapping;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import io.stocksync.woo.Catalogue;
import io.stocksync.woo.CatalogueItem;

/**
 * SKU to product (or variation) of one shop, from one read of its catalogue. SKUs the
 * shop lists twice are left out and reported: writing to one of them would be a guess.
 *
 * @param shopId the shop
 * @param bySku the unique, stock-managed SKUs
 * @param duplicateSkus SKUs listed more than once
 * @param notStockManaged SKUs whose stock the shop does not manage (nothing to write)
 * @param withoutSku items that have no SKU
 * @param refreshedAt when the catalogue was read
 */
public record ShopMapping(String shopId, Map<String, CatalogueItem> bySku, List<String> duplicateSkus,
		List<String> notStockManaged, int withoutSku, Instant refreshedAt) {

	static ShopMapping of(String shopId, Catalogue catalogue, Instant refreshedAt) {
		Map<String, CatalogueItem> bySku = new java.util.TreeMap<>();
		List<String> unmanaged = new java.util.ArrayList<>();
		for (Map.Entry<String, List<CatalogueItem>> entry : catalogue.bySku().entrySet()) {
			CatalogueItem item = entry.getValue().get(0);
			if (entry.getValue().size() > 1) {
				continue;
			}
			if (item.manageStock()) {
				bySku.put(entry.getKey(), item);
			}
			else {
				unmanaged.add(entry.getKey());
			}
		}
		return new ShopMapping(shopId, Map.copyOf(bySku), catalogue.duplicateSkus(), List.copyOf(unmanaged),
				catalogue.withoutSku(), refreshedAt);
	}

	/**
	 * The mapping with the operator's manual entries on top: a manual entry wins over the
	 * catalogue (and resolves a duplicate SKU). Its stock is what the catalogue lists for
	 * that product or variation, if it lists it.
	 */
	ShopMapping withManual(List<ManualMappingRepository.ManualMapping> manual, Catalogue catalogue) {
		if (manual.isEmpty()) {
			return this;
		}
		Map<String, CatalogueItem> merged = new java.util.TreeMap<>(this.bySku);
		for (ManualMappingRepository.ManualMapping entry : manual) {
			CatalogueItem listed = catalogue.items()
				.stream()
				.filter((item) -> item.productId() == entry.productId() && item.variationId() == entry.variationId())
				.findFirst()
				.orElse(null);
			merged.put(entry.sku(),
					new CatalogueItem(entry.sku(), entry.productId(), entry.variationId(),
							(listed != null) ? listed.type() : "manual", true,
							(listed != null) ? listed.stockQuantity() : null));
		}
		List<String> duplicates = this.duplicateSkus.stream().filter((sku) -> !merged.containsKey(sku)).toList();
		return new ShopMapping(this.shopId, Map.copyOf(merged), duplicates, this.notStockManaged, this.withoutSku,
				this.refreshedAt);
	}

	public Optional<CatalogueItem> find(String sku) {
		return Optional.ofNullable(this.bySku.get(sku));
	}

}
