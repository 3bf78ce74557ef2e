package io.stocksync.ledger.report;

import java.sql.Date;
import java.time.Clock;
import java.time.Instant;
import java.time.LocalDate;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;
import org.springframework.transaction.annotation.Propagation;
import org.springframework.transaction.annotation.Transactional;

/**
 * Units sold per day (UTC), SKU and shop ({@code sale_day}), kept in the transaction that
 * moves the order lines: every change of a line's committed quantity counts (a sale +, a
 * cancel or restocked refund -), so the sum over a period is the units sold net of
 * cancellations and restocked refunds. A kit line counts under the kit's SKU only
 * ({@code units}); what orders took from the pool counts under the physical SKUs, kits
 * under their components ({@code consumed}, the demand the reorder report plans for).
 * <p>
 * The 7, 30 and 90-day sums are also kept per SKU and shop ({@code sale_recent}, as of
 * {@code sale_recent_state}): a sale adds to each window it falls in, and {@link #roll}
 * moves the windows to a later day by subtracting the days that leave them. A sale dated
 * after today counts as today's.
 */
@Repository
public class SalesBook {

	static final int[] WINDOWS = { 7, 30, 90 };

	private static final long SECONDS_PER_DAY = 86_400;

	private final JdbcClient jdbc;

	private final Clock clock;

	SalesBook(JdbcClient jdbc, Clock clock) {
		this.jdbc = jdbc;
		this.clock = clock;
	}

	@Transactional(propagation = Propagation.MANDATORY)
	public void add(List<Sale> sales) {
		LocalDate today = utcDay(this.clock.instant());
		Map<RowKey, Row> byDay = new TreeMap<>(); // sorted: concurrent batches lock rows
													// in one order
		for (Sale sale : sales) {
			if (sale.units() == 0 && sale.consumed() == 0) {
				continue;
			}
			LocalDate day = utcDay(sale.at());
			day = day.isAfter(today) ? today : day;
			byDay.computeIfAbsent(new RowKey(day, sale.sku(), sale.shopId()), (key) -> new Row(key.sku(), key.shopId()))
				.add(day, sale.units(), sale.consumed());
		}
		if (byDay.isEmpty()) {
			return;
		}
		LocalDate asOf = lockShared(today);
		List<Row> days = List.copyOf(byDay.values());
		this.jdbc.sql("""
				insert into sale_day (day, sku, shop_id, units, consumed)
				select day, sku, shop_id, units, consumed
				  from unnest(cast(:days as date[]), cast(:skus as text[]), cast(:shopIds as text[]),
				              cast(:units as bigint[]), cast(:consumed as bigint[]))
				       as s (day, sku, shop_id, units, consumed)
				 order by day, sku, shop_id
				on conflict (day, sku, shop_id) do update
				   set units = sale_day.units + excluded.units, consumed = sale_day.consumed + excluded.consumed
				""")
			.param("days", days.stream().map((row) -> row.day.toString()).toArray(String[]::new))
			.param("skus", days.stream().map((row) -> row.sku).toArray(String[]::new))
			.param("shopIds", days.stream().map((row) -> row.shopId).toArray(String[]::new))
			.param("units", days.stream().map((row) -> row.units).toArray(Long[]::new))
			.param("consumed", days.stream().map((row) -> row.consumed).toArray(Long[]::new))
			.update();
		Map<String, long[]> recent = new TreeMap<>();
		for (Row row : days) {
			long[] sums = recent.computeIfAbsent(row.sku + "\u0000" + row.shopId, (key) -> new long[6]);
			for (int w = 0; w < WINDOWS.length; w++) {
				// in the window as of asOf, or later (then it stays in until the move
				// that lets it out)
				if (!row.day.isBefore(asOf.minusDays(WINDOWS[w] - 1L))) {
					sums[w] += row.units;
					sums[3 + w] += row.consumed;
				}
			}
		}
		List<String[]> keys = recent.keySet().stream().map((key) -> key.split("\u0000", 2)).toList();
		List<long[]> sums = List.copyOf(recent.values());
		this.jdbc
			.sql("""
					insert into sale_recent (sku, shop_id, units_7, units_30, units_90, consumed_7, consumed_30, consumed_90)
					select sku, shop_id, u7, u30, u90, c7, c30, c90
					  from unnest(cast(:skus as text[]), cast(:shopIds as text[]),
					              cast(:u7 as bigint[]), cast(:u30 as bigint[]), cast(:u90 as bigint[]),
					              cast(:c7 as bigint[]), cast(:c30 as bigint[]), cast(:c90 as bigint[]))
					       as r (sku, shop_id, u7, u30, u90, c7, c30, c90)
					 order by sku, shop_id
					on conflict (sku, shop_id) do update
					   set units_7 = sale_recent.units_7 + excluded.units_7,
					       units_30 = sale_recent.units_30 + excluded.units_30,
					       units_90 = sale_recent.units_90 + excluded.units_90,
					       consumed_7 = sale_recent.consumed_7 + excluded.consumed_7,
					       consumed_30 = sale_recent.consumed_30 + excluded.consumed_30,
					       consumed_90 = sale_recent.consumed_90 + excluded.consumed_90
					""")
			.param("skus", keys.stream().map((key) -> key[0]).toArray(String[]::new))
			.param("shopIds", keys.stream().map((key) -> key[1]).toArray(String[]::new))
			.param("u7", column(sums, 0))
			.param("u30", column(sums, 1))
			.param("u90", column(sums, 2))
			.param("c7", column(sums, 3))
			.param("c30", column(sums, 4))
			.param("c90", column(sums, 5))
			.update();
	}

