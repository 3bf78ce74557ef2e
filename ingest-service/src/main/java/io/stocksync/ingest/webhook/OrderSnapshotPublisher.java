package io.stocksync.ingest.webhook;

import io.stocksync.common.event.OrderSnapshot;
import io.stocksync.ingest.spool.DurablePublisher;
import io.stocksync.ingest.system.IngestProperties;

import org.springframework.stereotype.Component;

/**
 * Publishes order snapshots keyed by {@code shopId:orderId}, so that one order's events
 * stay in order.
 */
@Component
class OrderSnapshotPublisher {

	private final DurablePublisher publisher;

	private final String topic;

	OrderSnapshotPublisher(DurablePublisher publisher, IngestProperties properties) {
		this.publisher = publisher;
		this.topic = properties.topics().orderEvents();
	}

	DurablePublisher.Stored publish(OrderSnapshot snapshot) {
		return this.publisher.publish(this.topic, snapshot.key(), snapshot);
	}

}
