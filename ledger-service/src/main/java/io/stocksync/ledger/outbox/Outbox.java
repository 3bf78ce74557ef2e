package io.stocksync.ledger.outbox;

import java.sql.Timestamp;
import java.time.Clock;
import java.util.List;

import io.stocksync.common.json.JsonMappers;

import org.springframework.jdbc.core.RowMapper;
import org.springframework.jdbc.core.namedparam.MapSqlParameterSource;
import org.springframework.jdbc.core.namedparam.NamedParameterJdbcOperations;
import org.springframework.jdbc.core.namedparam.SqlParameterSource;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;
import org.springframework.transaction.annotation.Propagation;
import org.springframework.transaction.annotation.Transactional;
import org.springframework.transaction.support.TransactionSynchronization;
import org.springframework.transaction.support.TransactionSynchronizationManager;

/**
 * The outbox table: events written in the same transaction as the change they describe.
 */
@Repository
public class Outbox {

	static final RowMapper<OutboxEvent> EVENT = (rs, rowNum) -> new OutboxEvent(rs.getLong("id"),
			rs.getString("aggregate_id"), rs.getString("type"), rs.getString("payload"));

	private final JdbcClient jdbc;

	private final NamedParameterJdbcOperations batch;

	private final Clock clock;

	private final OutboxSignal signal;

	Outbox(JdbcClient jdbc, NamedParameterJdbcOperations batch, Clock clock, OutboxSignal signal) {
		this.jdbc = jdbc;
		this.batch = batch;
		this.clock = clock;
		this.signal = signal;
	}

	/**
	 * Adds many events with one JDBC batch. Once the transaction commits, the relay of
	 * this instance is woken at once, and PostgreSQL notifies the relays of the other
	 * instances ({@code pg_notify} is delivered on commit only).
	 */
	@Transactional(propagation = Propagation.MANDATORY)
	public void addAll(List<Event> events) {
		if (events.isEmpty()) {
			return;
		}
		Timestamp now = Timestamp.from(this.clock.instant());
		this.batch.batchUpdate("""
				insert into outbox_event (aggregate_type, aggregate_id, type, payload, occurred_at)
				values (:aggregateType, :aggregateId, :type, cast(:payload as jsonb), :occurredAt)
				""",
				events.stream()
					.map((event) -> new MapSqlParameterSource().addValue("aggregateType", event.aggregateType())
						.addValue("aggregateId", event.aggregateId())
						.addValue("type", event.type())
						.addValue("payload", JsonMappers.standard().writeValueAsString(event.payload()))
						.addValue("occurredAt", now))
					.toArray(SqlParameterSource[]::new));
		this.jdbc.sql("select pg_notify(:channel, '')")
			.param("channel", OutboxNotifications.CHANNEL)
			.query()
			.singleRow();
		if (TransactionSynchronizationManager.isSynchronizationActive()) {
			TransactionSynchronizationManager.registerSynchronization(new TransactionSynchronization() {
				@Override
				public void afterCommit() {
					Outbox.this.signal.wake();
				}
			});
		}
	}

	/** How many events wait for the relay. */
	public long pending() {
		return this.jdbc.sql("select count(*) from outbox_event").query(Long.class).single();
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

	/**
	 * An event to publish after commit.
	 *
	 * @param aggregateType what the key identifies ({@code stock})
	 * @param aggregateId the Kafka key (the SKU)
	 * @param type the type token; it decides the topic
	 * @param payload the event record
	 */
	public record Event(String aggregateType, String aggregateId, String type, Object payload) {
	}

}
