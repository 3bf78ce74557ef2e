package io.stocksync.ingest.spool;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.StandardOpenOption;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.stocksync.common.json.JsonMappers;
import io.stocksync.ingest.spool.DeliverySpool.Batch;
import io.stocksync.ingest.spool.DeliverySpool.Entry;
import io.stocksync.ingest.system.AcknowledgedSender;
import io.stocksync.ingest.system.IngestProperties;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.context.SmartLifecycle;
import org.springframework.kafka.core.KafkaTemplate;
import org.springframework.kafka.support.SendResult;
import org.springframework.stereotype.Component;

/**
 * Sends spooled records to Kafka, oldest first, on one thread: a batch is sent, every
 * record's acknowledgement is awaited, and only then is the spool position moved past it.
 * The first record Kafka does not acknowledge stops the run; the next run (every
 * {@code stocksync.spool.drain-interval}) starts again from it, so the order of the spool
 * is the order on the topic. A record Kafka refuses for good (too large, not
 * serializable) is set aside in {@code spool/rejected.jsonl} with an error log, so that
 * it never blocks the ones behind it.
 */
@Component
class SpoolDrainer implements SmartLifecycle {

	private static final Logger logger = LoggerFactory.getLogger(SpoolDrainer.class);

	private static final int BATCH = 200;

	private static final Duration WARN_EVERY = Duration.ofSeconds(30);

	/**
	 * Beyond the producer's own bound (delivery.timeout.ms plus max.block.ms); only a
	 * safety net.
	 */
	private static final Duration AWAIT_LIMIT = Duration.ofMinutes(3);

	private final DeliverySpool spool;

	private final KafkaTemplate<String, Object> template;

	private final IngestProperties properties;

	private final Clock clock;

	private final Counter rejected;

	private ScheduledExecutorService executor;

	private Instant lastWarning = Instant.EPOCH;

	SpoolDrainer(DeliverySpool spool, KafkaTemplate<String, Object> template, IngestProperties properties, Clock clock,
			MeterRegistry meters) {
		this.spool = spool;
		this.template = template;
		this.properties = properties;
		this.clock = clock;
		this.rejected = Counter.builder("stocksync.ingest.spool.rejected")
			.description("Spooled records Kafka refused for good, set aside in spool/rejected.jsonl")
			.register(meters);
	}

	@Override
	public synchronized void start() {
		this.executor = Executors.newSingleThreadScheduledExecutor((runnable) -> {
			Thread thread = new Thread(runnable, "ingest-spool-drainer");
			thread.setDaemon(true);
			return thread;
		});
		long interval = this.properties.spool().drainInterval().toMillis();
		this.executor.scheduleWithFixedDelay(this::drainQuietly, 0, interval, TimeUnit.MILLISECONDS);
	}

	@Override
	public synchronized void stop() {
		if (this.executor != null) {
			this.executor.shutdownNow();
			try {
				this.executor.awaitTermination(15, TimeUnit.SECONDS);
			}
			catch (InterruptedException ex) {
				Thread.currentThread().interrupt();
			}
			this.executor = null;
		}
	}

	@Override
	public synchronized boolean isRunning() {
		return this.executor != null;
	}

	private void drainQuietly() {
		try {
			drain();
		}
		catch (RuntimeException | IOException ex) {
			Instant now = this.clock.instant();
			if (Duration.between(this.lastWarning, now).compareTo(WARN_EVERY) >= 0) {
				this.lastWarning = now;
				logger.warn("Kafka does not take spooled records yet ({} waiting in {}): {}", this.spool.pending(),
						this.spool.directory(), ex.getMessage());
			}
		}
	}

	/** Sends what the spool holds until it is empty or Kafka stops acknowledging. */
	void drain() throws IOException {
		long before = this.spool.pending();
		int sent = 0;
		while (!Thread.currentThread().isInterrupted()) {
			Batch batch = this.spool.next(BATCH);
			if (batch == null) {
				break;
			}
			if (batch.segmentDone()) {
				// Deletes the segment, unless records were appended to it meanwhile: then
				// they come next.
				this.spool.finishSegment(batch.seq());
				continue;
			}
			sent += send(batch.entries());
		}
		if (sent > 0) {
			logger.info("Sent {} spooled records to Kafka ({} were waiting, {} still are)", sent, before,
					this.spool.pending());
		}
	}

	/**
	 * Sends the first record alone and, once Kafka acknowledged it, the rest of the batch
	 * at once. While Kafka is still away only the probe is in flight, so no later record
	 * of the same order can overtake an earlier one (a record whose {@code send} fails
	 * before it is queued, e.g. waiting for metadata, would let the next one pass). Every
	 * future is awaited to its end (the producer completes it within
	 * {@code delivery.timeout.ms}): giving up earlier would send again what Kafka may
	 * still take, in another order.
	 */
	private int send(List<Entry> entries) throws IOException {
		int sent = sendAndAwait(entries.subList(0, 1));
		if (entries.size() > 1) {
			sent += sendAndAwait(entries.subList(1, entries.size()));
		}
		return sent;
	}

	private int sendAndAwait(List<Entry> entries) throws IOException {
		List<CompletableFuture<SendResult<String, Object>>> futures = new ArrayList<>(entries.size());
		for (Entry entry : entries) {
			futures.add((entry.record() != null) ? sendOne(entry.record()) : null);
		}
		int valid = 0;
		Entry last = null;
		try {
			for (int i = 0; i < entries.size(); i++) {
				CompletableFuture<SendResult<String, Object>> future = futures.get(i);
				if (future != null) {
					try {
						future.get(AWAIT_LIMIT.toMillis(), TimeUnit.MILLISECONDS);
					}
					catch (ExecutionException ex) {
						if (!AcknowledgedSender.isPermanent(ex)) {
							throw ex;
						}
						setAside(entries.get(i).record(), ex);
					}
					valid++;
				}
				last = entries.get(i);
			}
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			throw new IllegalStateException("interrupted while waiting for Kafka", ex);
		}
		catch (ExecutionException | TimeoutException ex) {
			throw new IllegalStateException(String.valueOf(ex.getMessage()), ex);
		}
		finally {
			if (last != null) {
				this.spool.commit(last, valid);
			}
		}
		return valid;
	}

	private CompletableFuture<SendResult<String, Object>> sendOne(SpoolRecord record) {
		try {
			return this.template.send(record.topic(), record.key(), record.event());
		}
		catch (RuntimeException ex) {
			return CompletableFuture.failedFuture(ex);
		}
	}

	private void setAside(SpoolRecord record, Exception ex) throws IOException {
		logger.error("Kafka refused spooled record topic={} key={} for good, set aside in {}: {}", record.topic(),
				record.key(), this.spool.directory().resolve("rejected.jsonl"), ex.getMessage());
		this.rejected.increment();
		Files.write(this.spool.directory().resolve("rejected.jsonl"),
				(JsonMappers.standard().writeValueAsString(record) + "\n").getBytes(StandardCharsets.UTF_8),
				StandardOpenOption.CREATE, StandardOpenOption.APPEND);
	}

}
