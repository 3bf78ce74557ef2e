package io.stocksync.ledger.adjustment;

import java.time.Clock;
import java.util.UUID;

import io.stocksync.common.event.AdjustmentType;
import io.stocksync.common.event.StockAdjustmentRequested;
import io.stocksync.ledger.stock.StockLedger;

import org.springframework.stereotype.Component;
import org.springframework.transaction.annotation.Propagation;
import org.springframework.transaction.annotation.Transactional;

/**
 * Stock takes that the onboarding import applies itself, in its own transaction, instead
 * of publishing requests: the quantity it sets depends on the order lines it reads under
 * the same SKU locks (see the onboarding job). Each goes through
 * {@link AdjustmentService} like a requested one: once per idempotency key, an audit row,
 * and the applied delta on the adjustments topic (through the outbox), which is what a
 * rebuild replays.
 */
@Component
public class StockTakes {

	private final AdjustmentService service;

	private final StockLedger ledger;

	private final Clock clock;

	StockTakes(AdjustmentService service, StockLedger ledger, Clock clock) {
		this.service = service;
		this.ledger = ledger;
		this.clock = clock;
	}

	/**
	 * Locks the SKU's row (creating it at 0) for the caller's transaction and returns its
	 * on_hand.
	 */
	@Transactional(propagation = Propagation.MANDATORY)
	public long lock(String sku) {
		return this.ledger.lock(sku);
	}

	/**
	 * Sets the SKU's on_hand to {@code quantity} (which may be negative: an oversell that
	 * happened since the stock was read), once per key, in the caller's transaction.
	 * @return the applied delta, or {@code null} when the key was applied before
	 */
	@Transactional(propagation = Propagation.MANDATORY)
	public Long set(String sku, long quantity, String reason, String idempotencyKey) {
		AdjustmentType type = AdjustmentType.SET;
		long requested = quantity;
		if (quantity < 0) {
			// A stock take cannot be negative: the same delta as an addition or a
			// removal, under the row lock.
			long delta = quantity - this.ledger.lock(sku);
			type = (delta >= 0) ? AdjustmentType.ADD : AdjustmentType.REMOVE;
			requested = Math.abs(delta);
		}
		return this.service.apply(new StockAdjustmentRequested(StockAdjustmentRequested.SCHEMA_VERSION,
				UUID.randomUUID().toString(), sku, type, requested, reason, idempotencyKey, this.clock.instant()));
	}

}
