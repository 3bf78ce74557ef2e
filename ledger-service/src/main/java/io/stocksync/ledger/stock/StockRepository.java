package io.stocksync.ledger.stock;

import java.sql.Timestamp;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

import org.springframework.jdbc.core.RowMapper;
import org.springframework.jdbc.core.namedparam.MapSqlParameterSource;
import org.springframework.jdbc.core.namedparam.NamedParameterJdbcOperations;
import org.springframework.jdbc.core.namedparam.SqlParameterSource;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;
import org.springframework.transaction.annotation.Propagation;
import org.springframework.transaction.annotation.Transactional;

@Repository
class StockRepository {

	private static final RowMapper<StockLevel> STOCK_LEVEL = (rs, rowNum) -> new StockLevel(rs.getString("sku"),
			rs.getLong("on_hand"), rs.getLong("on_hand"), rs.getBoolean("backorders"), rs.getLong("version"),
			rs.getTimestamp("updated_at").toInstant());

	private static final RowMapper<StockMovement> MOVEMENT = (rs, rowNum) -> new StockMovement(rs.getLong("id"),
			rs.getString("sku"), rs.getLong("delta"), rs.getLong("on_hand_after"), rs.getLong("version"),
			rs.getString("cause_type"), rs.getString("cause_ref"), rs.getString("event_id"), rs.getString("detail"),
			rs.getTimestamp("occurred_at").toInstant());

	private static final RowMapper<Oversell> OVERSELL = (rs, rowNum) -> new Oversell(rs.getLong("id"),
			rs.getString("sku"), rs.getString("cause_type"), rs.getString("cause_ref"), rs.getLong("quantity_short"),
			rs.getLong("on_hand_after"), rs.getTimestamp("occurred_at").toInstant(),
			Optional.ofNullable(rs.getTimestamp("resolved_at")).map(Timestamp::toInstant).orElse(null));

	private final JdbcClient jdbc;

	private final NamedParameterJdbcOperations batch;

	StockRepository(JdbcClient jdbc, NamedParameterJdbcOperations batch) {
		this.jdbc = jdbc;
		this.batch = batch;
	}

	@Transactional(propagation = Propagation.MANDATORY)
	void ensureExists(String sku, Instant now) {
		this.jdbc.sql("""
				insert into stock (sku, on_hand, version, updated_at)
				values (:sku, 0, 0, :now)
				on conflict (sku) do nothing
				""").param("sku", sku).param("now", Timestamp.from(now)).update();
	}

	/** Locks the row until the transaction ends. */
	@Transactional(propagation = Propagation.MANDATORY)
	long lockOnHand(String sku) {
		return this.jdbc.sql("select on_hand from stock where sku = :sku for update")
			.param("sku", sku)
			.query(Long.class)
			.single();
	}

	/**
	 * One atomic statement: creates the row if needed, adds the delta and moves the
	 * version. The row stays locked until the transaction ends, so concurrent ledgers
	 * serialise on it without a lost update.
	 */
	@Transactional(propagation = Propagation.MANDATORY)
	StockLevel addToOnHand(String sku, long delta, Instant now) {
		return this.jdbc.sql("""
				insert into stock (sku, on_hand, version, updated_at)
				values (:sku, :delta, 1, :now)
				on conflict (sku) do update
				   set on_hand = stock.on_hand + excluded.on_hand,
				       version = stock.version + 1,
				       updated_at = excluded.updated_at
				returning sku, on_hand, backorders, version, updated_at
				""")
			.param("sku", sku)
			.param("delta", delta)
			.param("now", Timestamp.from(now))
			.query(STOCK_LEVEL)
			.single();
	}

	/** Sets the flag; empty when it already had that value. */
	@Transactional(propagation = Propagation.MANDATORY)
	Optional<StockLevel> setBackorders(String sku, boolean allowed, Instant now) {
		return this.jdbc.sql("""
				insert into stock (sku, on_hand, backorders, version, updated_at)
				values (:sku, 0, :allowed, 1, :now)
				on conflict (sku) do update
				   set backorders = excluded.backorders,
				       version = stock.version + 1,
				       updated_at = excluded.updated_at
				 where stock.backorders <> excluded.backorders
				returning sku, on_hand, backorders, version, updated_at
				""")
			.param("sku", sku)
			.param("allowed", allowed)
			.param("now", Timestamp.from(now))
			.query(STOCK_LEVEL)
			.optional();
	}

	/**
	 * Moves the version of an existing row (its rules changed); empty when the SKU has no
	 * row.
	 */
	@Transactional(propagation = Propagation.MANDATORY)
	Optional<StockLevel> bumpVersion(String sku, Instant now) {
		return this.jdbc.sql("""
				update stock set version = version + 1, updated_at = :now
				 where sku = :sku
				returning sku, on_hand, backorders, version, updated_at
				""").param("sku", sku).param("now", Timestamp.from(now)).query(STOCK_LEVEL).optional();
	}

