package io.stocksync.ledger.report;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * The report arithmetic, kept apart from SQL and HTTP.
 * <ul>
 * <li>daily rate = units consumed in the period / days (kits count under their
 * components: that is what must be reordered);</li>
 * <li>days of cover = available / daily rate (none without sales);</li>
 * <li>reorder point = ceil(lead time × daily rate + safety stock);</li>
 * <li>reorder when available ≤ reorder point; suggested quantity = reorder point + the
 * period's demand − available (back above the reorder point with one period of sales on
 * top), else 0.</li>
 * </ul>
 */
final class Reports {

	private Reports() {
	}

	static Map<String, Object> sales(int days, LocalDate from, LocalDate to, List<ReportRepository.ShopSales> rows) {
		Map<String, Map<String, Long>> bySku = new TreeMap<>();
		rows.forEach(
				(row) -> bySku.computeIfAbsent(row.sku(), (sku) -> new TreeMap<>()).put(row.shopId(), row.units()));
		List<SalesItem> items = new ArrayList<>();
		bySku.forEach((sku, byShop) -> items
			.add(new SalesItem(sku, byShop.values().stream().mapToLong(Long::longValue).sum(), byShop)));
		items.sort(Comparator.comparingLong(SalesItem::units).reversed().thenComparing(SalesItem::sku));
		Map<String, Object> body = new LinkedHashMap<>();
		body.put("days", days);
		body.put("from", from.toString());
		body.put("to", to.toString());
		body.put("items", items);
		return body;
	}

	static ReorderItem reorder(ReportRepository.Demand demand, int days) {
		int leadTime = (demand.leadTimeDays() != null) ? demand.leadTimeDays() : 0;
		long safety = (demand.safetyStock() != null) ? demand.safetyStock() : 0;
		long consumed = Math.max(0, demand.consumed());
		BigDecimal rate = BigDecimal.valueOf(consumed).divide(BigDecimal.valueOf(days), 3, RoundingMode.HALF_UP);
		BigDecimal cover = (consumed > 0) ? BigDecimal.valueOf(demand.available())
			.multiply(BigDecimal.valueOf(days))
			.divide(BigDecimal.valueOf(consumed), 1, RoundingMode.HALF_UP) : null;
		long reorderPoint = BigDecimal.valueOf(leadTime)
			.multiply(BigDecimal.valueOf(consumed))
			.divide(BigDecimal.valueOf(days), 0, RoundingMode.CEILING)
			.longValueExact() + safety;
		boolean reorder = (consumed > 0 || demand.leadTimeDays() != null) && demand.available() <= reorderPoint;
		long suggested = reorder ? Math.max(0, reorderPoint + consumed - demand.available()) : 0;
		return new ReorderItem(demand.sku(), demand.available(), demand.leadTimeDays() != null, leadTime, safety,
				consumed, rate, cover, reorderPoint, reorder, suggested);
	}

	/**
	 * @param sku the SKU
	 * @param units sold in the period, all shops (net)
	 * @param byShop sold per shop (net)
	 */
	record SalesItem(String sku, long units, Map<String, Long> byShop) {
	}

	/**
	 * One SKU of the reorder report.
	 *
	 * @param sku the SKU
	 * @param available available now
	 * @param planned whether planning was set for it (otherwise lead time and safety
	 * stock are 0)
	 * @param leadTimeDays lead time
	 * @param safetyStock safety stock
	 * @param consumed units orders took in the period (net)
	 * @param dailyRate consumed / days
	 * @param daysOfCover available / dailyRate, null without sales
	 * @param reorderPoint ceil(leadTimeDays × dailyRate) + safetyStock
	 * @param reorder whether available is at or below the reorder point
	 * @param suggestedQuantity what to order now
	 */
	record ReorderItem(String sku, long available, boolean planned, int leadTimeDays, long safetyStock, long consumed,
			BigDecimal dailyRate, BigDecimal daysOfCover, long reorderPoint, boolean reorder, long suggestedQuantity) {
	}

}
