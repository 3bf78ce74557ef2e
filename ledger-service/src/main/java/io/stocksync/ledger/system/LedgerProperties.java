package io.stocksync.ledger.system;

import java.time.Duration;

import jakarta.validation.constraints.Min;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.validation.annotation.Validated;

import static io.stocksync.common.topic.Topics.ORDER_EVENTS;
import static io.stocksync.common.topic.Topics.STOCK_ADJUSTMENTS;
import static io.stocksync.common.topic.Topics.STOCK_CHANGED;

/**
 * Settings of ledger-service.
 *
 * Sites file and admin token: {@code ServiceProperties} of service-support.
 *
 * @param topics topic names
 * @param outbox how the outbox relay publishes committed changes
 * @param orders how order events are consumed (the order listener's container factory)
 * @param kafkaAckTimeout how long an admin request waits for Kafka to acknowledge the
 * event it publishes
 */
@Validated
@ConfigurationProperties("stocksync")
public record LedgerProperties(@DefaultValue Topics topics, @DefaultValue Outbox outbox, @DefaultValue Orders orders,
		@DefaultValue("10s") Duration kafkaAckTimeout) {

	/**
	 * @param orderEvents order snapshots consumed
	 * @param adjustments operator adjustments consumed (and published by the admin API)
	 * @param stockChanged where {@code StockChanged} goes
	 */
	public record Topics(@DefaultValue(ORDER_EVENTS) String orderEvents,
			@DefaultValue(STOCK_ADJUSTMENTS) String adjustments, @DefaultValue(STOCK_CHANGED) String stockChanged) {
	}

	/**
	 * @param concurrency order-event consumers in this instance (at most the topic's
	 * partitions do work)
	 * @param maxPollRecords most snapshots one poll returns, so one batch transaction
	 * applies
	 * @param fetchMinBytes with {@code fetchMaxWaitMs}: Kafka answers a fetch once this
	 * much is there, or after that wait. Under a steady trickle (hundreds of orders a
	 * second) the ledger then applies a few snapshots per transaction instead of one,
	 * which costs PostgreSQL far less per order (one commit, one statement per table); a
	 * lone order waits at most the wait
	 * @param fetchMaxWaitMs the most a fetch waits for {@code fetchMinBytes}
	 * @param fetchMaxBytes the most one fetch response holds (Kafka's default is 50 MB;
	 * each consumer fetches three partitions of up to 1 MB each). The JDK reads a
	 * response through a temporary native buffer as large as what is left of it,
	 * allocated and freed per read above 256 KB, and glibc keeps those blocks: 1 MB keeps
	 * them small without slowing a drain (docs/benchmarks.md). Not a hard limit: a larger
	 * first record batch is still returned
	 */
	public record Orders(@Min(1) @DefaultValue("2") int concurrency, @Min(1) @DefaultValue("1000") int maxPollRecords,
			@Min(1) @DefaultValue("65536") int fetchMinBytes, @Min(0) @DefaultValue("10") int fetchMaxWaitMs,
			@Min(1) @DefaultValue("1048576") int fetchMaxBytes) {
	}

	/**
	 * @param pollInterval the relay's safety-net poll: it is woken right after every
	 * commit that writes outbox rows (in this process directly, from other instances by
	 * PostgreSQL {@code NOTIFY}) and looks anyway after this long
	 * @param batchSize most rows one relay run publishes
	 */
	public record Outbox(@DefaultValue("1s") Duration pollInterval, @Min(1) @DefaultValue("500") int batchSize) {
	}

}
