package io.stocksync.ledger.outbox;

import java.sql.Timestamp;
import java.time.Clock;
import java.util.List;

import io.stocksync.common.json.JsonMappers;

import org.springframework.jdbc.core.RowMapper;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;
import org.springframework.transaction.annotation.Propagation;
import org.springframework.transaction.annotation.Transactional;

/** The outbox table: events written in the same transaction as the change they describe. */
@Repository
public class Outbox {

	static final RowMapper<OutboxEvent> EVENT = (rs, rowNum) -> new OutboxEvent(rs.getLong("id"),
			rs.getString("aggregate_id"), rs.getString("type"), rs.getString("payload"));

	private final JdbcClient jdbc;

	private final Clock clock;

	Outbox(JdbcClient jdbc, Clock clock) {
		this.jdbc = jdbc;
		this.clock = clock;
	}

	@Transactional(propagation = Propagation.MANDATORY)
	public void add(String aggregateType, String aggregateId, String type, Object payload) {
		this.jdbc.sql("""
				insert into outbox_event (aggregate_type, aggregate_id, type, payload, occurred_at)
				values (:aggregateType, :aggregateId, :type, cast(:payload as jsonb), :occurredAt)
				""")
			.param("aggregateType", aggregateType)
			.param("aggregateId", aggregateId)
			.param("type", type)
			.param("payload", JsonMappers.standard().writeValueAsString(payload))
			.param("occurredAt", Timestamp.from(this.clock.instant()))
			.update();
	}

	/** The oldest events, locked; rows another relay instance holds are skipped. */
	@Transactional(propagation = Propagation.MANDATORY)
	List<OutboxEvent> lockOldest(int limit) {
		return this.jdbc.sql("""
				select id, aggregate_id, type, payload::text as payload
				  from outbox_event
				 order by id
				 limit :limit
				   for update skip locked
				""").param("limit", limit).query(EVENT).list();
	}

	@Transactional(propagation = Propagation.MANDATORY)
	void delete(List<Long> ids) {
		this.jdbc.sql("delete from outbox_event where id in (:ids)").param("ids", ids).update();
	}

	record OutboxEvent(long id, String aggregateId, String type, String payload) {
	}

}
