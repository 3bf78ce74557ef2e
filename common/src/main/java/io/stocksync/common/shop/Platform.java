package io.stocksync.common.shop;

import java.util.Locale;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonValue;

/**
 * The kind of store a site is: it decides which webhook endpoint, client and writer serve
 * it.
 */
public enum Platform {

	/**
	 * A WooCommerce shop (REST API v3, {@code POST /webhooks/woocommerce/{id}}); the
	 * default.
	 */
	WOOCOMMERCE,
	/** A Shopify store (GraphQL Admin API, {@code POST /webhooks/shopify/{id}}). */
	SHOPIFY;

	@JsonValue
	public String json() {
		return name().toLowerCase(Locale.ROOT);
	}

	@JsonCreator
	public static Platform fromJson(String value) {
		for (Platform platform : values()) {
			if (platform.json().equals(value.trim().toLowerCase(Locale.ROOT))) {
				return platform;
			}
		}
		throw new IllegalArgumentException("platform '" + value + "' is not one of woocommerce, shopify");
	}

}
