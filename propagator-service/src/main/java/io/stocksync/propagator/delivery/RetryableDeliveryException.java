package io.stocksync.propagator.delivery;

/**
 * A write to a shop failed in a way that may succeed later (I/O error, 5xx, 408, 429,
 * open circuit, database unavailable): the record goes to the shop's next retry topic.
 */
public class RetryableDeliveryException extends RuntimeException {

	public RetryableDeliveryException(String message, Throwable cause) {
		super(message, cause);
	}

}
