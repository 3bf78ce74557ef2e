package io.stocksync.common.shop;

import java.util.Locale;
import java.util.Set;

/**
 * Shopify's rule for what one order line holds of the store's stock, shared by ingest
 * (webhooks and the order poll, REST shape) and the ledger's onboarding baseline (GraphQL
 * shape), so that both hand the ledger the same tally for the same order: the line's
 * {@code quantity} when Shopify tracks the variant's inventory, minus the refunded
 * quantities whose restock type puts units back ({@code cancel}, {@code return},
 * {@code legacy_restock}); {@code no_restock} moves nothing; untracked variants and gift
 * cards hold nothing.
 */
public final class ShopifyLineRule {

	/** Restock types (REST lower case; GraphQL's enum upper case) that put units back. */
	public static final Set<String> RESTOCKING = Set.of("cancel", "return", "legacy_restock");

	private ShopifyLineRule() {
	}

	/** Whether a refund line item of that restock type put its units back. */
	public static boolean restocks(String restockType) {
		return restockType != null && RESTOCKING.contains(restockType.toLowerCase(Locale.ROOT));
	}

	/**
	 * @param quantity the line's ordered quantity
	 * @param tracked whether Shopify tracks the variant's inventory (false for gift
	 * cards)
	 * @param restocked the line's refunded units that went back to stock
	 * @return what the line holds of the store's stock
	 */
	public static int committed(int quantity, boolean tracked, int restocked) {
		return tracked ? Math.max(0, quantity - restocked) : 0;
	}

}
