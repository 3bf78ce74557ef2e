package io.stocksync.fakeshop;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.Objects;

/**
 * How a {@link FakeShop} starts.
 *
 * @param id shop id, used for logs and to derive default credentials
 * @param port port to bind on 127.0.0.1; 0 picks a free one
 * @param consumerKey REST consumer key ({@code ck_...}) accepted in OAuth 1.0a signatures
 * @param consumerSecret REST consumer secret ({@code cs_...})
 * @param webhookSecret secret used for webhooks registered through
 * {@link FakeShop#registerWebhook}
 * @param asyncWebhooks {@code false}: deliver inside the triggering call (like the
 * fixture capture); {@code true}: deliver in order on one background thread, building
 * each payload when it is sent (like WooCommerce's default Action Scheduler mode)
 */
public record FakeShopOptions(String id, int port, String consumerKey, String consumerSecret, String webhookSecret,
		boolean asyncWebhooks) {

	public FakeShopOptions {
		Objects.requireNonNull(id, "id");
		Objects.requireNonNull(consumerKey, "consumerKey");
		Objects.requireNonNull(consumerSecret, "consumerSecret");
		Objects.requireNonNull(webhookSecret, "webhookSecret");
		if (port < 0 || port > 65535) {
			throw new IllegalArgumentException("port must be 0..65535");
		}
	}

	/**
	 * Random port, synchronous webhooks, credentials derived from the id (stable across
	 * runs, so a local sites file can name them): {@code ck_} + 40 hex, {@code cs_} + 40
	 * hex, webhook secret {@code <id>-webhook-secret}.
	 */
	public static FakeShopOptions defaults(String id) {
		return new FakeShopOptions(id, 0, "ck_" + sha1Hex(id + ":ck"), "cs_" + sha1Hex(id + ":cs"),
				id + "-webhook-secret", false);
	}

	public FakeShopOptions withPort(int port) {
		return new FakeShopOptions(this.id, port, this.consumerKey, this.consumerSecret, this.webhookSecret,
				this.asyncWebhooks);
	}

	public FakeShopOptions withCredentials(String consumerKey, String consumerSecret) {
		return new FakeShopOptions(this.id, this.port, consumerKey, consumerSecret, this.webhookSecret,
				this.asyncWebhooks);
	}

	public FakeShopOptions withWebhookSecret(String webhookSecret) {
		return new FakeShopOptions(this.id, this.port, this.consumerKey, this.consumerSecret, webhookSecret,
				this.asyncWebhooks);
	}

	public FakeShopOptions withAsyncWebhooks(boolean asyncWebhooks) {
		return new FakeShopOptions(this.id, this.port, this.consumerKey, this.consumerSecret, this.webhookSecret,
				asyncWebhooks);
	}

	@Override
	public String toString() {
		return "FakeShopOptions[id=" + this.id + ", port=" + this.port + ", asyncWebhooks=" + this.asyncWebhooks
				+ ", credentials=***]";
	}

	private static String sha1Hex(String value) {
		try {
			MessageDigest digest = MessageDigest.getInstance("SHA-1");
			return HexFormat.of().formatHex(digest.digest(value.getBytes(StandardCharsets.UTF_8)));
		}
		catch (NoSuchAlgorithmException ex) {
			throw new IllegalStateException(ex);
		}
	}

}
