package io.stocksync.ledger.orderline;

import java.util.Map;

import io.stocksync.common.event.OrderSnapshot;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.kafka.annotation.KafkaListener;
import org.springframework.kafka.support.KafkaHeaders;
import org.springframework.messaging.handler.annotation.Header;
import org.springframework.messaging.handler.annotation.Payload;
import org.springframework.stereotype.Component;

/** Consumes order snapshots; the service decides. Exceptions reach the error handler (retries, then the DLT). */
@Component
class OrderSnapshotListener {

	private static final Logger logger = LoggerFactory.getLogger(OrderSnapshotListener.class);

	private final OrderLineService service;

	OrderSnapshotListener(OrderLineService service) {
		this.service = service;
	}

	@KafkaListener(id = "ledger-orders", topics = "${stocksync.topics.order-events:stocksync.order-events}")
	void onSnapshot(@Payload OrderSnapshot snapshot, @Header(KafkaHeaders.RECEIVED_TOPIC) String topic,
			@Header(KafkaHeaders.OFFSET) long offset) {
		Map<String, Long> deltas;
		try {
			deltas = this.service.apply(snapshot);
		}
		catch (RuntimeException ex) {
			logger.error("Failed eventId={} key={} topic={} offset={}: {}", snapshot.eventId(), snapshot.key(), topic,
					offset, ex.toString());
			throw ex; // the error handler retries, then parks it in the DLT
		}
		logger.info("Applied eventId={} key={} topic={} offset={} status={} poolDeltas={}", snapshot.eventId(),
				snapshot.key(), topic, offset, snapshot.status(), deltas);
	}

}
