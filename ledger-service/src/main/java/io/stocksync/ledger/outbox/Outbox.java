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

	private final Clock clock;

	private final OutboxSignal signal;

	Outbox(JdbcClient jdbc, Clock clock, OutboxSignal signal) {
		this.jdbc = jdbc;
		this.clock = clock;
		this.signal = signal;
	}

	/**
	 * Adds many events with one statement (ids follow the order of the list). Once the
	 * transaction commits, the relay of this instance is woken at once, and PostgreSQL
	 * notifies the relays of the other instances ({@code pg_notify} is delivered on
	 * commit only).
	 */
	@Transactional(propagation = Propagation.MANDATORY)
	public void addAll(List<Event> events) {
		if (events.isEmpty()) {
			return;
		}
		this.jdbc.sql("""
				insert into outbox_event (aggregate_type, aggregate_id, type, payload, occurred_at)
				select aggregate_type, aggregate_id, type, cast(payload as jsonb), :occurredAt
				  from unnest(cast(:aggregateTypes as text[]), cast(:aggregateIds as text[]), cast(:types as text[]),
				              cast(:payloads as text[]))
				       with ordinality as e (aggregate_type, aggregate_id, type, payload, n)
				 order by n
				""")
			.param("aggregateTypes", events.stream().map(Event::aggregateType).toArray(String[]::new))
			.param("aggregateIds", events.stream().map(Event::aggregateId).toArray(String[]::new))
			.param("types", events.stream().map(Event::type).toArray(String[]::new))
			.param("payloads",
					events.stream()
						.map((event) -> JsonMappers.standard().writeValueAsString(event.payload()))
						.toArray(String[]::new))
			.param("occurredAt", Timestamp.from(this.clock.instant()))
			.update();
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
		this.jdbc.sql("delete from outbox_event where id = any(cast(:ids as bigint[]))")
			.param("ids", ids.toArray(Long[]::new))
			.update();
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
