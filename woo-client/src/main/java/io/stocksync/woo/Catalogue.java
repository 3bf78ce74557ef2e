package io.stocksync.woo;

import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Every product and variation of one shop, in the order they were read (products by id,
 * each variable product followed by its variations).
 *
 * @param items all items, never {@code null}
 */
public record Catalogue(List<CatalogueItem> items) {

	public Catalogue {
		items = List.copyOf(items);
	}

	/**
	 * Items that have a SKU, grouped by SKU in first-seen order; a list holds more than
	 * one item only for duplicates.
	 */
	public Map<String, List<CatalogueItem>> bySku() {
		Map<String, List<CatalogueItem>> bySku = new LinkedHashMap<>();
		for (CatalogueItem item : this.items) {
			if (item.sku() != null) {
				bySku.computeIfAbsent(item.sku(), (sku) -> new ArrayList<>()).add(item);
			}
		}
		bySku.replaceAll((sku, list) -> List.copyOf(list));
		return Collections.unmodifiableMap(bySku);
	}

	/** SKUs carried by more than one item, in first-seen order. */
	public List<String> duplicateSkus() {
		return bySku().entrySet()
			.stream()
			.filter((entry) -> entry.getValue().size() > 1)
			.map(Map.Entry::getKey)
			.toList();
	}

	/** How many items have no SKU (these cannot be matched across shops). */
	public int withoutSku() {
		return (int) this.items.stream().filter((item) -> item.sku() == null).count();
	}

}
