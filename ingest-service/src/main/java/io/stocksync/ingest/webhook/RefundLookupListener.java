package io.stocksync.ingest.webhook;

import io.stocksync.common.event.OrderSnapshot;
import io.stocksync.common.topic.Topics;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.kafka.annotation.KafkaListener;
import org.springframework.stereotype.Component;

/**
 * The follow-up step of a verified WooCommerce delivery whose order lists refunds that
 * the ledger needs ({@link RefundLookup#needsLookup}): the webhook was answered once its
 * snapshot was on ingest's refund-lookup topic (or in the spool), and this consumer reads
 * the refunds from the shop (with retries), sets the restocked quantities and publishes
 * the completed snapshot to the order-events topic, acknowledged, before its offset is
 * committed. A crash in between publishes it again, which the ledger's order-line rule
 * makes harmless. One order's deliveries share a key, hence a partition, and are
 * completed in the order they arrived.
 */
@Component
class RefundLookupListener {

	private static final Logger logger = LoggerFactory.getLogger(RefundLookupListener.class);

	private final RefundLookup refunds;

	private final OrderSnapshotPublisher publisher;

	RefundLookupListener(RefundLookup refunds, OrderSnapshotPublisher publisher) {
		this.refunds = refunds;
		this.publisher = publisher;
	}

	private static final String TOPIC = "${stocksync.topics.refund-lookups:" + Topics.ORDER_REFUND_LOOKUPS + "}";

	/*
	 * the group is named after the topic, so that instances on other topics never share
	 * it
	 */
	@KafkaListener(id = "ingest-refund-lookups", groupId = "ingest." + TOPIC, topics = TOPIC,
			concurrency = "${stocksync.refund-lookup.concurrency:1}")
	void complete(OrderSnapshot snapshot) {
		OrderSnapshot completed = this.refunds.complete(snapshot);
		var stored = this.publisher.publish(completed);
		logger.debug("Refunds looked up eventId={} shop={} order={} stored={}", completed.eventId(), completed.shopId(),
				completed.orderId(), stored);
	}

}
