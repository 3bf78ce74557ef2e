package io.stocksync.ledger.rules;

import java.time.Clock;

import io.stocksync.common.event.ShopRuleChangeRequested;
import io.stocksync.ledger.kit.KitStock;
import io.stocksync.ledger.stock.StockLedger;
import io.stocksync.ledger.system.InvalidEventException;

import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/**
 * Applies a per-SKU override (or its removal) and, in the same transaction, publishes the
 * SKU again (version + 1, the new overrides in the event), so every shop's propagator
 * recomputes what it shows. A SKU the ledger does not know yet only stores the override:
 * publishing it would show 0 everywhere before its stock is known.
 */
@Service
public class ShopRuleService {

	private final ShopRules rules;

	private final StockLedger ledger;

	private final KitStock kits;

	private final Clock clock;

	ShopRuleService(ShopRules rules, StockLedger ledger, KitStock kits, Clock clock) {
		this.rules = rules;
		this.ledger = ledger;
		this.kits = kits;
		this.clock = clock;
	}

	/** Returns whether the SKU was published again. */
	@Transactional
	public boolean apply(ShopRuleChangeRequested request) {
		if (request.shopId() == null || request.shopId().isBlank() || request.sku() == null
				|| request.sku().isBlank()) {
			throw new InvalidEventException("shop rule without shop or SKU");
		}
		if (request.rule() != null && request.rule().problem() != null) {
			throw new InvalidEventException("shop rule for " + request.sku() + ": " + request.rule().problem());
		}
		if (request.rule() == null) {
			this.rules.delete(request.shopId(), request.sku());
		}
		else {
			this.rules.save(request.shopId(), request.sku(), request.rule(), this.clock.instant());
		}
		String cause = "rule " + request.shopId();
		if (this.kits.isKit(request.sku())) {
			return this.kits.republish(request.sku(), cause);
		}
		return this.ledger.republish(request.sku(), cause, request.eventId());
	}

}
