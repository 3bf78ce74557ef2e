package io.stocksync.ledger.adjustment;

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
import io.stocksync.ledger.system.InvalidEventException;
import org.apache.kafka.clients.consumer.ConsumerRecord;

import org.springframework.stereotype.Component;

/**
 * The rebuild's way into adjustments. A request ({@code stockAdjustmentRequested}) is not
 * applied again: its {@code stockAdjustmentApplied} record carries the delta the live
 * ledger applied, and that delta is what a replay applies (a stock take depends on when
 * it was applied relative to orders; the recorded delta does not). Backorders requests
 * are applied as they come (the last one per SKU wins, and one SKU's requests share a
 * partition). Public only because the rebuild lives in another package.
 */
@Component
public class AdjustmentReplay {

	private final AdjustmentService service;

	private final KitService kits;

	private final ShopRuleService rules;

	private final PlanningService planning;

	AdjustmentReplay(AdjustmentService service, KitService kits, ShopRuleService rules, PlanningService planning) {
		this.service = service;
		this.kits = kits;
		this.rules = rules;
		this.planning = planning;
	}

	/** What a record of the adjustments topic was. */
	public enum Kind {

		/** A recorded delta, applied once per idempotency key. */
		APPLIED,
		/** A request; its recorded delta does the work. */
		REQUEST,
		/** A backorders request, applied. */
		BACKORDERS,
		/** A kit definition, a shop rule or a recorded kit line, applied. */
		CONFIGURATION,
		/** Something the live ledger parked in the DLT. */
		REJECTED

	}

	public Kind replay(ConsumerRecord<String, Object> record) {
		try {
			if (record.value() instanceof StockAdjustmentApplied applied) {
				this.service.applyRecorded(applied);
				return Kind.APPLIED;
			}
			if (record.value() instanceof BackordersChangeRequested backorders) {
				this.service.apply(backorders);
				return Kind.BACKORDERS;
			}
			if (record.value() instanceof StockAdjustmentRequested) {
				return Kind.REQUEST;
			}
			// Kit definitions and shop rules replay in log order (one SKU's requests
			// share a partition); recorded
			// kit lines are stored before any order is replayed, so every line expands as
			// it did live.
			if (record.value() instanceof KitDefinitionRequested kit) {
				this.kits.apply(kit);
				return Kind.CONFIGURATION;
			}
			if (record.value() instanceof ShopRuleChangeRequested rule) {
				this.rules.apply(rule);
				return Kind.CONFIGURATION;
			}
			if (record.value() instanceof StockPlanningRequested plan) {
				this.planning.apply(plan);
				return Kind.CONFIGURATION;
			}
			if (record.value() instanceof KitLineExpanded line) {
				this.kits.record(line);
				return Kind.CONFIGURATION;
			}
			return Kind.REJECTED;
		}
		catch (InvalidEventException ex) {
			return Kind.REJECTED;
		}
	}

	/** The idempotency key of a request or a recorded delta, or null. */
	public static String idempotencyKey(ConsumerRecord<String, Object> record) {
		if (record.value() instanceof StockAdjustmentApplied applied) {
			return applied.idempotencyKey();
		}
		if (record.value() instanceof StockAdjustmentRequested request) {
			return request.idempotencyKey();
		}
		return null;
	}

}
