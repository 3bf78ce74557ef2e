package io.stocksync.ledger.orderline;

import java.sql.Timestamp;
import java.time.Instant;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.SortedSet;
import java.util.TreeSet;

import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;
import org.springframework.transaction.annotation.Propagation;
import org.springframework.transaction.annotation.Transactional;

@Repository
@Transactional(propagation = Propagation.MANDATORY)
class OrderLineRepository {

	private final JdbcClient jdbc;

	OrderLineRepository(JdbcClient jdbc) {
		this.jdbc = jdbc;
	}

	/**
	 * Locks the orders' state rows (creating missing ones) in key order and returns, per
	 * order, the newest {@code date_modified_gmt} applied so far, and which orders
	 * existed before. A row the insert creates is locked by it, so only the orders that
	 * existed are read again (most orders of a sale are new: one statement instead of
	 * two), and only they can have lines to read ({@link #lines}). All events of one
	 * order are serialised here, even across ledger instances; the stable order (the
	 * sorted keys' order, in which the lookups run) means two instances cannot deadlock
	 * on them.
	 * <p>
	 * Here and in {@link #lines}, each order is looked up by its key in a lateral
	 * subquery instead of joining the table with the key arrays. A join's plan depends on
	 * the table's size, and the driver's prepared statements let PostgreSQL keep a
	 * generic plan it made while the table was small until the table is next analysed: a
	 * new database (the bench, a first onboarding) then scanned all of
	 * {@code order_state} for every batch, dozens of times a second. A lookup by key has
	 * one plan at any size. {@link #updateOrders} is an upsert for the same reason: its
	 * conflict check is always a primary key lookup.
	 */
	LockedOrders lockOrders(SortedSet<OrderKey> keys, Instant now) {
		Map<OrderKey, Optional<Instant>> newest = new HashMap<>(keys.size() * 4 / 3 + 1);
		this.jdbc.sql("""
				insert into order_state (shop_id, order_id, updated_at)
				select shop_id, order_id, :now
				  from unnest(cast(:shopIds as text[]), cast(:orderIds as bigint[])) as k (shop_id, order_id)
				 order by shop_id, order_id
				on conflict (shop_id, order_id) do nothing
				returning shop_id, order_id
				""")
			.param("shopIds", keys.stream().map(OrderKey::shopId).toArray(String[]::new))
			.param("orderIds", keys.stream().map(OrderKey::orderId).toArray(Long[]::new))
			.param("now", Timestamp.from(now))
			.query((rs) -> {
				newest.put(new OrderKey(rs.getString("shop_id"), rs.getLong("order_id")), Optional.empty());
			});
		SortedSet<OrderKey> existing = new TreeSet<>();
		keys.stream().filter((key) -> !newest.containsKey(key)).forEach(existing::add);
		if (existing.isEmpty()) {
			return new LockedOrders(newest, existing);
		}
		this.jdbc.sql("""
				select o.shop_id, o.order_id, o.last_modified_gmt
				  from unnest(cast(:shopIds as text[]), cast(:orderIds as bigint[])) as k (shop_id, order_id)
				  cross join lateral (select s.shop_id, s.order_id, s.last_modified_gmt
				                        from order_state s
				                       where s.shop_id = k.shop_id and s.order_id = k.order_id
				                         for update) as o
				""")
			.param("shopIds", existing.stream().map(OrderKey::shopId).toArray(String[]::new))
			.param("orderIds", existing.stream().map(OrderKey::orderId).toArray(Long[]::new))
			.query((rs) -> {
				newest.put(new OrderKey(rs.getString("shop_id"), rs.getLong("order_id")),
						Optional.ofNullable(rs.getTimestamp("last_modified_gmt")).map(Timestamp::toInstant));
			});
		return new LockedOrders(newest, existing);
	}

	/**
	 * The committed lines of the orders, by order and line item id, and when each was
	 * last decided. Only {@code existing} orders are read: an order created by this
	 * transaction ({@link #lockOrders}) has no lines yet.
	 */
	Lines lines(SortedSet<OrderKey> keys, SortedSet<OrderKey> existing) {
		int capacity = keys.size() * 4 / 3 + 1;
		Lines lines = new Lines(new HashMap<>(capacity), new HashMap<>(capacity));
		keys.forEach((key) -> {
			lines.committed().put(key, new LinkedHashMap<>());
			lines.decidedAt().put(key, new HashMap<>());
		});
		if (existing.isEmpty()) {
			return lines;
		}
		this.jdbc.sql("""
				select l.shop_id, l.order_id, l.line_item_id, l.sku, l.committed, l.determined_at
				  from unnest(cast(:shopIds as text[]), cast(:orderIds as bigint[])) as k (shop_id, order_id)
				  cross join lateral (select *
				                        from order_line s
				                       where s.shop_id = k.shop_id and s.order_id = k.order_id
				                       order by s.line_item_id) as l
				 order by l.shop_id, l.order_id, l.line_item_id
				""")
			.param("shopIds", existing.stream().map(OrderKey::shopId).toArray(String[]::new))
			.param("orderIds", existing.stream().map(OrderKey::orderId).toArray(Long[]::new))
			.query((rs) -> {
				OrderKey key = new OrderKey(rs.getString("shop_id"), rs.getLong("order_id"));
				CommittedLine line = new CommittedLine(rs.getLong("line_item_id"), rs.getString("sku"),
						rs.getLong("committed"));
				lines.committed().get(key).put(line.lineItemId(), line);
				Timestamp decided = rs.getTimestamp("determined_at");
				if (decided != null) {
					lines.decidedAt().get(key).put(line.lineItemId(), decided.toInstant());
				}
			});
		return lines;
	}

