package io.stocksync.ingest.spool;

/**
 * Neither Kafka nor the local spool took a record. The delivery must not be acknowledged:
 * the webhook is answered 503, the last resort.
 */
public class DeliveryNotStoredException extends RuntimeException {

	DeliveryNotStoredException(String message, Throwable cause) {
		super(message, cause);
	}

}
