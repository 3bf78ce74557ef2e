package io.stocksync.propagator.push;

/**
 * A write to a shop failed in a way that may succeed later (I/O error, 5xx, 408, 429,
 * open circuit, database unavailable): the record goes to the shop's next retry topic.
 */
class RetryableDeliveryException extends RuntimeException {

	RetryableDeliveryException(String message, Throwable cause) {
		super(message, cause);
	}

}
