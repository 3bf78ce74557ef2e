package io.stocksync.ledger.adjustment;

import java.time.Clock;
import java.util.UUID;
import java.util.concurrent.TimeUnit;

import io.stocksync.common.event.AdjustmentType;
import io.stocksync.common.event.BackordersChangeRequested;
import io.stocksync.common.event.StockAdjustmentRequested;
import io.stocksync.ledger.system.LedgerProperties;

import org.springframework.kafka.core.KafkaTemplate;
import org.springframework.stereotype.Component;

/**
 * Publishes adjustments to Kafka (keyed by SKU) and waits for the acknowledgement.
 * Adjustments go through the log, not straight to the database, so that replaying the
 * topics rebuilds the ledger.
 */
@Component
public class AdjustmentPublisher {

	private final KafkaTemplate<String, Object> template;

	private final LedgerProperties properties;

	private final Clock clock;

	AdjustmentPublisher(KafkaTemplate<String, Object> template, LedgerProperties properties, Clock clock) {
		this.template = template;
		this.properties = properties;
		this.clock = clock;
	}

	StockAdjustmentRequested publish(String sku, AdjustmentType type, long quantity, String reason,
			String idempotencyKey) {
		StockAdjustmentRequested event = new StockAdjustmentRequested(StockAdjustmentRequested.SCHEMA_VERSION,
				UUID.randomUUID().toString(), sku, type, quantity, reason, idempotencyKey, this.clock.instant());
		send(sku, event);
		return event;
	}

	BackordersChangeRequested publishBackorders(String sku, boolean allowed, String reason) {
		BackordersChangeRequested event = new BackordersChangeRequested(BackordersChangeRequested.SCHEMA_VERSION,
				UUID.randomUUID().toString(), sku, allowed, reason, this.clock.instant());
		send(sku, event);
		return event;
	}

	/**
	 * Publishes another request of the adjustments topic (kit definitions, shop rules),
	 * keyed by its SKU, and waits for the acknowledgement.
	 */
	public void publishRequest(String sku, Object event) {
		send(sku, event);
	}

	/*
	 * Keyed by SKU: every request of one SKU stays in order on one partition, and so does
	 * its replay.
	 */
	private void send(String sku, Object event) {
		try {
			this.template.send(this.properties.topics().adjustments(), sku, event)
				.get(this.properties.kafkaAckTimeout().toMillis(), TimeUnit.MILLISECONDS);
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			throw new IllegalStateException("interrupted while publishing an adjustment", ex);
		}
		catch (Exception ex) {
			throw new IllegalStateException("Kafka did not acknowledge the adjustment: " + ex.getMessage(), ex);
		}
	}

}
