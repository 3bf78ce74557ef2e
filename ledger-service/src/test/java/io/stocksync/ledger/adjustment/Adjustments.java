package io.stocksync.ledger.adjustment;

import io.stocksync.common.event.StockAdjustmentRequested;

import org.springframework.context.ApplicationContext;

/**
 * Test access to the adjustment service from other packages (it is package-private by
 * design).
 */
public final class Adjustments {

	private Adjustments() {
	}

	/**
	 * Applies an adjustment as the listener would; returns the delta, or null for a key
	 * applied before.
	 */
	public static Long apply(ApplicationContext context, StockAdjustmentRequested adjustment) {
		return context.getBean(AdjustmentService.class).apply(adjustment);
	}

}
