package io.stocksync.propagator.shopify;

/**
 * A Shopify call that did not succeed. {@link #retryable()}: I/O errors, 5xx, and
 * throttling that outlasted the client's patience; otherwise the store refused the
 * request itself (bad token, unknown version, query errors).
 */
public class ShopifyApiException extends RuntimeException {

	private final int status;

	private final boolean retryable;

	public ShopifyApiException(String message, int status, boolean retryable, Throwable cause) {
		super(message, cause);
		this.status = status;
		this.retryable = retryable;
	}

	/** The HTTP status, 0 when there was no answer. */
	public int status() {
		return this.status;
	}

	public boolean retryable() {
		return this.retryable;
	}

}
