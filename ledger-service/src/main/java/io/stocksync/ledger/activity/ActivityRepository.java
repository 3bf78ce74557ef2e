package io.stocksync.ledger.activity;

import java.time.Instant;
import java.util.List;

import org.springframework.jdbc.core.RowMapper;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

/**
 * Reads the audit trail across all SKUs, newest first (the console's recent activity).
 */
@Repository
class ActivityRepository {

	private static final RowMapper<Activity> ACTIVITY = (rs, rowNum) -> new Activity(rs.getLong("id"),
			rs.getString("sku"), rs.getLong("delta"), rs.getLong("on_hand_after"), rs.getLong("version"),
			rs.getString("cause_type"), rs.getString("cause_ref"), rs.getTimestamp("occurred_at").toInstant());

	private final JdbcClient jdbc;

	ActivityRepository(JdbcClient jdbc) {
		this.jdbc = jdbc;
	}

	/**
	 * Changes newest first, before the given id; {@code causePrefix} (for example
	 * {@code shop1:} with cause type {@code order}) narrows to the orders of one shop.
	 */
	List<Activity> recent(String causeType, String causePrefix, long beforeId, int limit) {
		return this.jdbc.sql("""
				select id, sku, delta, on_hand_after, version, cause_type, cause_ref, occurred_at
				  from stock_movement
				 where id < :beforeId
				   and (cast(:causeType as text) is null or cause_type = :causeType)
				   and (cast(:causePrefix as text) is null or starts_with(cause_ref, :causePrefix))
				 order by id desc
				 limit :limit
				""")
			.param("beforeId", beforeId)
			.param("causeType", causeType)
			.param("causePrefix", causePrefix)
			.param("limit", limit)
			.query(ACTIVITY)
			.list();
	}

	/**
	 * One change of the pool.
	 *
	 * @param id position in the audit trail (page with {@code before=<id>})
	 * @param sku the SKU
	 * @param delta change of on_hand
	 * @param onHandAfter on_hand after it
	 * @param version the SKU's version after it
	 * @param causeType {@code order}, {@code adjustment} or {@code backorders}
	 * @param causeRef the order ({@code shop1:20}) or the adjustment's key
	 * @param occurredAt when the ledger committed it
	 */
	record Activity(long id, String sku, long delta, long onHandAfter, long version, String causeType, String causeRef,
			Instant occurredAt) {
	}

}
