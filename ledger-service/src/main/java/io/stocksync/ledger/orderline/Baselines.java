package io.stocksync.ledger.orderline;

import java.sql.Timestamp;
import java.time.Instant;
import java.util.HashMap;
import java.util.Map;
import java.util.Set;

import io.stocksync.common.event.OrderSnapshot;

import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;
import org.springframework.transaction.annotation.Propagation;
import org.springframework.transaction.annotation.Transactional;

/**
 * What the onboarding job needs to know of the order-line rule: what a baseline snapshot
 * commits, and what the ledger holds now for the orders of a cut. Public only because the
 * onboarding job lives in another package.
 */
@Component
public class Baselines {

	private final JdbcClient jdbc;

	Baselines(JdbcClient jdbc) {
		this.jdbc = jdbc;
	}

	/**
	 * What the shop's stock reflects for this order, per SKU: the rule's targets for an
	 * order the ledger has never seen ({@code _reduced_stock}, else the status rule
	 * including restocked refunds).
	 */
	public static Map<String, Long> committedBySku(OrderSnapshot snapshot) {
		Map<String, Long> bySku = new HashMap<>();
		for (CommittedLine line : LineTargets.targets(snapshot, Map.of())) {
			bySku.merge(line.sku(), line.committed(), Long::sum);
		}
		bySku.values().removeIf((quantity) -> quantity == 0);
		return bySku;
	}

	/**
	 * The quantity the ledger has committed now per SKU for one shop: separately for the
	 * given orders (the cut) and for the shop's other orders whose newest applied
	 * {@code date_modified_gmt} is after {@code modifiedAfter} (orders that appeared or
	 * changed after the cut). Runs in the caller's transaction.
	 */
	@Transactional(propagation = Propagation.MANDATORY)
	public Committed committed(String shopId, Set<Long> cutOrders, Instant modifiedAfter) {
		Map<String, Long> cut = new HashMap<>();
		Map<String, Long> after = new HashMap<>();
		Long[] ids = cutOrders.toArray(Long[]::new);
		this.jdbc.sql("""
				select l.order_id = any(:ids) as in_cut, l.sku, sum(l.committed) as committed
				  from order_line l
				  join order_state o on o.shop_id = l.shop_id and o.order_id = l.order_id
				 where l.shop_id = :shop
				   and (l.order_id = any(:ids) or o.last_modified_gmt > :after)
				 group by 1, 2
				""")
			.param("ids", ids)
			.param("shop", shopId)
			.param("after", Timestamp.from(modifiedAfter))
			.query((rs) -> {
				(rs.getBoolean("in_cut") ? cut : after).merge(rs.getString("sku"), rs.getLong("committed"), Long::sum);
			});
		return new Committed(cut, after);
	}

	/**
	 * @param cutOrders committed now per SKU by the orders of the cut
	 * @param newerOrders committed now per SKU by the shop's orders that appeared or
	 * changed after the cut
	 */
	public record Committed(Map<String, Long> cutOrders, Map<String, Long> newerOrders) {
	}

}
