package io.stocksync.ledger.report;

import java.util.List;

import org.springframework.jdbc.core.RowMapper;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

/**
 * The reports' queries, on the 7, 30 and 90-day sums kept per SKU and shop
 * ({@code sale_recent}, see {@link SalesBook}): one row per SKU and shop whatever the
 * period, so a 90-day report over 100,000 SKUs reads at most one row per SKU and shop.
 */
@Repository
class ReportRepository {

	private static final RowMapper<Demand> DEMAND = (rs, row) -> new Demand(rs.getString("sku"), rs.getLong("on_hand"),
			rs.getObject("lead_time_days", Integer.class), rs.getObject("safety_stock", Long.class),
			rs.getLong("consumed"));

	private final JdbcClient jdbc;

	ReportRepository(JdbcClient jdbc) {
		this.jdbc = jdbc;
	}

	/**
	 * Units sold per SKU and shop in the last {@code days} (7, 30 or 90); SKUs and shops
	 * netting 0 are left out.
	 */
	List<ShopSales> sales(int days, String shopId) {
		// The column name comes from the checked period, never from input text.
		return this.jdbc.sql("""
				select sku, shop_id, units_%1$d as units
				  from sale_recent
				 where units_%1$d <> 0
				   and (cast(:shop as text) is null or shop_id = :shop)
				""".formatted(window(days)))
			.param("shop", shopId, java.sql.Types.VARCHAR)
			.query((rs, row) -> new ShopSales(rs.getString("sku"), rs.getString("shop_id"), rs.getLong("units")))
			.list();
	}

	/**
	 * Every SKU of the pool with its planning and the units orders took from it in the
	 * last {@code days}.
	 */
	List<Demand> demand(int days) {
		return this.jdbc.sql("""
				select s.sku, s.on_hand, p.lead_time_days, p.safety_stock, coalesce(d.consumed, 0) as consumed
				  from stock s
				  left join stock_planning p on p.sku = s.sku
				  left join (select sku, sum(consumed_%1$d) as consumed
				               from sale_recent
				              group by sku) d on d.sku = s.sku
				 order by s.sku
				""".formatted(window(days))).query(DEMAND).list();
	}

	private static int window(int days) {
		for (int window : SalesBook.WINDOWS) {
			if (window == days) {
				return window;
			}
		}
		throw new IllegalArgumentException("no " + days + "-day window");
	}

	record ShopSales(String sku, String shopId, long units) {
	}

	/**
	 * @param sku the SKU
	 * @param available its available quantity now
	 * @param leadTimeDays its planning, null when none was set
	 * @param safetyStock its planning, null when none was set
	 * @param consumed units orders took from it in the period (net)
	 */
	record Demand(String sku, long available, Integer leadTimeDays, Long safetyStock, long consumed) {
	}

}
