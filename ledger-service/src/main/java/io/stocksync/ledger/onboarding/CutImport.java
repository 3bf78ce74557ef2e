package io.stocksync.ledger.onboarding;

import java.time.Instant;
import java.util.HashMap;
import java.util.Map;
import java.util.TreeMap;

import io.stocksync.common.event.OrderSnapshot;
import io.stocksync.ledger.adjustment.StockImporter.ShopStock;
import io.stocksync.ledger.adjustment.StockTakes;
import io.stocksync.ledger.orderline.Baselines;

import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/**
 * The import at the cut, in one transaction: the stock read S(sku) reflects exactly the
 * baseline's order states B (the job made sure no order changed while the stock was
 * read). Whatever the ledger applied since for those orders, or for orders that appeared
 * after the cut, moved the pool after that instant and must stay. So every imported SKU
 * is set to <pre>
 * S(sku) − Σ over the cut's orders (committed now − B) − Σ over newer orders committed now
 * </pre> with the SKU rows locked first (in SKU order, like every writer): an order
 * applied concurrently either committed before the lock (and is counted) or waits for it
 * and then moves the pool from the value set here. The result is the same whether the
 * ledger applied an order's events before, between or after the baseline and this import.
 */
@Service
class CutImport {

	private final StockTakes stockTakes;

	private final Baselines baselines;

	CutImport(StockTakes stockTakes, Baselines baselines) {
		this.stockTakes = stockTakes;
		this.baselines = baselines;
	}

	/**
	 * @param cut the baseline snapshots per shop, by order id
	 * @param newerThan orders not in the cut whose newest applied state is after this
	 * came after the cut
	 * @return the correction applied per SKU (only SKUs where it is not 0)
	 */
	@Transactional
	Map<String, Long> apply(String jobId, ShopStock stock, Map<String, Map<Long, OrderSnapshot>> cut,
			Instant newerThan) {
		Map<String, Long> quantities = new TreeMap<>(stock.quantities());
		quantities.keySet().forEach(this.stockTakes::lock);
		Map<String, Long> taken = new HashMap<>();
		cut.forEach((shopId, orders) -> {
			Baselines.Committed committed = this.baselines.committed(shopId, orders.keySet(), newerThan);
			committed.cutOrders().forEach((sku, quantity) -> taken.merge(sku, quantity, Long::sum));
			committed.newerOrders().forEach((sku, quantity) -> taken.merge(sku, quantity, Long::sum));
			orders.values()
				.forEach((order) -> Baselines.committedBySku(order)
					.forEach((sku, quantity) -> taken.merge(sku, -quantity, Long::sum)));
		});
		Map<String, Long> corrections = new TreeMap<>();
		quantities.forEach((sku, quantity) -> {
			long correction = taken.getOrDefault(sku, 0L);
			String reason = "import from shop " + stock.shop();
			if (correction != 0) {
				corrections.put(sku, correction);
				reason += " (stock read " + quantity + ", " + correction + " committed since by orders)";
			}
			this.stockTakes.set(sku, quantity - correction, reason, "import:" + jobId + ":" + sku);
		});
		return corrections;
	}

}
