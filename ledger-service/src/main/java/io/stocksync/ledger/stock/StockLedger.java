package io.stocksync.ledger.stock;

import java.time.Clock;
import java.time.Instant;
import java.util.Map;
import java.util.TreeMap;
import java.util.UUID;

import io.stocksync.common.event.StockChanged;
import io.stocksync.ledger.outbox.Outbox;

import org.springframework.stereotype.Component;
import org.springframework.transaction.annotation.Propagation;
import org.springframework.transaction.annotation.Transactional;

/**
 * Moves the pool. Every change, inside the caller's transaction: the stock row (locked, version + 1), an audit row,
 * and a {@link StockChanged} in the outbox, so that no committed change can miss its event. SKUs are always locked
 * in sorted order, so concurrent transactions cannot deadlock on them. The ledger is never clamped.
 */
@Component
public class StockLedger {

	private final StockRepository stock;

	private final Outbox outbox;

	private final Clock clock;

	StockLedger(StockRepository stock, Outbox outbox, Clock clock) {
		this.stock = stock;
		this.outbox = outbox;
		this.clock = clock;
	}

	/** Applies non-zero deltas per SKU, in SKU order. */
	@Transactional(propagation = Propagation.MANDATORY)
	public void apply(Map<String, Long> deltaBySku, String causeType, String causeRef) {
		Instant now = this.clock.instant();
		for (Map.Entry<String, Long> entry : new TreeMap<>(deltaBySku).entrySet()) {
			if (entry.getValue() != 0) {
				this.stock.ensureExists(entry.getKey(), now);
				change(entry.getKey(), entry.getValue(), causeType, causeRef, now);
			}
		}
	}

	/** Locks one SKU's row (creating it at 0) and returns its on_hand. */
	@Transactional(propagation = Propagation.MANDATORY)
	public long lock(String sku) {
		this.stock.ensureExists(sku, this.clock.instant());
		return this.stock.lockOnHand(sku);
	}

	private void change(String sku, long delta, String causeType, String causeRef, Instant now) {
		StockLevel after = this.stock.addToOnHand(sku, delta, now);
		this.stock.insertMovement(after, delta, causeType, causeRef);
		this.outbox.add("stock", sku, StockChanged.TYPE,
				new StockChanged(StockChanged.SCHEMA_VERSION, UUID.randomUUID().toString(), sku, after.onHand(),
						after.available(), after.backorders(), after.version(), causeType + " " + causeRef, now));
	}

}
