package io.stocksync.ingest.spool;

import java.io.IOException;
import java.time.Clock;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import io.stocksync.ingest.system.AcknowledgedSender;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.beans.factory.DisposableBean;
import org.springframework.stereotype.Component;

/**
 * Stores a record so that a webhook may be acknowledged: on Kafka (acknowledged,
 * acks=all) when the spool is empty and Kafka answers within
 * {@code stocksync.kafka-ack-timeout}, otherwise in the local spool (fsync'd), from which
 * {@link SpoolDrainer} sends it later. While the spool holds anything, new records go
 * behind it, so that they reach Kafka in the order they arrived. Only when the spool
 * cannot write either is the record not stored ({@link DeliveryNotStoredException},
 * answered 503).
 * <p>
 * {@link #publishAsync} holds no thread while Kafka works: the future completes on the
 * producer's thread once Kafka acknowledged, and spool writes (only while Kafka is away)
 * run on one thread of their own, {@code ingest-spool-writer}, so that spooled records
 * keep the order in which they were handed over.
 */
@Component
public class DurablePublisher implements DisposableBean {

	private static final Logger logger = LoggerFactory.getLogger(DurablePublisher.class);

	private final AcknowledgedSender sender;

	private final DeliverySpool spool;

	private final Clock clock;

	private final ExecutorService spoolWriter = Executors.newSingleThreadExecutor((runnable) -> {
		Thread thread = new Thread(runnable, "ingest-spool-writer");
		thread.setDaemon(true);
		return thread;
	});

	/**
	 * Records handed to the spool writer and not written yet: while there are any, new
	 * records queue behind them rather than pass them on the way to Kafka.
	 */
	private final AtomicInteger spooling = new AtomicInteger();

	DurablePublisher(AcknowledgedSender sender, DeliverySpool spool, Clock clock) {
		this.sender = sender;
		this.spool = spool;
		this.clock = clock;
	}

	/** Where a record was stored. */
	public enum Stored {

		/** Kafka acknowledged it. */
		KAFKA,
		/** The local spool holds it; Kafka gets it when it is reachable again. */
		SPOOL

	}

	/**
	 * Stores the record and waits for it: for callers that may block (the order poll, the
	 * refund-lookup consumer).
	 * @throws DeliveryNotStoredException when neither Kafka nor the spool took it
	 */
	public Stored publish(String topic, String key, Object value) {
		try {
			return publishAsync(topic, key, value).join();
		}
		catch (CompletionException ex) {
			if (ex.getCause() instanceof DeliveryNotStoredException notStored) {
				throw notStored;
			}
			throw new DeliveryNotStoredException("the record was not stored: " + ex.getCause(), ex.getCause());
		}
	}

	/**
	 * Stores the record without holding the calling thread; the future completes with
	 * where it went, or fails with a {@link DeliveryNotStoredException}.
	 */
	public CompletableFuture<Stored> publishAsync(String topic, String key, Object value) {
		if (!this.spool.isEmpty() || this.spooling.get() > 0) {
			return spoolAsync(topic, key, value);
		}
		return this.sender.send(topic, key, value).handle((ok, failure) -> {
			if (failure == null) {
				return CompletableFuture.completedFuture(Stored.KAFKA);
			}
			if (AcknowledgedSender.isPermanent(failure)) {
				return CompletableFuture.<Stored>failedFuture(
						new DeliveryNotStoredException("Kafka refused the record: " + failure.getMessage(), failure));
			}
			logger.warn("Kafka did not acknowledge topic={} key={}, spooling it: {}", topic, key, failure.getMessage());
			return spoolAsync(topic, key, value);
		}).thenCompose((stored) -> stored);
	}

	private CompletableFuture<Stored> spoolAsync(String topic, String key, Object value) {
		this.spooling.incrementAndGet();
		try {
			return CompletableFuture.supplyAsync(() -> {
				try {
					return spool(topic, key, value);
				}
				finally {
					this.spooling.decrementAndGet();
				}
			}, this.spoolWriter);
		}
		catch (RuntimeException ex) {
			this.spooling.decrementAndGet();
			// the writer is shut down: the application is stopping
			return CompletableFuture.failedFuture(new DeliveryNotStoredException("the spool is closed", ex));
		}
	}

	private Stored spool(String topic, String key, Object value) {
		try {
			this.spool.append(SpoolRecord.of(topic, key, value, this.clock.instant()));
		}
		catch (IOException | RuntimeException ex) {
			logger.error("Neither Kafka nor the spool took topic={} key={}: {}", topic, key, ex.toString());
			throw new DeliveryNotStoredException("the spool could not store the record: " + ex, ex);
		}
		return Stored.SPOOL;
	}

	/** Records spooled and not yet on Kafka. */
	public long spooled() {
		return this.spool.pending();
	}

	@Override
	public void destroy() throws InterruptedException {
		this.spoolWriter.shutdown();
		this.spoolWriter.awaitTermination(10, TimeUnit.SECONDS);
	}

}
