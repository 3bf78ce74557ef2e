package io.stocksync.propagator.deadletter;

import java.sql.Timestamp;
import java.time.Instant;
import java.util.List;

import org.springframework.jdbc.core.RowMapper;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

/**
 * The index of the per-shop DLTs: one row per (shop, SKU), reopened by every new DLT
 * record.
 */
@Repository
public class DeadLetterRepository {

	private static final RowMapper<DeadLetter> DEAD_LETTER = (rs, row) -> new DeadLetter(rs.getString("shop_id"),
			rs.getString("sku"), (Long) rs.getObject("version"), rs.getString("reason"), rs.getInt("attempts"),
			rs.getInt("entries"), rs.getString("dlt_topic"), rs.getInt("dlt_partition"), rs.getLong("dlt_offset"),
			rs.getTimestamp("failed_at").toInstant(),
			(rs.getTimestamp("replayed_at") != null) ? rs.getTimestamp("replayed_at").toInstant() : null);

	private final JdbcClient jdbc;

	DeadLetterRepository(JdbcClient jdbc) {
		this.jdbc = jdbc;
	}

	public void record(DeadLetter letter) {
		this.jdbc.sql("""
				insert into propagator_dead_letter (shop_id, sku, version, reason, attempts, entries, dlt_topic,
				                                    dlt_partition, dlt_offset, failed_at, replayed_at)
				values (:shop, :sku, :version, :reason, :attempts, 1, :topic, :partition, :offset, :failedAt, null)
				on conflict (shop_id, sku) do update
				   set version = excluded.version, reason = excluded.reason, attempts = excluded.attempts,
				       entries = propagator_dead_letter.entries + 1, dlt_topic = excluded.dlt_topic,
				       dlt_partition = excluded.dlt_partition, dlt_offset = excluded.dlt_offset,
				       failed_at = excluded.failed_at, replayed_at = null
				""")
			.param("shop", letter.shopId())
			.param("sku", letter.sku())
			.param("version", letter.version())
			.param("reason", letter.reason())
			.param("attempts", letter.attempts())
			.param("topic", letter.dltTopic())
			.param("partition", letter.dltPartition())
			.param("offset", letter.dltOffset())
			.param("failedAt", Timestamp.from(letter.failedAt()))
			.update();
	}

	/**
	 * Entries of one shop (or of all shops when {@code shopId} is null), oldest failure
	 * first.
	 */
	List<DeadLetter> list(String shopId, boolean includeReplayed) {
		return this.jdbc.sql("""
				select * from propagator_dead_letter
				 where (cast(:shop as text) is null or shop_id = :shop) and (:all or replayed_at is null)
				 order by failed_at, shop_id, sku
				""").param("shop", shopId).param("all", includeReplayed).query(DEAD_LETTER).list();
	}

	/** Entries of one shop not replayed yet. */
	long countOpen(String shopId) {
		return this.jdbc
			.sql("select count(*) from propagator_dead_letter where shop_id = :shop and replayed_at is null")
			.param("shop", shopId)
			.query(Long.class)
			.single();
	}

	/** Closes an entry, unless it failed again after the replay started. */
	void markReplayed(String shopId, String sku, Instant startedAt, Instant now) {
		this.jdbc.sql("""
				update propagator_dead_letter set replayed_at = :now
				 where shop_id = :shop and sku = :sku and failed_at <= :startedAt
				""")
			.param("shop", shopId)
			.param("sku", sku)
			.param("startedAt", Timestamp.from(startedAt))
			.param("now", Timestamp.from(now))
			.update();
	}

	void updateReason(String shopId, String sku, String reason) {
		this.jdbc.sql("update propagator_dead_letter set reason = :reason where shop_id = :shop and sku = :sku")
			.param("shop", shopId)
			.param("sku", sku)
			.param("reason", reason)
			.update();
	}

}
