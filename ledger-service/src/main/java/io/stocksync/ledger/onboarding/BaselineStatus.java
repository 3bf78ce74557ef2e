package io.stocksync.ledger.onboarding;

import java.time.Instant;
import java.util.List;
import java.util.Map;

/**
 * The state of the onboarding job, as {@code GET /admin/orders/baseline} returns it (the
 * console's Operations page shows it). {@code state} is {@code idle} before the first
 * job.
 *
 * @param jobId the job ({@code null} when idle)
 * @param state {@code idle}, {@code running}, {@code completed} or {@code failed}
 * @param kind {@code import} (stock import of {@code importFrom} + baseline of every
 * shop) or {@code baseline}
 * @param importFrom the shop the stock is imported from, or {@code null}
 * @param phase what runs now: {@code reading-orders}, {@code reading-stock},
 * {@code verifying}, {@code publishing}, {@code waiting-for-ledger}, {@code importing},
 * {@code watermarks}, {@code done}
 * @param round the stock read round of an import (1 unless orders changed while the stock
 * was read)
 * @param skippedBefore completed/cancelled/refunded/failed orders not modified since this
 * instant were skipped
 * @param startedAt when the job started
 * @param finishedAt when it ended, or {@code null}
 * @param error why it failed, or {@code null}
 * @param shops progress per shop
 * @param imported the import's result, or {@code null}
 */
record BaselineStatus(String jobId, String state, String kind, String importFrom, String phase, int round,
		Instant skippedBefore, Instant startedAt, Instant finishedAt, String error, List<Shop> shops,
		Imported imported) {

	static BaselineStatus idle() {
		return new BaselineStatus(null, "idle", null, null, null, 0, null, null, null, null, List.of(), null);
	}

	boolean running() {
		return "running".equals(this.state);
	}

	/**
	 * @param shop the shop id
	 * @param state {@code pending}, {@code reading}, {@code read}, {@code published},
	 * {@code done}, {@code failed}
	 * @param pagesDone pages of {@code GET /orders} read
	 * @param pagesTotal pages announced so far by the shop ({@code X-WP-TotalPages},
	 * summed over the listings)
	 * @param ordersRead orders read
	 * @param ordersRecorded baseline events Kafka acknowledged
	 * @param unreadable orders skipped because they could not be read
	 * @param watermark the order poll watermark at the cut, once known
	 * @param watermarkNote {@code null} when ingest took the watermark, otherwise why not
	 */
	record Shop(String shop, String state, int pagesDone, int pagesTotal, int ordersRead, int ordersRecorded,
			int unreadable, Instant watermark, String watermarkNote) {
	}

	/**
	 * @param shop the shop imported from
	 * @param imported SKUs set
	 * @param duplicateSkus SKUs the shop lists twice (skipped)
	 * @param notStockManaged SKUs without managed stock (skipped)
	 * @param correctedSkus per SKU the units committed by orders after the cut,
	 * subtracted from the stock read
	 */
	record Imported(String shop, int imported, List<String> duplicateSkus, List<String> notStockManaged,
			Map<String, Long> correctedSkus) {
	}

}
