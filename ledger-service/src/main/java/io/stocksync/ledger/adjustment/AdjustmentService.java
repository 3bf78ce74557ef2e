package io.stocksync.ledger.adjustment;

import java.sql.Timestamp;
import java.time.Clock;
import java.util.Map;

import io.stocksync.common.event.StockAdjustmentRequested;
import io.stocksync.ledger.stock.StockLedger;
import io.stocksync.ledger.system.InvalidEventException;

import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/**
 * Applies an operator adjustment once per idempotency key, in one transaction with the stock change. A stock take
 * ({@code set}) locks the row first, so the delta it records is exact even while orders flow.
 */
@Service
class AdjustmentService {

	private final JdbcClient jdbc;

	private final StockLedger ledger;

	private final Clock clock;

	AdjustmentService(JdbcClient jdbc, StockLedger ledger, Clock clock) {
		this.jdbc = jdbc;
		this.ledger = ledger;
		this.clock = clock;
	}

	/** Returns the applied delta, or {@code null} when the key was applied before. */
	@Transactional
	Long apply(StockAdjustmentRequested adjustment) {
		validate(adjustment);
		long onHand = this.ledger.lock(adjustment.sku());
		long delta = switch (adjustment.type()) {
			case SET -> adjustment.quantity() - onHand;
			case ADD -> adjustment.quantity();
			case REMOVE -> -adjustment.quantity();
		};
		int inserted = this.jdbc.sql("""
				insert into applied_adjustment (idempotency_key, sku, type, quantity, reason, delta, applied_at)
				values (:key, :sku, :type, :quantity, :reason, :delta, :appliedAt)
				on conflict (idempotency_key) do nothing
				""")
			.param("key", adjustment.idempotencyKey())
			.param("sku", adjustment.sku())
			.param("type", adjustment.type().json())
			.param("quantity", adjustment.quantity())
			.param("reason", adjustment.reason())
			.param("delta", delta)
			.param("appliedAt", Timestamp.from(this.clock.instant()))
			.update();
		if (inserted == 0) {
			return null;
		}
		this.ledger.apply(Map.of(adjustment.sku(), delta), "adjustment", adjustment.idempotencyKey());
		return delta;
	}

	private static void validate(StockAdjustmentRequested adjustment) {
		if (adjustment.sku() == null || adjustment.sku().isBlank()) {
			throw new InvalidEventException("adjustment without SKU");
		}
		if (adjustment.type() == null || adjustment.quantity() < 0) {
			throw new InvalidEventException("adjustment for " + adjustment.sku() + " needs a type and a quantity >= 0");
		}
		if (adjustment.idempotencyKey() == null || adjustment.idempotencyKey().isBlank()) {
			throw new InvalidEventException("adjustment for " + adjustment.sku() + " has no idempotency key");
		}
	}

}
