package io.stocksync.propagator.push;

import java.lang.reflect.Method;
import java.math.BigInteger;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.OptionalLong;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;

import io.micrometer.core.instrument.MeterRegistry;
import io.stocksync.common.event.StockChanged;
import io.stocksync.common.shop.ShopConfig;
import io.stocksync.propagator.deadletter.DeadLetter;
import io.stocksync.propagator.deadletter.DeadLetterRepository;
import io.stocksync.propagator.write.ShopWriter;
import io.stocksync.propagator.write.StockWriter;
import org.apache.kafka.clients.consumer.Consumer;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.header.Header;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.kafka.retrytopic.RetryTopicHeaders;
import org.springframework.kafka.support.KafkaHeaders;
import org.springframework.util.ReflectionUtils;

/**
 * The Kafka side of one shop: its main and retry listeners hand each StockChanged to the
 * shop's {@link ShopWriter} and return the write's future, so the consumer keeps polling
 * while writes are coalesced; a failed future sends the record to the shop's next retry
 * topic or its DLT. Its DLT handler indexes the entry for the admin API. One instance per
 * shop, registered by {@link ShopEndpoints}.
 */
final class ShopStockListener {

	private static final Logger logger = LoggerFactory.getLogger(ShopStockListener.class);

	static final Method LISTEN = ReflectionUtils.findMethod(ShopStockListener.class, "onStockChanged",
			ConsumerRecord.class, Consumer.class);

	private static final Duration END_OFFSET_TIMEOUT = Duration.ofSeconds(2);

	static final Method DEAD_LETTER = ReflectionUtils.findMethod(ShopStockListener.class, "onDeadLetter",
			ConsumerRecord.class);

	private final ShopConfig shop;

	private final StockWriter writer;

	private final DeadLetterRepository deadLetters;

	private final Clock clock;

	private final MeterRegistry meters;

	/*
	 * partition -> the writer's resume count when the broker was last asked where it ends
	 */
	private final Map<Integer, Long> checkedAfterResume = new ConcurrentHashMap<>();

	ShopStockListener(ShopConfig shop, StockWriter writer, DeadLetterRepository deadLetters, Clock clock,
			MeterRegistry meters) {
		this.shop = shop;
		this.writer = writer;
		this.deadLetters = deadLetters;
		this.clock = clock;
		this.meters = meters;
	}

	/**
	 * Main and retry topics. Never throws: the async contract of spring-kafka wants a
	 * failed future instead, which the retry topic error handler then routes.
	 */
	public CompletableFuture<Void> onStockChanged(ConsumerRecord<String, Object> record, Consumer<?, ?> consumer) {
		try {
			boolean main = record.topic().equals(mainTopicOf(record));
			boolean backlog = main && this.writer.position(record.partition(), remaining(record, consumer, main),
					Instant.ofEpochMilli(record.timestamp()));
			if (!(record.value() instanceof StockChanged change)) {
				logger.warn(
						"Ignoring a record without a StockChanged value: shop={} topic={} partition={} offset={} key={}",
						this.shop.id(), record.topic(), record.partition(), record.offset(), record.key());
				return CompletableFuture.completedFuture(null);
			}
			this.meters.counter("stocksync.propagator.events", "shop", this.shop.id(), "retry", Boolean.toString(!main))
				.increment();
			if (backlog) {
				// Newer records follow: gather this one and read on once it is saved (see
				// ShopWriter#absorb).
				return this.writer.absorb(change);
			}
			return this.writer.submit(change).whenComplete((ignored, failure) -> {
				if (failure != null) {
					logger.warn("Push failed: shop={} sku={} version={} eventId={} topic={} partition={} offset={}: {}",
							this.shop.id(), change.sku(), change.version(), change.eventId(), record.topic(),
							record.partition(), record.offset(), failure.getMessage());
				}
			});
		}
		catch (RuntimeException ex) {
			return CompletableFuture.failedFuture(ex);
		}
	}

	/**
	 * The shop's DLT: logged, counted and indexed for {@code GET /admin/dlt}; never
	 * throws.
	 */
	public void onDeadLetter(ConsumerRecord<String, Object> record) {
		String sku = (record.value() instanceof StockChanged change) ? change.sku() : record.key();
		Long version = (record.value() instanceof StockChanged change) ? change.version() : null;
		String eventId = (record.value() instanceof StockChanged change) ? change.eventId() : null;
		String reason = reason(record, this.writer.lastFailure(sku));
		int attempts = attempts(record);
		logger.error("DLT: shop={} sku={} version={} eventId={} topic={} partition={} offset={} attempts={} reason={}",
				this.shop.id(), sku, version, eventId, record.topic(), record.partition(), record.offset(), attempts,
				reason);
		this.meters.counter("stocksync.propagator.dead-letters", "shop", this.shop.id()).increment();
		if (sku == null) {
			return;
		}
		try {
			this.deadLetters.record(new DeadLetter(this.shop.id(), sku, version, reason, attempts, 1, record.topic(),
					record.partition(), record.offset(), this.clock.instant(), null));
		}
		catch (RuntimeException ex) {
			// The record stays in the DLT topic; only the index row is missing.
			logger.error("Cannot index DLT record of shop={} sku={} offset={}: {}", this.shop.id(), sku,
					record.offset(), ex.toString());
		}
	}

