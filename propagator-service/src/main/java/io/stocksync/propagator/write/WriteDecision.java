package io.stocksync.propagator.write;

import java.util.Optional;

import io.stocksync.common.rules.Allocation;
import io.stocksync.common.shop.ShopConfig;
import io.stocksync.woo.CatalogueItem;

/**
 * What to do with one SKU of a round on one shop, from its current truth, the version
 * guard (what was last written there), the shop's own last report and the mapping.
 *
 * @param outcome what happens (also the metric's {@code outcome} tag)
 * @param quantity the quantity the shop should show (0 for {@code unknown})
 * @param version the truth's version (0 for {@code unknown})
 */
record WriteDecision(Outcome outcome, long quantity, long version) {

	enum Outcome {

		/** no truth for the SKU: nothing to write */
		UNKNOWN,
		/** {@code sync: false} on this shop: the merchant's quantity, never written */
		EXCLUDED,
		/** the guard holds a newer version, or this version and quantity already */
		SKIPPED,
		/**
		 * the shop reported this quantity itself after our last write: the guard moves
		 */
		KNOWN,
		/** not a unique stock-managed item of the shop */
		UNMAPPED,
		/** goes out */
		WRITE;

		String tag() {
			return name().toLowerCase(java.util.Locale.ROOT);
		}

	}

	/**
	 * @param shop the shop
	 * @param force write even if the guard says the truth is there (DLT replay, drift)
	 * @param truth the SKU's newest truth, or null
	 * @param written what was last written to the shop, or null
	 * @param report what the shop last reported itself, or null
	 * @param item the SKU's product or variation on the shop, if mapped
	 */
	static WriteDecision decide(ShopConfig shop, boolean force, Truth truth, Written written, ShopReport report,
			Optional<CatalogueItem> item) {
		if (truth == null) {
			return new WriteDecision(Outcome.UNKNOWN, 0, 0);
		}
		Allocation.Published published = truth.publishedTo(shop);
		if (!published.sync()) {
			return new WriteDecision(Outcome.EXCLUDED, published.quantity(), truth.version());
		}
		long quantity = published.quantity();
		if (written != null && (written.version() > truth.version()
				|| (!force && written.version() == truth.version() && written.quantity() == quantity))) {
			return new WriteDecision(Outcome.SKIPPED, quantity, truth.version());
		}
		if (!force && item.isPresent() && report != null && report.quantity() == quantity
				&& (written == null || report.reportedAt().isAfter(written.writtenAt()))) {
			// The shop said itself (after our last write) that it shows this: e.g. the
			// shop that made the sale.
			return new WriteDecision(Outcome.KNOWN, quantity, truth.version());
		}
		if (item.isEmpty()) {
			return new WriteDecision(Outcome.UNMAPPED, quantity, truth.version());
		}
		return new WriteDecision(Outcome.WRITE, quantity, truth.version());
	}

}
