package io.stocksync.common.shop;

import java.net.URI;
import java.util.Locale;
import java.util.Objects;

import com.fasterxml.jackson.annotation.JsonProperty;

/**
 * One shop, as configured in the sites file: a WooCommerce shop (the default) or, with
 * {@code platform: shopify}, a Shopify store. {@link #toString()} never shows the
 * secrets.
 *
 * @param id the shop id used in URLs, topics and logs ({@code shop1})
 * @param baseUrl the WordPress home URL, e.g. {@code https://shop1.example.com}
 * @param consumerKey REST API consumer key
 * @param consumerSecret REST API consumer secret
 * @param webhookSecret secret WooCommerce signs webhooks with
 * @param auth {@code basic} or {@code oauth1}; defaults to basic for https and oauth1 for
 * http
 * @param buffer safety stock held back from this shop
 * @param cap optional upper limit of the quantity published to this shop ({@code null}:
 * no limit); the shop then shows {@code min(cap, available - buffer)}, so a
 * marketplace-like shop never advertises the whole pool
 * @param share optional percentage (0-100) of what is left after the buffer that this
 * shop is shown, rounded down ({@code null}: 100)
 * @param hideBelow optional threshold: while the pool's available quantity is below it
 * the shop shows 0 ({@code null}: never hidden). The order the rules apply in is
 * {@link io.stocksync.common.rules.Allocation}'s.
 * @param platform {@code woocommerce} (default) or {@code shopify}
 * @param accessToken Shopify only: the Admin API access token
 * @param locationId Shopify only: the numeric location whose stock is synced;
 * {@code null}: the primary location
 * @param apiVersion Shopify only: the Admin API version, default
 * {@value #DEFAULT_SHOPIFY_API_VERSION}
 * @param handEdits what a hand edit of stock on this shop does: {@code restore} (default)
 * or {@code adopt}
 */
