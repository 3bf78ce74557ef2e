package io.stocksync.ledger.report;

import java.sql.Date;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

import org.springframework.jdbc.core.namedparam.MapSqlParameterSource;
import org.springframework.jdbc.core.namedparam.NamedParameterJdbcOperations;
import org.springframework.jdbc.core.namedparam.SqlParameterSource;
import org.springframework.stereotype.Repository;
import org.springframework.transaction.annotation.Propagation;
import org.springframework.transaction.annotation.Transactional;

/**
 * Units sold per day (UTC), SKU and shop ({@code sale_day}), kept in the transaction that moves the order lines:
 * every change of a line's committed quantity counts (a sale +, a cancel or restocked refund -), so the sum over a
 * period is the units sold net of cancellations and restocked refunds. A kit line counts under the kit's SKU only
 * ({@code units}); what orders took from the pool counts under the physical SKUs, kits under their components
 * ({@code consumed}, the demand the reorder report plans for).
 * One row per day and SKU and shop keeps a 90-day report over 100,000 SKUs a range scan of the primary key.
 */
@Repository
public class SalesBook {

	private final NamedParameterJdbcOperations batch;

	SalesBook(NamedParameterJdbcOperations batch) {
		this.batch = batch;
	}

	@Transactional(propagation = Propagation.MANDATORY)
	public void add(List<Sale> sales) {
		Map<String, Object[]> summed = new TreeMap<>(); // sorted: concurrent batches lock rows in one order
		for (Sale sale : sales) {
			if (sale.units() == 0 && sale.consumed() == 0) {
				continue;
			}
			LocalDate day = LocalDate.ofInstant(sale.at(), ZoneOffset.UTC);
			String key = day + "\u0000" + sale.sku() + "\u0000" + sale.shopId();
			Object[] row = summed.computeIfAbsent(key,
					(k) -> new Object[] { day, sale.sku(), sale.shopId(), 0L, 0L });
			row[3] = (Long) row[3] + sale.units();
			row[4] = (Long) row[4] + sale.consumed();
		}
		if (summed.isEmpty()) {
			return;
		}
		this.batch.batchUpdate("""
				insert into sale_day (day, sku, shop_id, units, consumed)
				values (:day, :sku, :shopId, :units, :consumed)
				on conflict (day, sku, shop_id) do update
				   set units = sale_day.units + excluded.units, consumed = sale_day.consumed + excluded.consumed
				""", summed.values()
			.stream()
			.map((row) -> new MapSqlParameterSource().addValue("day", Date.valueOf((LocalDate) row[0]))
				.addValue("sku", row[1])
				.addValue("shopId", row[2])
				.addValue("units", row[3])
				.addValue("consumed", row[4]))
			.toArray(SqlParameterSource[]::new));
	}

	/**
	 * Units one order line's move stands for.
	 *
	 * @param at when (the order's date_modified_gmt)
	 * @param sku the line's SKU (a kit's own SKU)
	 * @param shopId the selling shop
	 * @param units sold under this SKU (negative: given back)
	 * @param consumed taken from the pool of this SKU (negative: given back)
	 */
	public record Sale(Instant at, String sku, String shopId, long units, long consumed) {
	}

}