	@Transactional(propagation = Propagation.MANDATORY)
	void insertMovements(List<MovementRow> rows) {
		if (rows.isEmpty()) {
			return;
		}
		this.batch.batchUpdate("""
				insert into stock_movement (sku, delta, on_hand_after, version, cause_type, cause_ref, event_id, detail,
				                            occurred_at)
				values (:sku, :delta, :onHandAfter, :version, :causeType, :causeRef, :eventId, :detail, :occurredAt)
				""", rows.stream().map(StockRepository::parameters).toArray(SqlParameterSource[]::new));
	}

	@Transactional(propagation = Propagation.MANDATORY)
	void insertOversells(List<OversellRow> rows) {
		if (rows.isEmpty()) {
			return;
		}
		this.batch.batchUpdate("""
				insert into oversell (sku, cause_type, cause_ref, quantity_short, on_hand_after, occurred_at,
				                      resolved_at)
				values (:sku, :causeType, :causeRef, :quantityShort, :onHandAfter, :occurredAt, :resolvedAt)
				""", rows.stream().map(StockRepository::parameters).toArray(SqlParameterSource[]::new));
	}

	@Transactional(propagation = Propagation.MANDATORY)
	void resolveOversells(String sku, Instant now) {
		this.jdbc.sql("update oversell set resolved_at = :now where sku = :sku and resolved_at is null")
			.param("sku", sku)
			.param("now", Timestamp.from(now))
			.update();
	}

	Optional<StockLevel> find(String sku) {
		return this.jdbc.sql("select sku, on_hand, backorders, version, updated_at from stock where sku = :sku")
			.param("sku", sku)
			.query(STOCK_LEVEL)
			.optional();
	}

	/**
	 * SKUs after the given one, in order; with {@code maxOnHand} only those at or below
	 * it (low stock, oversold).
	 */
	List<StockLevel> page(String afterSku, Long maxOnHand, int limit) {
		return this.jdbc.sql("""
				select sku, on_hand, backorders, version, updated_at
				  from stock
				 where sku > :afterSku
				   and (cast(:maxOnHand as bigint) is null or on_hand <= :maxOnHand)
				 order by sku
				 limit :limit
				""")
			.param("afterSku", afterSku)
			.param("maxOnHand", maxOnHand, java.sql.Types.BIGINT)
			.param("limit", limit)
			.query(STOCK_LEVEL)
			.list();
	}

	/** Movements of one SKU, newest first, older than the given movement id. */
	List<StockMovement> history(String sku, long beforeId, int limit) {
		return this.jdbc.sql("""
				select id, sku, delta, on_hand_after, version, cause_type, cause_ref, event_id, detail, occurred_at
				  from stock_movement
				 where sku = :sku and id < :beforeId
				 order by id desc
				 limit :limit
				""").param("sku", sku).param("beforeId", beforeId).param("limit", limit).query(MOVEMENT).list();
	}

	/**
	 * Oversells, newest first; only those not yet covered by stock again unless
	 * {@code all}.
	 */
	List<Oversell> oversells(String sku, boolean all, long beforeId, int limit) {
		return this.jdbc.sql("""
				select id, sku, cause_type, cause_ref, quantity_short, on_hand_after, occurred_at, resolved_at
				  from oversell
				 where (:all or resolved_at is null) and id < :beforeId
				   and (cast(:sku as text) is null or sku = :sku)
				 order by id desc
				 limit :limit
				""")
			.param("sku", sku, java.sql.Types.VARCHAR)
			.param("all", all)
			.param("beforeId", beforeId)
			.param("limit", limit)
			.query(OVERSELL)
			.list();
	}

	private static SqlParameterSource parameters(MovementRow row) {
		return new MapSqlParameterSource().addValue("sku", row.sku())
			.addValue("delta", row.delta())
			.addValue("onHandAfter", row.onHandAfter())
			.addValue("version", row.version())
			.addValue("causeType", row.causeType())
			.addValue("causeRef", row.causeRef())
			.addValue("eventId", row.eventId())
			.addValue("detail", row.detail())
			.addValue("occurredAt", Timestamp.from(row.occurredAt()));
	}

	private static SqlParameterSource parameters(OversellRow row) {
		return new MapSqlParameterSource().addValue("sku", row.sku())
			.addValue("causeType", row.causeType())
			.addValue("causeRef", row.causeRef())
			.addValue("quantityShort", row.quantityShort())
			.addValue("onHandAfter", row.onHandAfter())
			.addValue("occurredAt", Timestamp.from(row.occurredAt()))
			.addValue("resolvedAt", (row.resolvedAt() != null) ? Timestamp.from(row.resolvedAt()) : null,
					java.sql.Types.TIMESTAMP);
	}

	record MovementRow(String sku, long delta, long onHandAfter, long version, String causeType, String causeRef,
			String eventId, String detail, Instant occurredAt) {
	}

	record OversellRow(String sku, String causeType, String causeRef, long quantityShort, long onHandAfter,
			Instant occurredAt, Instant resolvedAt) {
	}

}