	/*
	 * Records of the partition after this one. Counted locally first (no broker call);
	 * when that says none, the broker is asked where the partition ends once per
	 * partition after a start or a resume, when the local count may be wrong (a paused
	 * partition's high watermark is stale). Otherwise the local count stands, also while
	 * the writer gathers a backlog: the consumer's lag comes with every fetch, and asking
	 * the broker at the end of every poll of a busy stream cost the propagator a tenth of
	 * its CPU (a blocking request per poll).
	 */
	private long remaining(ConsumerRecord<?, ?> record, Consumer<?, ?> consumer, boolean main) {
		long remaining = remaining(record, consumer);
		long resumes = main ? this.writer.resumes() : -1;
		if (remaining > 0 || consumer == null || resumes < 0) {
			return remaining;
		}
		Long checked = this.checkedAfterResume.put(record.partition(), resumes);
		if (checked == null || checked != resumes) {
			return untilEnd(record, consumer);
		}
		return 0;
	}

	/* Asks the broker (the partition's end offset); unknown counts as none. */
	static long untilEnd(ConsumerRecord<?, ?> record, Consumer<?, ?> consumer) {
		TopicPartition partition = new TopicPartition(record.topic(), record.partition());
		try {
			Long end = consumer.endOffsets(List.of(partition), END_OFFSET_TIMEOUT).get(partition);
			return (end != null) ? Math.max(0, end - record.offset() - 1) : 0;
		}
		catch (RuntimeException ex) {
			logger.debug("End of {} unknown: {}", partition, ex.toString());
			return 0;
		}
	}

	/*
	 * Records of the partition after this one: those fetched but not yet handed over,
	 * plus the lag behind the high watermark. Both are known locally (no broker call);
	 * unknown counts as none, so the writer never waits for it.
	 */
	static long remaining(ConsumerRecord<?, ?> record, Consumer<?, ?> consumer) {
		if (consumer == null) {
			return 0;
		}
		try {
			TopicPartition partition = new TopicPartition(record.topic(), record.partition());
			// The records of this poll still to come are known at once; the lag behind
			// the poll only after the first
			// fetch response (until then the poll's own records already tell a backlog
			// from a single change).
			OptionalLong lag = consumer.currentLag(partition);
			long position = consumer.position(partition, Duration.ZERO);
			return Math.max(0, position - record.offset() - 1) + lag.orElse(0);
		}
		catch (RuntimeException ex) {
			logger.debug("Position of {}-{} unknown: {}", record.topic(), record.partition(), ex.toString());
			return 0;
		}
	}

	private static String mainTopicOf(ConsumerRecord<String, Object> record) {
		Header original = record.headers().lastHeader(KafkaHeaders.ORIGINAL_TOPIC);
		return (original != null) ? new String(original.value(), StandardCharsets.UTF_8) : record.topic();
	}

	/*
	 * The writer's own account of the last failure is the most precise; the exception
	 * headers are the fallback.
	 */
	private static String reason(ConsumerRecord<String, Object> record, String lastFailure) {
		String reason = lastFailure;
		if (reason == null) {
			String message = header(record, KafkaHeaders.DLT_EXCEPTION_MESSAGE);
			String cause = header(record, KafkaHeaders.DLT_EXCEPTION_CAUSE_FQCN);
			reason = (message != null) ? message : "unknown";
			if (cause != null && !reason.contains(cause)) {
				reason = reason + " (cause " + cause + ")";
			}
		}
		return (reason.length() > 2000) ? reason.substring(0, 2000) : reason;
	}

	/*
	 * The retry header holds the number of the next attempt; on a DLT record that is one
	 * more than were made.
	 */
	private static int attempts(ConsumerRecord<String, Object> record) {
		Header header = record.headers().lastHeader(RetryTopicHeaders.DEFAULT_HEADER_ATTEMPTS);
		if (header == null || header.value() == null || header.value().length == 0) {
			return 1;
		}
		byte[] value = header.value();
		int next = (value.length == Integer.BYTES) ? ByteBuffer.wrap(value).getInt() : new BigInteger(value).intValue();
		return Math.max(1, next - 1);
	}

	private static String header(ConsumerRecord<String, Object> record, String name) {
		Header header = record.headers().lastHeader(name);
		return (header != null && header.value() != null) ? new String(header.value(), StandardCharsets.UTF_8) : null;
	}

}
