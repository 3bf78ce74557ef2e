package io.stocksync.common.shop;

import java.net.URI;
import java.util.Locale;
import java.util.Objects;

import com.fasterxml.jackson.annotation.JsonProperty;

/**
 * One WooCommerce shop, as configured in the sites file. {@link #toString()} never shows the secrets.
 *
 * @param id the shop id used in URLs, topics and logs ({@code shop1})
 * @param baseUrl the WordPress home URL, e.g. {@code https://shop1.example.com}
 * @param consumerKey REST API consumer key
 * @param consumerSecret REST API consumer secret
 * @param webhookSecret secret WooCommerce signs webhooks with
 * @param auth {@code basic} or {@code oauth1}; defaults to basic for https and oauth1 for http
 * @param buffer safety stock held back from this shop
 * @param cap optional upper limit of the quantity published to this shop ({@code null}: no limit); the shop then shows
 * {@code min(cap, available - buffer)}, so a marketplace-like shop never advertises the whole pool
 * @param handEdits what a hand edit of stock on this shop does: {@code restore} (default) or {@code adopt}
 */
public record ShopConfig(String id, @JsonProperty("base-url") String baseUrl,
		@JsonProperty("consumer-key") String consumerKey, @JsonProperty("consumer-secret") String consumerSecret,
		@JsonProperty("webhook-secret") String webhookSecret, ShopAuth auth, int buffer, Integer cap,
		@JsonProperty("hand-edits") HandEdits handEdits) {

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
		if (handEdits == null) {
			handEdits = HandEdits.RESTORE;
		}
	}

	/** A shop whose hand edits are restored (the sites file before {@code hand-edits} existed). */
	public ShopConfig(String id, String baseUrl, String consumerKey, String consumerSecret, String webhookSecret,
			ShopAuth auth, int buffer, Integer cap) {
		this(id, baseUrl, consumerKey, consumerSecret, webhookSecret, auth, buffer, cap, null);
	}

	/** A shop without a cap (the sites file before {@code cap} existed). */
	public ShopConfig(String id, String baseUrl, String consumerKey, String consumerSecret, String webhookSecret,
			ShopAuth auth, int buffer) {
		this(id, baseUrl, consumerKey, consumerSecret, webhookSecret, auth, buffer, (Integer) null);
	}

	@Override
	public String toString() {
		return "ShopConfig[id=" + this.id + ", baseUrl=" + this.baseUrl + ", auth=" + this.auth + ", buffer="
				+ this.buffer + ((this.cap != null) ? ", cap=" + this.cap : "") + ", handEdits=" + this.handEdits
				+ ", credentials=***]";
	}

}
