package io.stocksync.ingest.system;

import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

import org.springframework.kafka.core.KafkaTemplate;
import org.springframework.stereotype.Component;

/**
 * Sends a record and returns only once Kafka has acknowledged it (acks=all, idempotent producer), so that a webhook
 * is answered 2xx only for what Kafka holds.
 */
@Component
public class AcknowledgedSender {

	private final KafkaTemplate<String, Object> template;

	private final IngestProperties properties;

	AcknowledgedSender(KafkaTemplate<String, Object> template, IngestProperties properties) {
		this.template = template;
		this.properties = properties;
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
