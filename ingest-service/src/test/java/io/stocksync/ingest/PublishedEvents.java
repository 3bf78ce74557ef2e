package io.stocksync.ingest;

import java.util.concurrent.ConcurrentLinkedQueue;

import io.stocksync.common.event.OrderSnapshot;
import io.stocksync.common.event.ProductStockReported;
import io.stocksync.common.event.QuarantinedDelivery;

import org.springframework.kafka.annotation.KafkaListener;

/**
 * What ingest published, read back from the test class's own topics: order snapshots,
 * quarantined deliveries and product stock reports. An integration test imports it
 * ({@code @Import(PublishedEvents.class)}) and waits on its queues. Each listener's group
 * is named after the topic it reads, which no other test class uses, so that the cached
 * contexts of several classes do not share a group.
 */
public class PublishedEvents {

	public final ConcurrentLinkedQueue<OrderSnapshot> orders = new ConcurrentLinkedQueue<>();

	public final ConcurrentLinkedQueue<QuarantinedDelivery> quarantined = new ConcurrentLinkedQueue<>();

	public final ConcurrentLinkedQueue<ProductStockReported> reports = new ConcurrentLinkedQueue<>();

	@KafkaListener(id = "test-orders", groupId = "${stocksync.topics.order-events}",
			topics = "${stocksync.topics.order-events}")
	void onOrder(OrderSnapshot snapshot) {
		this.orders.add(snapshot);
	}

	@KafkaListener(id = "test-quarantine", groupId = "${stocksync.topics.quarantine}",
			topics = "${stocksync.topics.quarantine}")
	void onQuarantine(QuarantinedDelivery delivery) {
		this.quarantined.add(delivery);
	}

	@KafkaListener(id = "test-product-stock", groupId = "${stocksync.topics.product-stock}",
			topics = "${stocksync.topics.product-stock}")
	void onProductStock(ProductStockReported report) {
		this.reports.add(report);
	}

}
