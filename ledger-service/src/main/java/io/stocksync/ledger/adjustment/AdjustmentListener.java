package io.stocksync.ledger.adjustment;

import io.micrometer.core.instrument.MeterRegistry;
import io.stocksync.common.event.BackordersChangeRequested;
import io.stocksync.common.event.KitDefinitionRequested;
import io.stocksync.common.event.KitLineExpanded;
import io.stocksync.common.event.ShopRuleChangeRequested;
import io.stocksync.common.event.StockAdjustmentApplied;
import io.stocksync.common.event.StockAdjustmentRequested;
import io.stocksync.common.event.StockPlanningRequested;
import io.stocksync.ledger.kit.KitService;
import io.stocksync.ledger.report.PlanningService;
import io.stocksync.ledger.rules.ShopRuleService;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.kafka.annotation.KafkaHandler;
import org.springframework.kafka.annotation.KafkaListener;
import org.springframework.kafka.support.KafkaHeaders;
import org.springframework.messaging.handler.annotation.Header;
import org.springframework.messaging.handler.annotation.Payload;
import org.springframework.stereotype.Component;

/**
 * Consumes the adjustments topic: requests ({@code stockAdjustmentRequested},
 * {@code backordersChangeRequested}) are applied; the ledger's own
 * {@code stockAdjustmentApplied} records are there for replays and skipped here.
 * Adjustments are few, so this listener takes one record at a time. Exceptions reach the
 * error handler.
 */
@Component
@KafkaListener(id = "ledger-adjustments", groupId = "${stocksync.groups.adjustments:ledger-adjustments}",
		topics = "${stocksync.topics.adjustments:#{T(io.stocksync.common.topic.Topics).STOCK_ADJUSTMENTS}}")
class AdjustmentListener {

	private static final Logger logger = LoggerFactory.getLogger(AdjustmentListener.class);

	private final AdjustmentService service;

	private final MeterRegistry meters;

	private final KitService kits;

	private final ShopRuleService rules;

	private final PlanningService planning;

	AdjustmentListener(AdjustmentService service, MeterRegistry meters, KitService kits, ShopRuleService rules,
			PlanningService planning) {
		this.service = service;
		this.meters = meters;
		this.kits = kits;
		this.rules = rules;
		this.planning = planning;
	}

	@KafkaHandler
	void onPlanning(@Payload StockPlanningRequested request, @Header(KafkaHeaders.RECEIVED_TOPIC) String topic,
			@Header(KafkaHeaders.OFFSET) long offset) {
		this.planning.apply(request);
		logger.info("Planning eventId={} sku={} leadTimeDays={} safetyStock={} topic={} offset={}", request.eventId(),
				request.sku(), request.leadTimeDays(), request.safetyStock(), topic, offset);
	}

	@KafkaHandler
	void onKitDefinition(@Payload KitDefinitionRequested request, @Header(KafkaHeaders.RECEIVED_TOPIC) String topic,
			@Header(KafkaHeaders.OFFSET) long offset) {
		boolean applied = this.kits.apply(request); // exceptions reach the error handler
		logger.info("Kit definition eventId={} key={} sku={} components={} topic={} offset={} {}", request.eventId(),
				request.idempotencyKey(), request.sku(), request.components().size(), topic, offset,
				applied ? "applied" : "already applied");
	}

	@KafkaHandler
	void onShopRule(@Payload ShopRuleChangeRequested request, @Header(KafkaHeaders.RECEIVED_TOPIC) String topic,
			@Header(KafkaHeaders.OFFSET) long offset) {
		boolean published = this.rules.apply(request);
		logger.info("Shop rule eventId={} shop={} sku={} rule={} topic={} offset={} {}", request.eventId(),
				request.shopId(), request.sku(), request.rule(), topic, offset,
				published ? "published" : "stored (SKU not known yet)");
	}

	@KafkaHandler
	void onKitLineExpanded(@Payload KitLineExpanded expanded) {
		logger.debug("Recorded kit line {}:{} line {} of kit {} (for replays)", expanded.shopId(), expanded.orderId(),
				expanded.lineItemId(), expanded.kitSku());
	}

	@KafkaHandler
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
		this.meters
			.counter("stocksync.ledger.applied", "type", "adjustment", "outcome",
					(delta != null) ? "changed" : "unchanged")
			.increment();
		logger.info("Adjustment eventId={} key={} sku={} topic={} offset={} {}", adjustment.eventId(),
				adjustment.idempotencyKey(), adjustment.sku(), topic, offset,
				(delta != null) ? "applied delta " + delta : "already applied");
	}

	@KafkaHandler
	void onBackorders(@Payload BackordersChangeRequested request, @Header(KafkaHeaders.RECEIVED_TOPIC) String topic,
			@Header(KafkaHeaders.OFFSET) long offset) {
		boolean changed;
		try {
			changed = this.service.apply(request);
		}
		catch (RuntimeException ex) {
			logger.error("Failed eventId={} sku={} topic={} offset={}: {}", request.eventId(), request.sku(), topic,
					offset, ex.toString());
			throw ex;
		}
		logger.info("Backorders eventId={} sku={} allowed={} topic={} offset={} {}", request.eventId(), request.sku(),
				request.allowed(), topic, offset, changed ? "changed" : "unchanged");
	}

	@KafkaHandler
	void onApplied(@Payload StockAdjustmentApplied applied) {
		logger.debug("Recorded adjustment key={} sku={} delta={} (for replays)", applied.idempotencyKey(),
				applied.sku(), applied.delta());
	}

}