	private static Long[] column(List<long[]> rows, int index) {
		return rows.stream().map((row) -> row[index]).toArray(Long[]::new);
	}

	/**
	 * Moves the windows forward to today (a report does this first): per window,
	 * subtracts the days between the old and the new boundary. Waits for order
	 * transactions in flight, and they for it.
	 */
	@Transactional
	public LocalDate roll() {
		LocalDate today = utcDay(this.clock.instant());
		ensureState(today);
		LocalDate asOf = this.jdbc.sql("select as_of from sale_recent_state where id = 1 for update")
			.query(Date.class)
			.single()
			.toLocalDate();
		if (!asOf.isBefore(today)) {
			return asOf;
		}
		for (int w = 0; w < WINDOWS.length; w++) {
			String window = String.valueOf(WINDOWS[w]);
			// Column names come from the constant WINDOWS, never from input.
			this.jdbc.sql("""
					update sale_recent r
					   set units_%1$s = r.units_%1$s - d.units, consumed_%1$s = r.consumed_%1$s - d.consumed
					  from (select sku, shop_id, sum(units) as units, sum(consumed) as consumed
					          from sale_day
					         where day > :oldEdge and day <= :newEdge
					         group by sku, shop_id) d
					 where r.sku = d.sku and r.shop_id = d.shop_id
					""".formatted(window))
				.param("oldEdge", Date.valueOf(asOf.minusDays(WINDOWS[w])))
				.param("newEdge", Date.valueOf(today.minusDays(WINDOWS[w])))
				.update();
		}
		this.jdbc.sql("""
				delete from sale_recent
				 where units_7 = 0 and units_30 = 0 and units_90 = 0
				   and consumed_7 = 0 and consumed_30 = 0 and consumed_90 = 0
				""").update();
		this.jdbc.sql("update sale_recent_state set as_of = :today where id = 1")
			.param("today", Date.valueOf(today))
			.update();
		return today;
	}

	/*
	 * The state row exists from the first batch on: created only when the lookup misses.
	 */
	private LocalDate lockShared(LocalDate today) {
		Optional<Date> asOf = asOfForShare();
		if (asOf.isEmpty()) {
			ensureState(today);
			asOf = asOfForShare();
		}
		return asOf.orElseThrow().toLocalDate();
	}

	private Optional<Date> asOfForShare() {
		return this.jdbc.sql("select as_of from sale_recent_state where id = 1 for share").query(Date.class).optional();
	}

	private void ensureState(LocalDate today) {
		this.jdbc.sql("insert into sale_recent_state (id, as_of) values (1, :today) on conflict (id) do nothing")
			.param("today", Date.valueOf(today))
			.update();
	}

	/*
	 * The UTC day of an instant: LocalDate.ofInstant(at, ZoneOffset.UTC) without the zone
	 * rules it builds on every call (four sales per order line, in every batch).
	 */
	static LocalDate utcDay(Instant at) {
		return LocalDate.ofEpochDay(Math.floorDiv(at.getEpochSecond(), SECONDS_PER_DAY));
	}

	/* A sale_day row's key, in the order the rows are locked. */
	private record RowKey(LocalDate day, String sku, String shopId) implements Comparable<RowKey> {

		private static final Comparator<RowKey> ORDER = Comparator.comparing(RowKey::day)
			.thenComparing(RowKey::sku)
			.thenComparing(RowKey::shopId);

		@Override
		public int compareTo(RowKey other) {
			return ORDER.compare(this, other);
		}

	}

	private static final class Row {

		final String sku;

		final String shopId;

		LocalDate day;

		long units;

		long consumed;

		Row(String sku, String shopId) {
			this.sku = sku;
			this.shopId = shopId;
		}

		void add(LocalDate day, long units, long consumed) {
			this.day = day;
			this.units += units;
			this.consumed += consumed;
		}

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
