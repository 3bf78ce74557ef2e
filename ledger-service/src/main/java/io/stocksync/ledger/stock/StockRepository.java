package io.stocksync.ledger.stock;

import java.sql.Timestamp;
import java.time.Instant;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

import org.springframework.jdbc.core.RowMapper;
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

	StockRepository(JdbcClient jdbc) {
		this.jdbc = jdbc;
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
	 * One atomic statement for all the SKUs: creates missing rows, adds each SKU's delta
	 * and moves its version. The rows are locked in SKU order and stay locked until the
	 * transaction ends, so concurrent ledgers serialise on them without a lost update or
	 * a deadlock. Each SKU at most once.
	 * @return the stock after the change, per SKU
	 */
	@Transactional(propagation = Propagation.MANDATORY)
	Map<String, StockLevel> addToOnHand(Map<String, Long> deltas, Instant now) {
		Map<String, StockLevel> after = new TreeMap<>();
		if (deltas.isEmpty()) {
			return after;
		}
		this.jdbc.sql("""
				insert into stock (sku, on_hand, version, updated_at)
				select sku, delta, 1, :now
				  from unnest(cast(:skus as text[]), cast(:deltas as bigint[])) as d (sku, delta)
				 order by sku
				on conflict (sku) do update
				   set on_hand = stock.on_hand + excluded.on_hand,
				       version = stock.version + 1,
				       updated_at = excluded.updated_at
				returning sku, on_hand, backorders, version, updated_at
				""")
			.param("skus", deltas.keySet().toArray(String[]::new))
			.param("deltas", deltas.values().toArray(Long[]::new))
			.param("now", Timestamp.from(now))
			.query(STOCK_LEVEL)
			.list()
			.forEach((level) -> after.put(level.sku(), level));
		return after;
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

	/**
	 * Inserts the audit rows, all at {@code occurredAt}, in one statement; ids follow the
	 * order of the list.
	 */
	@Transactional(propagation = Propagation.MANDATORY)
	void insertMovements(List<MovementRow> rows, Instant occurredAt) {
		if (rows.isEmpty()) {
			return;
		}
		this.jdbc.sql("""
				insert into stock_movement (sku, delta, on_hand_after, version, cause_type, cause_ref, event_id, detail,
				                            occurred_at)
				select sku, delta, on_hand_after, version, cause_type, cause_ref, event_id, detail, :occurredAt
				  from unnest(cast(:skus as text[]), cast(:deltas as bigint[]), cast(:onHandAfter as bigint[]),
				              cast(:versions as bigint[]), cast(:causeTypes as text[]), cast(:causeRefs as text[]),
				              cast(:eventIds as text[]), cast(:details as text[]))
				       with ordinality
				       as m (sku, delta, on_hand_after, version, cause_type, cause_ref, event_id, detail, n)
				 order by n
				""")
			.param("skus", rows.stream().map(MovementRow::sku).toArray(String[]::new))
			.param("deltas", rows.stream().map(MovementRow::delta).toArray(Long[]::new))
			.param("onHandAfter", rows.stream().map(MovementRow::onHandAfter).toArray(Long[]::new))
			.param("versions", rows.stream().map(MovementRow::version).toArray(Long[]::new))
			.param("causeTypes", rows.stream().map(MovementRow::causeType).toArray(String[]::new))
			.param("causeRefs", rows.stream().map(MovementRow::causeRef).toArray(String[]::new))
			.param("eventIds", rows.stream().map(MovementRow::eventId).toArray(String[]::new))
			.param("details", rows.stream().map(MovementRow::detail).toArray(String[]::new))
			.param("occurredAt", Timestamp.from(occurredAt))
			.update();
	}

	/** Inserts the oversell rows in one statement; ids follow the order of the list. */
	@Transactional(propagation = Propagation.MANDATORY)
	void insertOversells(List<OversellRow> rows) {
		if (rows.isEmpty()) {
			return;
		}
		this.jdbc.sql("""
				insert into oversell (sku, cause_type, cause_ref, quantity_short, on_hand_after, occurred_at,
				                      resolved_at)
				select sku, cause_type, cause_ref, quantity_short, on_hand_after, occurred_at, resolved_at
				  from unnest(cast(:skus as text[]), cast(:causeTypes as text[]), cast(:causeRefs as text[]),
				              cast(:quantityShort as bigint[]), cast(:onHandAfter as bigint[]),
				              cast(:occurredAt as timestamptz[]), cast(:resolvedAt as timestamptz[]))
				       with ordinality
				       as o (sku, cause_type, cause_ref, quantity_short, on_hand_after, occurred_at, resolved_at, n)
				 order by n
				""")
			.param("skus", rows.stream().map(OversellRow::sku).toArray(String[]::new))
			.param("causeTypes", rows.stream().map(OversellRow::causeType).toArray(String[]::new))
			.param("causeRefs", rows.stream().map(OversellRow::causeRef).toArray(String[]::new))
			.param("quantityShort", rows.stream().map(OversellRow::quantityShort).toArray(Long[]::new))
			.param("onHandAfter", rows.stream().map(OversellRow::onHandAfter).toArray(Long[]::new))
			.param("occurredAt", rows.stream().map((row) -> text(row.occurredAt())).toArray(String[]::new))
			.param("resolvedAt", rows.stream().map((row) -> text(row.resolvedAt())).toArray(String[]::new))
			.update();
	}

	/**
	 * Marks the open oversells of the SKUs resolved (their stock is back at 0 or more).
	 */
	@Transactional(propagation = Propagation.MANDATORY)
	void resolveOversells(Collection<String> skus, Instant now) {
		if (skus.isEmpty()) {
			return;
		}
		this.jdbc.sql("""
				update oversell set resolved_at = :now
				 where sku = any(cast(:skus as text[])) and resolved_at is null
				""").param("skus", skus.toArray(String[]::new)).param("now", Timestamp.from(now)).update();
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

	/* An instant as PostgreSQL reads a timestamptz (ISO-8601, UTC), or null. */
	private static String text(Instant instant) {
		return (instant != null) ? instant.toString() : null;
	}

	record MovementRow(String sku, long delta, long onHandAfter, long version, String causeType, String causeRef,
			String eventId, String detail) {
	}

	record OversellRow(String sku, String causeType, String causeRef, long quantityShort, long onHandAfter,
			Instant occurredAt, Instant resolvedAt) {
	}

}
