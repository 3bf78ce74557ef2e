package io.stocksync.ledger.outbox;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import io.stocksync.common.event.KitLineExpanded;
import io.stocksync.common.event.StockAdjustmentApplied;
import io.stocksync.common.event.StockChanged;
import io.stocksync.ledger.outbox.Outbox.OutboxEvent;
import io.stocksync.ledger.system.BytesProducer;
import io.stocksync.ledger.system.LedgerProperties;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.context.SmartLifecycle;
import org.springframework.kafka.core.KafkaTemplate;
import org.springframework.kafka.support.SendResult;
import org.springframework.kafka.support.mapping.AbstractJavaTypeMapper;
import org.springframework.stereotype.Component;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Publishes outbox rows to Kafka and deletes them once Kafka acknowledged every one of
 * them. It runs on its own thread and is woken right after a commit that wrote outbox
 * rows ({@link OutboxSignal}: in this process directly, from other ledger instances
 * through PostgreSQL {@code NOTIFY}); the poll every
 * {@code stocksync.outbox.poll-interval} is only the safety net for a lost wake-up. If
 * the process dies between the send and the delete, the rows are sent again: harmless,
 * because {@link StockChanged} carries absolute values and a version. Several ledger
 * instances can relay at once ({@code for update skip locked}). The relay is off in the
 * rebuild command ({@code stocksync.outbox.relay-enabled=false}).
 * <p>
 * {@link StockChanged} goes to the stock-changed topic; {@link StockAdjustmentApplied} to
 * the adjustments topic, next to the request it answers, so that the log records the
 * exact delta of every adjustment.
 */
@Component
@ConditionalOnProperty(name = "stocksync.outbox.relay-enabled", havingValue = "true", matchIfMissing = true)
class OutboxRelay implements SmartLifecycle {

	private static final Logger logger = LoggerFactory.getLogger(OutboxRelay.class);

	private final Outbox outbox;

	private final KafkaTemplate<String, byte[]> template;

	private final TransactionTemplate transactions;

	private final LedgerProperties properties;

	private final OutboxSignal signal;

	private final DaemonLoop loop;

	OutboxRelay(Outbox outbox, BytesProducer bytes, TransactionTemplate transactions, LedgerProperties properties,
			OutboxSignal signal) {
		this.outbox = outbox;
		this.template = bytes.template();
		this.transactions = transactions;
		this.properties = properties;
		this.signal = signal;
		// on stop, the batch in flight may still wait for Kafka's acknowledgement
		this.loop = new DaemonLoop("outbox-relay", this::relayUntilStopped, properties.kafkaAckTimeout());
	}

	@Override
	public void start() {
		this.loop.start();
	}

	@Override
	public void stop() {
		this.loop.stop();
	}

	@Override
	public boolean isRunning() {
		return this.loop.isRunning();
	}

	private void relayUntilStopped() {
		while (this.loop.isRunning()) {
			relay();
			try {
				this.signal.await(this.properties.outbox().pollInterval());
			}
			catch (InterruptedException ex) {
				return;
			}
		}
	}

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
			List<CompletableFuture<SendResult<String, byte[]>>> sends = new ArrayList<>();
			for (OutboxEvent event : events) {
				sends.add(this.template.send(record(event)));
			}
			// Send now rather than after linger.ms: the relay waits for the
			// acknowledgements anyway.
			this.template.flush();
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

	private String topic(OutboxEvent event) {
		return switch (event.type()) {
			case StockChanged.TYPE -> this.properties.topics().stockChanged();
			case StockAdjustmentApplied.TYPE, KitLineExpanded.TYPE -> this.properties.topics().adjustments();
			default -> throw new IllegalStateException("unknown outbox event type " + event.type());
		};
	}

	/*
	 * The stored JSON as it is, with the type token the JSON serializer would have put in
	 * the header (the consumers' type mapping reads it): decoding it into the event and
	 * encoding it again cost the relay more CPU than the send (a fifth of the ledger's
	 * JSON work in a profile under the bench).
	 */
	private ProducerRecord<String, byte[]> record(OutboxEvent event) {
		ProducerRecord<String, byte[]> record = new ProducerRecord<>(topic(event), event.aggregateId(),
				event.payload().getBytes(StandardCharsets.UTF_8));
		record.headers()
			.add(AbstractJavaTypeMapper.DEFAULT_CLASSID_FIELD_NAME, event.type().getBytes(StandardCharsets.UTF_8));
		return record;
	}

}
