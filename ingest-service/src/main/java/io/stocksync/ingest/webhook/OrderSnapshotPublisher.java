package io.stocksync.ingest.webhook;

import java.util.concurrent.CompletableFuture;

import io.stocksync.common.event.OrderSnapshot;
import io.stocksync.ingest.spool.DurablePublisher;
import io.stocksync.ingest.system.IngestProperties;

import org.springframework.stereotype.Component;

/**
 * Publishes order snapshots keyed by {@code shopId:orderId}, so that one order's events
 * stay in order: to the order-events topic, or, for a snapshot whose refunds are still to
 * be read from the shop, to ingest's refund-lookup topic (same key), from which
 * {@link RefundLookupListener} completes it; for a Shopify delivery whose order is still
 * to be read from the store, its stub to ingest's Shopify order-lookup topic (same key).
 */
@Component
class OrderSnapshotPublisher {

	private final DurablePublisher publisher;

	private final String topic;

	private final String refundLookups;

	private final String shopifyOrderLookups;

	OrderSnapshotPublisher(DurablePublisher publisher, IngestProperties properties) {
		this.publisher = publisher;
		this.topic = properties.topics().orderEvents();
		this.refundLookups = properties.topics().refundLookups();
		this.shopifyOrderLookups = properties.topics().shopifyOrderLookups();
	}

	DurablePublisher.Stored publish(OrderSnapshot snapshot) {
		return this.publisher.publish(this.topic, snapshot.key(), snapshot);
	}

	CompletableFuture<DurablePublisher.Stored> publishAsync(OrderSnapshot snapshot) {
		return this.publisher.publishAsync(this.topic, snapshot.key(), snapshot);
	}

	CompletableFuture<DurablePublisher.Stored> queueForRefundLookup(OrderSnapshot snapshot) {
		return this.publisher.publishAsync(this.refundLookups, snapshot.key(), snapshot);
	}

	CompletableFuture<DurablePublisher.Stored> queueForShopifyOrderLookup(OrderSnapshot stub) {
		return this.publisher.publishAsync(this.shopifyOrderLookups, stub.key(), stub);
	}

}
