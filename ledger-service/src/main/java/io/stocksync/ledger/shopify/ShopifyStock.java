package io.stocksync.ledger.shopify;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.TreeSet;

import tools.jackson.databind.JsonNode;

/**
 * A Shopify store's stock as an import source: per SKU the {@code available} quantity of
 * its variant's inventory item at the synced location ({@code location-id}, or the
 * store's primary location), read by paging {@code productVariants} by cursor. SKUs on
 * more than one variant are reported and skipped, never guessed; variants whose inventory
 * Shopify does not track, that are not stocked at the location, or that are bundle
 * parents ({@code requiresComponents}: their stock comes from their components) are
 * reported as not stock-managed.
 */
public final class ShopifyStock {

	static final int PAGE = 100;

	private static final String PRIMARY_LOCATION = "query { location { id } }";

	private static final String VARIANTS = """
			query ImportStock($first: Int!, $after: String, $locationId: ID!) {
			  productVariants(first: $first, after: $after) {
			    pageInfo { hasNextPage endCursor }
			    nodes {
			      sku
			      requiresComponents
			      inventoryItem {
			        tracked
			        inventoryLevel(locationId: $locationId) { quantities(names: ["available"]) { name quantity } }
			      }
			    }
			  }
			}""";

	private ShopifyStock() {
	}

	/**
	 * @param graphql the store
	 * @return the stock: quantities by SKU, duplicate SKUs, SKUs without managed stock
	 */
	public static Read read(ShopifyGraphql graphql) {
		Long configured = graphql.shop().locationId();
		long location = (configured != null) ? configured : ShopifyGraphql
			.legacyId(graphql.query(PRIMARY_LOCATION, Map.of()).path("location").path("id").asString(null), "Location");
		Map<String, Integer> seen = new HashMap<>();
		Map<String, Long> quantities = new TreeMap<>();
		List<String> unmanaged = new ArrayList<>();
		String after = null;
		do {
			Map<String, Object> variables = new LinkedHashMap<>();
			variables.put("first", PAGE);
			variables.put("after", after);
			variables.put("locationId", "gid://shopify/Location/" + location);
			JsonNode page = graphql.query(VARIANTS, variables).path("productVariants");
			for (JsonNode variant : page.path("nodes")) {
				String sku = variant.path("sku").asString("").trim();
				if (sku.isEmpty()) {
					continue;
				}
				seen.merge(sku, 1, Integer::sum);
				JsonNode item = variant.path("inventoryItem");
				JsonNode available = available(item.path("inventoryLevel"));
				if (variant.path("requiresComponents").asBoolean(false) || !item.path("tracked").asBoolean(false)
						|| available == null) {
					unmanaged.add(sku);
				}
				else {
					quantities.put(sku, available.asLong());
				}
			}
			after = page.path("pageInfo").path("hasNextPage").asBoolean(false)
					? page.path("pageInfo").path("endCursor").asString(null) : null;
		}
		while (after != null);
		List<String> duplicates = new ArrayList<>(new TreeSet<>(
				seen.entrySet().stream().filter((entry) -> entry.getValue() > 1).map(Map.Entry::getKey).toList()));
		duplicates.forEach(quantities::remove);
		unmanaged.removeAll(duplicates);
		return new Read(location, quantities, duplicates, List.copyOf(new TreeSet<>(unmanaged)));
	}

	private static JsonNode available(JsonNode level) {
		for (JsonNode quantity : level.path("quantities")) {
			if ("available".equals(quantity.path("name").asString(""))) {
				return quantity.path("quantity");
			}
		}
		return null;
	}

	/**
	 * @param locationId the location read
	 * @param quantities {@code available} per SKU
	 * @param duplicateSkus SKUs on more than one variant (skipped)
	 * @param notStockManaged SKUs not tracked, not stocked at the location, or bundle
	 * parents (skipped)
	 */
	public record Read(long locationId, Map<String, Long> quantities, List<String> duplicateSkus,
			List<String> notStockManaged) {
	}

}
