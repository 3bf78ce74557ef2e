package io.stocksync.ingest.system;

/**
 * Kafka did not acknowledge a record in time; the delivery must not be acknowledged
 * either.
 */
public class KafkaUnavailableException extends RuntimeException {

	public KafkaUnavailableException(String topic, Throwable cause) {
		super("Kafka did not acknowledge a record on " + topic + ": " + cause.getMessage(), cause);
	}

}
