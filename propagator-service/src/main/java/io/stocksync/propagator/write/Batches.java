package io.stocksync.propagator.write;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * WooCommerce batch requests for a round's items: simple products in
 * {@code POST products/batch}, variations per parent in {@code POST
 * products/{id}/variations/batch}, at most {@value #LIMIT} items each.
 */
final class Batches {

	static final int LIMIT = 100;

	private Batches() {
	}

	/**
	 * Products first (in the given order), then each parent's variations by parent id.
	 */
	static List<Request> plan(List<Item> items) {
		List<Item> products = new ArrayList<>();
		Map<Long, List<Item>> variationsByParent = new TreeMap<>();
		for (Item item : items) {
			if (item.catalogue().isVariation()) {
				variationsByParent.computeIfAbsent(item.catalogue().productId(), (id) -> new ArrayList<>()).add(item);
			}
			else {
				products.add(item);
			}
		}
		List<Request> requests = new ArrayList<>();
		for (int from = 0; from < products.size(); from += LIMIT) {
			requests.add(new Request(0, products.subList(from, Math.min(products.size(), from + LIMIT))));
		}
		for (Map.Entry<Long, List<Item>> entry : variationsByParent.entrySet()) {
			List<Item> variations = entry.getValue();
			for (int from = 0; from < variations.size(); from += LIMIT) {
				requests.add(new Request(entry.getKey(),
						variations.subList(from, Math.min(variations.size(), from + LIMIT))));
			}
		}
		return requests;
	}

	/**
	 * One batch request: simple products ({@code parentId} 0) or variations of one
	 * parent.
	 */
	record Request(long parentId, List<Item> items) {
	}

}
