package io.stocksync.propagator.reconcile;

import java.time.Instant;
import java.util.List;

/**
 * The outcome of one drift check of one shop, as the admin API returns it and as it is
 * stored.
 *
 * @param shop the shop
 * @param status {@code ok} (checked, differences written), {@code paused} (checked,
 * nothing written: an operator paused the shop), {@code unavailable} (not checked: the
 * shop's circuit is open), {@code error} (not checked: the catalogue could not be read)
 * @param error why the shop was not checked, null otherwise
 * @param startedAt when the check started
 * @param finishedAt when it ended (corrections confirmed or given up)
 * @param checked the shop's mapped SKUs (unique and stock-managed)
 * @param inSync SKUs whose stock was what the shop should show
 * @param drift SKUs whose stock differed
 * @param corrected of those, the ones written and confirmed by the shop
 * @param drifts each SKU that differed
 * @param skipped SKUs left alone because a push is busy with them
 * @param unknown mapped SKUs without truth yet (no stock change seen): nothing to compare
 * with, nothing written
 */
record ReconcileReport(String shop, String status, String error, Instant startedAt, Instant finishedAt, int checked,
		int inSync, int drift, int corrected, List<Drift> drifts, List<Skipped> skipped, List<String> unknown) {

	static final String OK = "ok";

	static final String PAUSED = "paused";

	static final String UNAVAILABLE = "unavailable";

	static final String ERROR = "error";

	static ReconcileReport notChecked(String shop, String status, String error, Instant startedAt, Instant finishedAt) {
		return new ReconcileReport(shop, status, error, startedAt, finishedAt, 0, 0, 0, 0, List.of(), List.of(),
				List.of());
	}

	/**
	 * One SKU whose stock on the shop was not what it should be.
	 *
	 * @param sku the SKU
	 * @param productId product id on the shop (the parent for a variation)
	 * @param variationId variation id, 0 for a simple product
	 * @param expected the quantity the shop should show (from the truth version below)
	 * @param found the quantity the shop showed, null if it had none
	 * @param version the truth version {@code expected} comes from
	 * @param corrected whether the shop confirmed the write of the current truth
	 * @param reason why it was not corrected, null if it was
	 */
	record Drift(String sku, long productId, long variationId, long expected, Long found, long version,
			boolean corrected, String reason) {
	}

	/**
	 * A SKU not compared in this run.
	 *
	 * @param sku the SKU
	 * @param reason {@code in_flight}, {@code recent_write} or {@code recent_change}
	 * (within the settle window), or {@code excluded} ({@code sync: false} for the SKU on
	 * this shop: never written, never corrected)
	 */
	record Skipped(String sku, String reason) {
	}

}
