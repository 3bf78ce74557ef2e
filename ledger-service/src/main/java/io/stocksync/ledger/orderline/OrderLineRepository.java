package io.stocksync.ledger.orderline;

import java.sql.Timestamp;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.SortedSet;

import org.springframework.jdbc.core.namedparam.MapSqlParameterSource;
import org.springframework.jdbc.core.namedparam.NamedParameterJdbcOperations;
import org.springframework.jdbc.core.namedparam.SqlParameterSource;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;
import org.springframework.transaction.annotation.Propagation;
import org.springframework.transaction.annotation.Transactional;

@Repository
@Transactional(propagation = Propagation.MANDATORY)
class OrderLineRepository {

	private final JdbcClient jdbc;

	private final NamedParameterJdbcOperations batch;

	OrderLineRepository(JdbcClient jdbc, NamedParameterJdbcOperations batch) {
		this.jdbc = jdbc;
		this.batch = batch;
	}

	/**
	 * Locks the orders' state rows (creating missing ones) in key order and returns, per
	 * order, the newest {@code date_modified_gmt} applied so far. All events of one order
	 * are serialised here, even across ledger instances; the stable order means two
	 * instances cannot deadlock on them.
	 */
	Map<OrderKey, Optional<Instant>> lockOrders(SortedSet<OrderKey> keys, Instant now) {
		Timestamp timestamp = Timestamp.from(now);
		this.batch.batchUpdate("""
				insert into order_state (shop_id, order_id, updated_at)
				values (:shopId, :orderId, :now)
				on conflict (shop_id, order_id) do nothing
				""",
				keys.stream()
					.map((key) -> new MapSqlParameterSource().addValue("shopId", key.shopId())
						.addValue("orderId", key.orderId())
						.addValue("now", timestamp))
					.toArray(SqlParameterSource[]::new));
		Map<OrderKey, Optional<Instant>> newest = new HashMap<>();
		this.jdbc.sql("""
				select shop_id, order_id, last_modified_gmt
				  from order_state
				 where (shop_id, order_id) in (:keys)
				 order by shop_id, order_id
				   for update
				""").param("keys", tuples(keys)).query((rs) -> {
			newest.put(new OrderKey(rs.getString("shop_id"), rs.getLong("order_id")),
					Optional.ofNullable(rs.getTimestamp("last_modified_gmt")).map(Timestamp::toInstant));
		});
		return newest;
	}

	/**
	 * The committed lines of the orders, by order and line item id, and when each was
	 * last decided.
	 */
	Lines lines(SortedSet<OrderKey> keys) {
		Lines lines = new Lines(new HashMap<>(), new HashMap<>());
		keys.forEach((key) -> {
			lines.committed().put(key, new LinkedHashMap<>());
			lines.decidedAt().put(key, new HashMap<>());
		});
		this.jdbc.sql("""
				select shop_id, order_id, line_item_id, sku, committed, determined_at
				  from order_line
				 where (shop_id, order_id) in (:keys)
				 order by shop_id, order_id, line_item_id
				""").param("keys", tuples(keys)).query((rs) -> {
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

	void saveLines(List<LineRow> rows, Instant now) {
		if (rows.isEmpty()) {
			return;
		}
		Timestamp timestamp = Timestamp.from(now);
		this.batch.batchUpdate("""
				insert into order_line (shop_id, order_id, line_item_id, sku, committed, determined_at, updated_at)
				values (:shopId, :orderId, :lineItemId, :sku, :committed, :decidedAt, :now)
				on conflict (shop_id, order_id, line_item_id)
				do update set sku = excluded.sku, committed = excluded.committed,
				              determined_at = excluded.determined_at, updated_at = excluded.updated_at
				""",
				rows.stream()
					.map((row) -> new MapSqlParameterSource().addValue("shopId", row.order().shopId())
						.addValue("orderId", row.order().orderId())
						.addValue("lineItemId", row.line().lineItemId())
						.addValue("sku", row.line().sku())
						.addValue("committed", row.line().committed())
						.addValue("decidedAt", (row.decidedAt() != null) ? Timestamp.from(row.decidedAt()) : null,
								java.sql.Types.TIMESTAMP)
						.addValue("now", timestamp))
					.toArray(SqlParameterSource[]::new));
	}

	void updateOrders(List<OrderRow> rows, Instant now) {
		if (rows.isEmpty()) {
			return;
		}
		Timestamp timestamp = Timestamp.from(now);
		this.batch.batchUpdate("""
				update order_state
				   set status = coalesce(:status, status),
				       last_modified_gmt = :modified,
				       deleted = :deleted,
				       updated_at = :now
				 where shop_id = :shopId and order_id = :orderId
				""", rows.stream()
			.map((row) -> new MapSqlParameterSource().addValue("shopId", row.order().shopId())
				.addValue("orderId", row.order().orderId())
				.addValue("status", row.status(), java.sql.Types.VARCHAR)
				.addValue("modified", row.newestModified().map(Timestamp::from).orElse(null), java.sql.Types.TIMESTAMP)
				.addValue("deleted", row.deleted())
				.addValue("now", timestamp))
			.toArray(SqlParameterSource[]::new));
	}

	private static List<Object[]> tuples(SortedSet<OrderKey> keys) {
		List<Object[]> tuples = new ArrayList<>(keys.size());
		keys.forEach((key) -> tuples.add(new Object[] { key.shopId(), key.orderId() }));
		return tuples;
	}

	record Lines(Map<OrderKey, Map<Long, CommittedLine>> committed, Map<OrderKey, Map<Long, Instant>> decidedAt) {
	}

	record LineRow(OrderKey order, CommittedLine line, Instant decidedAt) {
	}

	record OrderRow(OrderKey order, String status, Optional<Instant> newestModified, boolean deleted) {
	}

}