public record ShopConfig(String id, @JsonProperty("base-url") String baseUrl,
		@JsonProperty("consumer-key") String consumerKey, @JsonProperty("consumer-secret") String consumerSecret,
		@JsonProperty("webhook-secret") String webhookSecret, ShopAuth auth, int buffer, Integer cap, Integer share,
		@JsonProperty("hide-below") Integer hideBelow, Platform platform,
		@JsonProperty("access-token") String accessToken, @JsonProperty("location-id") Long locationId,
		@JsonProperty("api-version") String apiVersion, @JsonProperty("hand-edits") HandEdits handEdits) {

	/** The Shopify Admin API version used when a site names none. */
	public static final String DEFAULT_SHOPIFY_API_VERSION = "2026-01";

	public ShopConfig {
		Objects.requireNonNull(id, "site id is required");
		if (!id.matches("[A-Za-z0-9_-]{1,64}")) {
			throw new IllegalArgumentException("site id '" + id + "' must be 1-64 letters, digits, '-' or '_'");
		}
		Objects.requireNonNull(baseUrl, () -> "site " + id + ": base-url is required");
		URI uri = URI.create(baseUrl);
		String scheme = (uri.getScheme() != null) ? uri.getScheme().toLowerCase(Locale.ROOT) : "";
		if (!scheme.equals("http") && !scheme.equals("https")) {
			throw new IllegalArgumentException("site " + id + ": base-url must start with http:// or https://");
		}
		baseUrl = baseUrl.endsWith("/") ? baseUrl.substring(0, baseUrl.length() - 1) : baseUrl;
		if (auth == null) {
			auth = scheme.equals("https") ? ShopAuth.BASIC : ShopAuth.OAUTH1;
		}
		if (buffer < 0) {
			throw new IllegalArgumentException("site " + id + ": buffer must not be negative");
		}
		if (cap != null && cap < 0) {
			throw new IllegalArgumentException("site " + id + ": cap must not be negative");
		}
		if (share != null && (share < 0 || share > 100)) {
			throw new IllegalArgumentException("site " + id + ": share must be between 0 and 100");
		}
		if (hideBelow != null && hideBelow < 0) {
			throw new IllegalArgumentException("site " + id + ": hide-below must not be negative");
		}
		platform = (platform != null) ? platform : Platform.WOOCOMMERCE;
		handEdits = (handEdits != null) ? handEdits : HandEdits.RESTORE;
		if (platform == Platform.SHOPIFY) {
			requireShopify(id, "access-token", accessToken);
			requireShopify(id, "webhook-secret", webhookSecret);
			apiVersion = (apiVersion != null) ? apiVersion.trim() : DEFAULT_SHOPIFY_API_VERSION;
			if (!apiVersion.matches("\\d{4}-(01|04|07|10)")) {
				throw new IllegalArgumentException("site " + id + ": api-version '" + apiVersion
						+ "' is not a Shopify API version (YYYY-01, -04, -07 or -10)");
			}
			if (locationId != null && locationId <= 0) {
				throw new IllegalArgumentException("site " + id + ": location-id must be a positive number");
			}
		}
		else if (accessToken != null || locationId != null || apiVersion != null) {
			throw new IllegalArgumentException(
					"site " + id + ": access-token, location-id and api-version are for platform: shopify only");
		}
	}

	/** A WooCommerce shop with the allocation rules of the sites file. */
	public ShopConfig(String id, String baseUrl, String consumerKey, String consumerSecret, String webhookSecret,
			ShopAuth auth, int buffer, Integer cap, Integer share, Integer hideBelow) {
		this(id, baseUrl, consumerKey, consumerSecret, webhookSecret, auth, buffer, cap, share, hideBelow, null, null,
				null, null, null);
	}

	/**
	 * A WooCommerce shop without share and hide-below (the sites file before they
	 * existed).
	 */
	public ShopConfig(String id, String baseUrl, String consumerKey, String consumerSecret, String webhookSecret,
			ShopAuth auth, int buffer, Integer cap) {
		this(id, baseUrl, consumerKey, consumerSecret, webhookSecret, auth, buffer, cap, null, null);
	}

	/** A Shopify store. */
	public static ShopConfig shopify(String id, String baseUrl, String accessToken, String webhookSecret,
			Long locationId, String apiVersion, int buffer, Integer cap) {
		return new ShopConfig(id, baseUrl, null, null, webhookSecret, null, buffer, cap, null, null, Platform.SHOPIFY,
				accessToken, locationId, apiVersion, null);
	}

	public boolean isShopify() {
		return this.platform == Platform.SHOPIFY;
	}

	public boolean isWooCommerce() {
		return this.platform == Platform.WOOCOMMERCE;
	}

	private static void requireShopify(String id, String field, String value) {
		if (value == null || value.isBlank()) {
			throw new IllegalArgumentException("site " + id + ": " + field + " is required for platform: shopify");
		}
	}

	/** A shop without a cap (the sites file before {@code cap} existed). */
	public ShopConfig(String id, String baseUrl, String consumerKey, String consumerSecret, String webhookSecret,
			ShopAuth auth, int buffer) {
		this(id, baseUrl, consumerKey, consumerSecret, webhookSecret, auth, buffer, null, null, null);
	}

	@Override
	public String toString() {
		String platformPart = isShopify() ? ", platform=shopify, apiVersion=" + this.apiVersion
				+ ((this.locationId != null) ? ", locationId=" + this.locationId : "") : ", auth=" + this.auth;
		return "ShopConfig[id=" + this.id + ", baseUrl=" + this.baseUrl + platformPart + ", buffer=" + this.buffer
				+ ((this.cap != null) ? ", cap=" + this.cap : "")
				+ ((this.share != null) ? ", share=" + this.share : "")
				+ ((this.hideBelow != null) ? ", hideBelow=" + this.hideBelow : "") + ", handEdits=" + this.handEdits
				+ ", credentials=***]";
	}

}
