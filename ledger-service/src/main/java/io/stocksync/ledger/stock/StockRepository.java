package io.stocksync.ledger.stock;

import java.sql.Timestamp;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

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

	@Transactional(propagation = Propagation.MANDATORY)
	StockLevel addToOnHand(String sku, long delta, Instant now) {
		return this.jdbc.sql("""
				update stock
				   set on_hand = on_hand + :delta,
				       version = version + 1,
				       updated_at = :now
				 where sku = :sku
				returning sku, on_hand, backorders, version, updated_at
				""").param("sku", sku).param("delta", delta).param("now", Timestamp.from(now)).query(STOCK_LEVEL).single();
	}

	@Transactional(propagation = Propagation.MANDATORY)
	void insertMovement(StockLevel after, long delta, String causeType, String causeRef) {
		this.jdbc.sql("""
				insert into stock_movement (sku, delta, on_hand_after, version, cause_type, cause_ref, occurred_at)
				values (:sku, :delta, :onHandAfter, :version, :causeType, :causeRef, :occurredAt)
				""")
			.param("sku", after.sku())
			.param("delta", delta)
			.param("onHandAfter", after.onHand())
			.param("version", after.version())
			.param("causeType", causeType)
			.param("causeRef", causeRef)
			.param("occurredAt", Timestamp.from(after.updatedAt()))
			.update();
	}

	Optional<StockLevel> find(String sku) {
		return this.jdbc.sql("select sku, on_hand, backorders, version, updated_at from stock where sku = :sku")
			.param("sku", sku)
			.query(STOCK_LEVEL)
			.optional();
	}

	List<StockLevel> page(String afterSku, int limit) {
		return this.jdbc.sql("""
				select sku, on_hand, backorders, version, updated_at
				  from stock
				 where sku > :afterSku
				 order by sku
				 limit :limit
				""").param("afterSku", afterSku).param("limit", limit).query(STOCK_LEVEL).list();
	}

}
