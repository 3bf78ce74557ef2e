package io.stocksync.ingest.webhook;

/**
 * A verified body that cannot become an order snapshot; the message is the reason kept in
 * quarantine.
 */
class UnusablePayloadException extends RuntimeException {

	UnusablePayloadException(String reason) {
		super(reason);
	}

	UnusablePayloadException(String reason, Throwable cause) {
		super(reason, cause);
	}

}
