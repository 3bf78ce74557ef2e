package io.stocksync.common.shop;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonValue;

/** How stock-sync authenticates to a shop's REST API. */
public enum ShopAuth {

	/**
	 * HTTP Basic with consumer key and secret; WooCommerce accepts it over https only.
	 */
	BASIC,
	/** OAuth 1.0a one-legged query signing; what WooCommerce requires over plain http. */
	OAUTH1;

	@JsonValue
	public String json() {
		return name().toLowerCase(java.util.Locale.ROOT);
	}

	@JsonCreator
	public static ShopAuth fromJson(String value) {
		return valueOf(value.trim().toUpperCase(java.util.Locale.ROOT));
	}

}
