package io.stocksync.ledger.orderline;

import java.sql.Timestamp;
import java.time.Instant;
import java.util.Collection;
import java.util.List;
import java.util.Optional;

import org.springframework.jdbc.core.RowMapper;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;
import org.springframework.transaction.annotation.Propagation;
import org.springframework.transaction.annotation.Transactional;

@Repository
@Transactional(propagation = Propagation.MANDATORY)
class OrderLineRepository {

	private static final RowMapper<CommittedLine> LINE = (rs, rowNum) -> new CommittedLine(rs.getLong("line_item_id"),
			rs.getString("sku"), rs.getLong("committed"));

	private final JdbcClient jdbc;

	OrderLineRepository(JdbcClient jdbc) {
		this.jdbc = jdbc;
	}

	/**
	 * Locks the order's state row (creating it) and returns the newest {@code date_modified_gmt} applied so far. All
	 * events of one order are serialised here, even across ledger instances.
	 */
	Optional<Instant> lockOrder(String shopId, long orderId, Instant now) {
		this.jdbc.sql("""
				insert into order_state (shop_id, order_id, updated_at)
				values (:shopId, :orderId, :now)
				on conflict (shop_id, order_id) do nothing
				""").param("shopId", shopId).param("orderId", orderId).param("now", Timestamp.from(now)).update();
		return this.jdbc.sql("""
				select last_modified_gmt
				  from order_state
				 where shop_id = :shopId and order_id = :orderId
				   for update
				""")
			.param("shopId", shopId)
			.param("orderId", orderId)
			.query((rs, rowNum) -> Optional.ofNullable(rs.getTimestamp("last_modified_gmt")).map(Timestamp::toInstant))
			.single();
	}

	void updateOrder(String shopId, long orderId, String status, Instant modified, boolean deleted, Instant now) {
		this.jdbc.sql("""
				update order_state
				   set status = coalesce(:status, status),
				       last_modified_gmt = greatest(last_modified_gmt, :modified),
				       deleted = :deleted,
				       updated_at = :now
				 where shop_id = :shopId and order_id = :orderId
				""")
			.param("shopId", shopId)
			.param("orderId", orderId)
			.param("status", status)
			.param("modified", (modified != null) ? Timestamp.from(modified) : null, java.sql.Types.TIMESTAMP)
			.param("deleted", deleted)
			.param("now", Timestamp.from(now))
			.update();
	}

	List<CommittedLine> lines(String shopId, long orderId) {
		return this.jdbc.sql("""
				select line_item_id, sku, committed
				  from order_line
				 where shop_id = :shopId and order_id = :orderId
				 order by line_item_id
				""").param("shopId", shopId).param("orderId", orderId).query(LINE).list();
	}

	void saveLines(String shopId, long orderId, Collection<CommittedLine> lines, Instant now) {
		for (CommittedLine line : lines) {
			this.jdbc.sql("""
					insert into order_line (shop_id, order_id, line_item_id, sku, committed, updated_at)
					values (:shopId, :orderId, :lineItemId, :sku, :committed, :now)
					on conflict (shop_id, order_id, line_item_id)
					do update set sku = excluded.sku, committed = excluded.committed, updated_at = excluded.updated_at
					""")
				.param("shopId", shopId)
				.param("orderId", orderId)
				.param("lineItemId", line.lineItemId())
				.param("sku", line.sku())
				.param("committed", line.committed())
				.param("now", Timestamp.from(now))
				.update();
		}
	}

}
