package io.stocksync.ingest.webhook;

import io.stocksync.common.event.OrderSnapshot;
import io.stocksync.ingest.system.AcknowledgedSender;
import io.stocksync.ingest.system.IngestProperties;

import org.springframework.stereotype.Component;

/** Publishes order snapshots keyed by {@code shopId:orderId}, so that one order's events stay in order. */
@Component
class OrderSnapshotPublisher {

	private final AcknowledgedSender sender;

	private final String topic;

	OrderSnapshotPublisher(AcknowledgedSender sender, IngestProperties properties) {
		this.sender = sender;
		this.topic = properties.topics().orderEvents();
	}

	void publish(OrderSnapshot snapshot) {
		this.sender.send(this.topic, snapshot.key(), snapshot);
	}

}
