package io.stocksync.ingest.shopify;

import io.stocksync.common.event.OrderSnapshot;
import io.stocksync.common.topic.Topics;
import io.stocksync.ingest.webhook.OrderIntake;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.kafka.annotation.KafkaListener;
import org.springframework.stereotype.Component;

/**
 * Consumes ingest's Shopify order-lookup topic: each record is the stub of a verified
 * {@code refunds/create} or {@code orders/edited} delivery, answered before any store
 * call; {@link ShopifyOrderLookup} reads the order from the store and publishes its
 * snapshot (or parks the delivery in quarantine), acknowledged, before the offset is
 * committed. A crash in between publishes it again, which the ledger's order-line rule
 * makes harmless. One order's deliveries share a key, hence a partition, and are looked
 * up in the order they arrived.
 */
@Component
class ShopifyOrderLookupListener {

	private static final Logger logger = LoggerFactory.getLogger(ShopifyOrderLookupListener.class);

	private static final String TOPIC = "${stocksync.topics.shopify-order-lookups:" + Topics.SHOPIFY_ORDER_LOOKUPS
			+ "}";

	private final ShopifyOrderLookup lookup;

	ShopifyOrderLookupListener(ShopifyOrderLookup lookup) {
		this.lookup = lookup;
	}

	/*
	 * the group is named after the topic, so that instances on other topics never share
	 * it
	 */
	@KafkaListener(id = "ingest-shopify-order-lookups", groupId = "ingest." + TOPIC, topics = TOPIC,
			concurrency = "${stocksync.shopify-order-lookup.concurrency:1}")
	void lookUp(OrderSnapshot stub) {
		OrderIntake.Result result = this.lookup.publish(stub);
		logger.debug("Shopify order looked up eventId={} shop={} order={} topic={} outcome={} stored={}",
				stub.eventId(), stub.shopId(), stub.orderId(), stub.topic(), result.outcome(), result.stored());
	}

}
