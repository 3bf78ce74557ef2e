package io.stocksync.woo;

import java.io.IOException;
import java.time.Duration;
import java.util.Optional;

/**
 * A WooCommerce REST call that failed: an I/O error or a non-2xx answer (or a 2xx answer
 * that is not the expected JSON).
 * <p>
 * {@link #retryable()} follows the outbound HTTP rule of the project: I/O errors, 5xx,
 * 408 and 429 are worth retrying, every other status is a permanent rejection. The
 * message names shop id, method, path (never the query string, which carries the OAuth
 * signature), status and WooCommerce's error code and message; it never contains
 * credentials.
 */
public class WooApiException extends RuntimeException {

	private final int status;

	private final String code;

	private final boolean retryable;

	private final Duration retryAfter;

	/**
	 * @param message the full message (must not contain credentials or query strings)
	 * @param status HTTP status, {@code 0} when no response was received
	 * @param code WooCommerce error code, {@code null} if the answer carried none
	 * @param retryable whether retrying the same call can succeed
	 * @param retryAfter server-requested delay, {@code null} if none
	 * @param cause the underlying exception, if any
	 */
	public WooApiException(String message, int status, String code, boolean retryable, Duration retryAfter,
			Throwable cause) {
		super(message, cause);
		this.status = status;
		this.code = code;
		this.retryable = retryable;
		this.retryAfter = retryAfter;
	}

	/** Whether an HTTP status is worth retrying: 5xx, 408 and 429. */
	public static boolean isRetryableStatus(int status) {
		return status >= 500 || status == 408 || status == 429;
	}

	static WooApiException forStatus(String shopId, String method, String path, int status, String code, String message,
			Duration retryAfter) {
		StringBuilder text = new StringBuilder(prefix(shopId, method, path)).append(" -> HTTP ").append(status);
		if (code != null) {
			text.append(' ').append(code);
		}
		if (message != null && !message.isEmpty()) {
			text.append(": ").append(message);
		}
		if (retryAfter != null) {
			text.append(" (retry after ").append(retryAfter.toSeconds()).append("s)");
		}
		return new WooApiException(text.toString(), status, code, isRetryableStatus(status), retryAfter, null);
	}

	static WooApiException forIo(String shopId, String method, String path, IOException cause, String causeText) {
		return new WooApiException(prefix(shopId, method, path) + " failed: " + causeText, 0, null, true, null, cause);
	}

	private static String prefix(String shopId, String method, String path) {
		return "WooCommerce " + shopId + ": " + method + " " + path;
	}

	/** HTTP status, {@code 0} when no response was received (I/O error). */
	public int status() {
		return this.status;
	}

	/**
	 * WooCommerce error code ({@code "code"} of the error body), {@code null} if there
	 * was none.
	 */
	public String code() {
		return this.code;
	}

	public boolean retryable() {
		return this.retryable;
	}

	/** The delay the shop asked for with {@code Retry-After}, if it sent one. */
	public Optional<Duration> retryAfter() {
		return Optional.ofNullable(this.retryAfter);
	}

}
