package io.stocksync.ingest.system;

import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

import org.apache.kafka.common.errors.InvalidTopicException;
import org.apache.kafka.common.errors.RecordTooLargeException;
import org.apache.kafka.common.errors.SerializationException;

import org.springframework.kafka.core.KafkaTemplate;
import org.springframework.stereotype.Component;

/**
 * Sends a record and returns only once Kafka has acknowledged it (acks=all, idempotent
 * producer), so that a webhook is answered 2xx only for what Kafka holds.
 */
@Component
public class AcknowledgedSender {

	private final KafkaTemplate<String, Object> template;

	private final IngestProperties properties;

	AcknowledgedSender(KafkaTemplate<String, Object> template, IngestProperties properties) {
		this.template = template;
		this.properties = properties;
	}

	/**
	 * Whether a failure will not go away by trying again later: the record itself is
	 * refused (too large, not serializable, bad topic name), as opposed to Kafka being
	 * unreachable or slow.
	 */
	public static boolean isPermanent(Throwable failure) {
		for (Throwable cause = failure; cause != null; cause = cause.getCause()) {
			if (cause instanceof RecordTooLargeException || cause instanceof SerializationException
					|| cause instanceof InvalidTopicException || cause instanceof tools.jackson.core.JacksonException) {
				return true;
			}
			if (cause.getCause() == cause) {
				break;
			}
		}
		return false;
	}

	public void send(String topic, String key, Object value) {
		try {
			this.template.send(topic, key, value)
				.get(this.properties.kafkaAckTimeout().toMillis(), TimeUnit.MILLISECONDS);
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			throw new KafkaUnavailableException(topic, ex);
		}
		catch (ExecutionException | TimeoutException | RuntimeException ex) {
			throw new KafkaUnavailableException(topic, ex);
		}
	}

}
