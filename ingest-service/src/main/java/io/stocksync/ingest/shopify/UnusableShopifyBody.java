package io.stocksync.ingest.shopify;

/**
 * A verified Shopify body that cannot become an order snapshot; the message is the reason
 * kept in quarantine.
 */
class UnusableShopifyBody extends RuntimeException {

	UnusableShopifyBody(String reason) {
		super(reason);
	}

}
