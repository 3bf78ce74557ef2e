package io.stocksync.ledger.report;

import java.sql.Date;
import java.time.LocalDate;
import java.util.List;

import org.springframework.jdbc.core.RowMapper;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

/** The reports' queries: period scans of {@code sale_day} (its primary key starts with the day) joined to stock. */
@Repository
class ReportRepository {

	private static final RowMapper<Demand> DEMAND = (rs, row) -> new Demand(rs.getString("sku"),
			rs.getLong("on_hand"), rs.getObject("lead_time_days", Integer.class),
			rs.getObject("safety_stock", Long.class), rs.getLong("consumed"));

	private final JdbcClient jdbc;

	ReportRepository(JdbcClient jdbc) {
		this.jdbc = jdbc;
	}

	/** Units sold per SKU and shop in the period (both days included); SKUs and shops netting 0 are left out. */
	List<ShopSales> sales(LocalDate from, LocalDate to, String shopId) {
		return this.jdbc.sql("""
				select sku, shop_id, sum(units) as units
				  from sale_day
				 where day between :from and :to
				   and (cast(:shop as text) is null or shop_id = :shop)
				 group by sku, shop_id
				having sum(units) <> 0
				""")
			.param("from", Date.valueOf(from))
			.param("to", Date.valueOf(to))
			.param("shop", shopId, java.sql.Types.VARCHAR)
			.query((rs, row) -> new ShopSales(rs.getString("sku"), rs.getString("shop_id"), rs.getLong("units")))
			.list();
	}

	/** Every SKU of the pool with its planning and the units orders took from it in the period. */
	List<Demand> demand(LocalDate from, LocalDate to) {
		return this.jdbc.sql("""
				select s.sku, s.on_hand, p.lead_time_days, p.safety_stock, coalesce(d.consumed, 0) as consumed
				  from stock s
				  left join stock_planning p on p.sku = s.sku
				  left join (select sku, sum(consumed) as consumed
				               from sale_day
				              where day between :from and :to
				              group by sku) d on d.sku = s.sku
				 order by s.sku
				""").param("from", Date.valueOf(from)).param("to", Date.valueOf(to)).query(DEMAND).list();
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
