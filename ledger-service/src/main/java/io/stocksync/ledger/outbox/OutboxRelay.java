package io.stocksync.ledger.outbox;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import io.stocksync.common.event.StockChanged;
import io.stocksync.common.json.JsonMappers;
import io.stocksync.ledger.outbox.Outbox.OutboxEvent;
import io.stocksync.ledger.system.LedgerProperties;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.kafka.core.KafkaTemplate;
import org.springframework.kafka.support.SendResult;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.stereotype.Component;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Publishes outbox rows to Kafka and deletes them once Kafka acknowledged every one of them. If the process dies
 * between the send and the delete, the rows are sent again: harmless, because {@link StockChanged} carries absolute
 * values and a version. Several ledger instances can relay at once ({@code for update skip locked}).
 */
@Component
class OutboxRelay {

	private static final Logger logger = LoggerFactory.getLogger(OutboxRelay.class);

	private final Outbox outbox;

	private final KafkaTemplate<String, Object> template;

	private final TransactionTemplate transactions;

	private final LedgerProperties properties;

	OutboxRelay(Outbox outbox, KafkaTemplate<String, Object> template, TransactionTemplate transactions,
			LedgerProperties properties) {
		this.outbox = outbox;
		this.template = template;
		this.transactions = transactions;
		this.properties = properties;
	}

	@Scheduled(fixedDelayString = "${stocksync.outbox.poll-interval:100ms}")
	void relay() {
		try {
			while (relayBatch() == this.properties.outbox().batchSize()) {
				// a full batch: more may be waiting
			}
		}
		catch (RuntimeException ex) {
			logger.warn("Outbox relay failed, will retry: {}", ex.getMessage());
		}
	}

	/** Publishes one batch; returns how many rows it published. */
	int relayBatch() {
		Integer published = this.transactions.execute((status) -> {
			List<OutboxEvent> events = this.outbox.lockOldest(this.properties.outbox().batchSize());
			if (events.isEmpty()) {
				return 0;
			}
			List<CompletableFuture<SendResult<String, Object>>> sends = new ArrayList<>();
			for (OutboxEvent event : events) {
				sends.add(this.template.send(this.properties.topics().stockChanged(), event.aggregateId(),
						decode(event)));
			}
			try {
				CompletableFuture.allOf(sends.toArray(CompletableFuture[]::new))
					.get(this.properties.kafkaAckTimeout().toMillis(), TimeUnit.MILLISECONDS);
			}
			catch (InterruptedException ex) {
				Thread.currentThread().interrupt();
				throw new IllegalStateException("interrupted while relaying the outbox", ex);
			}
			catch (Exception ex) {
				throw new IllegalStateException("Kafka did not acknowledge outbox events: " + ex.getMessage(), ex);
			}
			this.outbox.delete(events.stream().map(OutboxEvent::id).toList());
			return events.size();
		});
		return (published != null) ? published : 0;
	}

	private static Object decode(OutboxEvent event) {
		if (!StockChanged.TYPE.equals(event.type())) {
			throw new IllegalStateException("unknown outbox event type " + event.type());
		}
		return JsonMappers.standard().readValue(event.payload(), StockChanged.class);
	}

}
