package io.stocksync.ledger.adjustment;

import io.stocksync.common.event.StockAdjustmentRequested;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.kafka.annotation.KafkaListener;
import org.springframework.kafka.support.KafkaHeaders;
import org.springframework.messaging.handler.annotation.Header;
import org.springframework.messaging.handler.annotation.Payload;
import org.springframework.stereotype.Component;

@Component
class AdjustmentListener {

	private static final Logger logger = LoggerFactory.getLogger(AdjustmentListener.class);

	private final AdjustmentService service;

	AdjustmentListener(AdjustmentService service) {
		this.service = service;
	}

	@KafkaListener(id = "ledger-adjustments", topics = "${stocksync.topics.adjustments:stocksync.stock-adjustments}")
	void onAdjustment(@Payload StockAdjustmentRequested adjustment, @Header(KafkaHeaders.RECEIVED_TOPIC) String topic,
			@Header(KafkaHeaders.OFFSET) long offset) {
		Long delta;
		try {
			delta = this.service.apply(adjustment);
		}
		catch (RuntimeException ex) {
			logger.error("Failed eventId={} key={} topic={} offset={}: {}", adjustment.eventId(),
					adjustment.idempotencyKey(), topic, offset, ex.toString());
			throw ex; // the error handler retries, then parks it in the DLT
		}
		logger.info("Adjustment eventId={} key={} sku={} topic={} offset={} {}", adjustment.eventId(),
				adjustment.idempotencyKey(), adjustment.sku(), topic, offset,
				(delta != null) ? "applied delta " + delta : "already applied");
	}

}
