package io.stocksync.ingest.system;

import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.TimeUnit;

import org.apache.kafka.common.errors.InvalidTopicException;
import org.apache.kafka.common.errors.RecordTooLargeException;
import org.apache.kafka.common.errors.SerializationException;

import org.springframework.kafka.core.KafkaTemplate;
import org.springframework.stereotype.Component;

/**
 * Sends a record and tells when Kafka has acknowledged it (acks=all, idempotent
 * producer), so that a webhook is answered 2xx only for what Kafka holds.
 */
@Component
public class AcknowledgedSender {

	private final KafkaTemplate<String, Object> template;

	private final long ackTimeoutMillis;

	AcknowledgedSender(KafkaTemplate<String, Object> template, IngestProperties properties) {
		this.template = template;
		this.ackTimeoutMillis = properties.kafkaAckTimeout().toMillis();
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

	/**
	 * Sends the record; the future completes once Kafka acknowledged it, or fails with a
	 * {@link KafkaUnavailableException} when Kafka refused it or did not acknowledge it
	 * within {@code stocksync.kafka-ack-timeout}. The calling thread does not wait for
	 * Kafka (only {@code max.block.ms} for metadata, when the topic's metadata is not
	 * known yet).
	 */
	public CompletableFuture<Void> send(String topic, String key, Object value) {
		CompletableFuture<?> sent;
		try {
			sent = this.template.send(topic, key, value);
		}
		catch (RuntimeException ex) {
			return CompletableFuture.failedFuture(new KafkaUnavailableException(topic, ex));
		}
		CompletableFuture<Void> acknowledged = new CompletableFuture<>();
		sent.orTimeout(this.ackTimeoutMillis, TimeUnit.MILLISECONDS).whenComplete((result, failure) -> {
			if (failure == null) {
				acknowledged.complete(null);
			}
			else {
				Throwable cause = (failure instanceof CompletionException && failure.getCause() != null)
						? failure.getCause() : failure;
				acknowledged.completeExceptionally(new KafkaUnavailableException(topic, cause));
			}
		});
		return acknowledged;
	}

}
