package io.stocksync.ingest.spool;

import java.io.IOException;
import java.time.Clock;

import io.stocksync.ingest.system.AcknowledgedSender;
import io.stocksync.ingest.system.KafkaUnavailableException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.stereotype.Component;

/**
 * Stores a record so that a webhook may be acknowledged: on Kafka (acknowledged,
 * acks=all) when the spool is empty and Kafka answers within
 * {@code stocksync.kafka-ack-timeout}, otherwise in the local spool (fsync'd), from which
 * {@link SpoolDrainer} sends it later. While the spool holds anything, new records go
 * behind it, so that they reach Kafka in the order they arrived. Only when the spool
 * cannot write either is the record not stored ({@link DeliveryNotStoredException},
 * answered 503).
 */
@Component
public class DurablePublisher {

	private static final Logger logger = LoggerFactory.getLogger(DurablePublisher.class);

	private final AcknowledgedSender sender;

	private final DeliverySpool spool;

	private final Clock clock;

	DurablePublisher(AcknowledgedSender sender, DeliverySpool spool, Clock clock) {
		this.sender = sender;
		this.spool = spool;
		this.clock = clock;
	}

	/** Where a record was stored. */
	public enum Stored {

		/** Kafka acknowledged it. */
		KAFKA,
		/** The local spool holds it; Kafka gets it when it is reachable again. */
		SPOOL

	}

	public Stored publish(String topic, String key, Object value) {
		if (this.spool.isEmpty()) {
			try {
				this.sender.send(topic, key, value);
				return Stored.KAFKA;
			}
			catch (KafkaUnavailableException ex) {
				if (AcknowledgedSender.isPermanent(ex)) {
					throw new DeliveryNotStoredException("Kafka refused the record: " + ex.getMessage(), ex);
				}
				logger.warn("Kafka did not acknowledge topic={} key={}, spooling it: {}", topic, key, ex.getMessage());
			}
		}
		try {
			this.spool.append(SpoolRecord.of(topic, key, value, this.clock.instant()));
		}
		catch (IOException | RuntimeException ex) {
			logger.error("Neither Kafka nor the spool took topic={} key={}: {}", topic, key, ex.toString());
			throw new DeliveryNotStoredException("the spool could not store the record: " + ex, ex);
		}
		return Stored.SPOOL;
	}

	/** Records spooled and not yet on Kafka. */
	public long spooled() {
		return this.spool.pending();
	}

}