	/** Inserts or updates the lines, one statement for all of them. */
	void saveLines(List<LineRow> rows, Instant now) {
		if (rows.isEmpty()) {
			return;
		}
		this.jdbc.sql("""
				insert into order_line (shop_id, order_id, line_item_id, sku, committed, determined_at, updated_at)
				select shop_id, order_id, line_item_id, sku, committed, determined_at, :now
				  from unnest(cast(:shopIds as text[]), cast(:orderIds as bigint[]), cast(:lineItemIds as bigint[]),
				              cast(:skus as text[]), cast(:committed as bigint[]), cast(:decidedAt as timestamptz[]))
				       as l (shop_id, order_id, line_item_id, sku, committed, determined_at)
				 order by shop_id, order_id, line_item_id
				on conflict (shop_id, order_id, line_item_id)
				do update set sku = excluded.sku, committed = excluded.committed,
				              determined_at = excluded.determined_at, updated_at = excluded.updated_at
				""")
			.param("shopIds", rows.stream().map((row) -> row.order().shopId()).toArray(String[]::new))
			.param("orderIds", rows.stream().map((row) -> row.order().orderId()).toArray(Long[]::new))
			.param("lineItemIds", rows.stream().map((row) -> row.line().lineItemId()).toArray(Long[]::new))
			.param("skus", rows.stream().map((row) -> row.line().sku()).toArray(String[]::new))
			.param("committed", rows.stream().map((row) -> row.line().committed()).toArray(Long[]::new))
			.param("decidedAt", rows.stream().map((row) -> text(row.decidedAt())).toArray(String[]::new))
			.param("now", Timestamp.from(now))
			.update();
	}

	/**
	 * Writes the orders' new state, one statement for all of them. The rows exist (locked
	 * by {@link #lockOrders}), so the insert always takes the update path.
	 */
	void updateOrders(List<OrderRow> rows, Instant now) {
		if (rows.isEmpty()) {
			return;
		}
		this.jdbc.sql("""
				insert into order_state (shop_id, order_id, status, last_modified_gmt, deleted, updated_at)
				select shop_id, order_id, status, last_modified_gmt, deleted, :now
				  from unnest(cast(:shopIds as text[]), cast(:orderIds as bigint[]), cast(:statuses as text[]),
				              cast(:modified as timestamptz[]), cast(:deleted as boolean[]))
				       as r (shop_id, order_id, status, last_modified_gmt, deleted)
				on conflict (shop_id, order_id)
				do update set status = coalesce(excluded.status, order_state.status),
				              last_modified_gmt = excluded.last_modified_gmt,
				              deleted = excluded.deleted,
				              updated_at = excluded.updated_at
				""")
			.param("shopIds", rows.stream().map((row) -> row.order().shopId()).toArray(String[]::new))
			.param("orderIds", rows.stream().map((row) -> row.order().orderId()).toArray(Long[]::new))
			.param("statuses", rows.stream().map(OrderRow::status).toArray(String[]::new))
			.param("modified",
					rows.stream().map((row) -> text(row.newestModified().orElse(null))).toArray(String[]::new))
			.param("deleted", rows.stream().map(OrderRow::deleted).toArray(Boolean[]::new))
			.param("now", Timestamp.from(now))
			.update();
	}

	/* An instant as PostgreSQL reads a timestamptz (ISO-8601, UTC), or null. */
	private static String text(Instant instant) {
		return (instant != null) ? instant.toString() : null;
	}

	/**
	 * @param newestApplied per order, the newest {@code date_modified_gmt} applied so far
	 * @param existing the orders that had a state row before this transaction
	 */
	record LockedOrders(Map<OrderKey, Optional<Instant>> newestApplied, SortedSet<OrderKey> existing) {
	}

	record Lines(Map<OrderKey, Map<Long, CommittedLine>> committed, Map<OrderKey, Map<Long, Instant>> decidedAt) {
	}

	record LineRow(OrderKey order, CommittedLine line, Instant decidedAt) {
	}

	record OrderRow(OrderKey order, String status, Optional<Instant> newestModified, boolean deleted) {
	}

}
