package io.stocksync.ledger.adjustment;

import java.sql.Timestamp;
import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.UUID;

import io.stocksync.common.event.BackordersChangeRequested;
import io.stocksync.common.event.StockAdjustmentApplied;
import io.stocksync.common.event.StockAdjustmentRequested;
import io.stocksync.ledger.outbox.Outbox;
import io.stocksync.ledger.stock.StockLedger;
import io.stocksync.ledger.stock.StockLedger.Movement;
import io.stocksync.ledger.system.InvalidEventException;

import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/**
 * Applies an operator adjustment once per idempotency key, in one transaction with the
 * stock change. A stock take ({@code set}) locks the row first, so the delta it records
 * is exact even while orders flow. The applied delta goes to the outbox as a
 * {@link StockAdjustmentApplied}, so the log holds it: a replay applies the recorded
 * delta and does not depend on when the stock take happened relative to orders.
 */
@Service
class AdjustmentService {

	private final JdbcClient jdbc;

	private final StockLedger ledger;

	private final Outbox outbox;

	private final Clock clock;

	AdjustmentService(JdbcClient jdbc, StockLedger ledger, Outbox outbox, Clock clock) {
		this.jdbc = jdbc;
		this.ledger = ledger;
		this.outbox = outbox;
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
		Instant now = this.clock.instant();
		if (!record(adjustment.idempotencyKey(), adjustment.sku(), adjustment.type().json(), adjustment.quantity(),
				adjustment.reason(), delta, now)) {
			return null;
		}
		this.ledger.apply(List.of(new Movement(adjustment.sku(), delta, "adjustment", adjustment.idempotencyKey(),
				adjustment.eventId(), detail(adjustment.type().json(), adjustment.quantity(), adjustment.reason()))));
		this.outbox.addAll(List.of(new Outbox.Event("stock", adjustment.sku(), StockAdjustmentApplied.TYPE,
				new StockAdjustmentApplied(StockAdjustmentApplied.SCHEMA_VERSION, UUID.randomUUID().toString(),
						adjustment.eventId(), adjustment.sku(), adjustment.type(), adjustment.quantity(),
						adjustment.reason(), adjustment.idempotencyKey(), delta, now))));
		return delta;
	}

	/**
	 * Replay: applies the delta the live ledger recorded for an adjustment, once per
	 * idempotency key. Used by the rebuild, never by the live listener (which already
	 * applied the request).
	 * @return whether it was applied (false: the key was applied before)
	 */
	@Transactional
	boolean applyRecorded(StockAdjustmentApplied applied) {
		if (applied.sku() == null || applied.idempotencyKey() == null || applied.type() == null) {
			throw new InvalidEventException("recorded adjustment without SKU, type or idempotency key");
		}
		this.ledger.lock(applied.sku());
		if (!record(applied.idempotencyKey(), applied.sku(), applied.type().json(), applied.quantity(),
				applied.reason(), applied.delta(), this.clock.instant())) {
			return false;
		}
		this.ledger.apply(List.of(new Movement(applied.sku(), applied.delta(), "adjustment", applied.idempotencyKey(),
				applied.requestEventId(), detail(applied.type().json(), applied.quantity(), applied.reason()))));
		return true;
	}

	/**
	 * Sets the backorders flag; the last request per SKU wins. Returns whether the flag
	 * changed.
	 */
	@Transactional
	boolean apply(BackordersChangeRequested request) {
		if (request.sku() == null || request.sku().isBlank()) {
			throw new InvalidEventException("backorders request without SKU");
		}
		return this.ledger.setBackorders(request.sku(), request.allowed(), request.eventId(), request.eventId())
			.isPresent();
	}

	private boolean record(String key, String sku, String type, long quantity, String reason, long delta, Instant now) {
		return this.jdbc.sql("""
				insert into applied_adjustment (idempotency_key, sku, type, quantity, reason, delta, applied_at)
				values (:key, :sku, :type, :quantity, :reason, :delta, :appliedAt)
				on conflict (idempotency_key) do nothing
				""")
			.param("key", key)
			.param("sku", sku)
			.param("type", type)
			.param("quantity", quantity)
			.param("reason", reason)
			.param("delta", delta)
			.param("appliedAt", Timestamp.from(now))
			.update() > 0;
	}

	private static String detail(String type, long quantity, String reason) {
		return type + " " + quantity + ((reason != null && !reason.isBlank()) ? ": " + reason : "");
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
