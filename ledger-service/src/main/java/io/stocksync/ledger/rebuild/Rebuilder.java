package io.stocksync.ledger.rebuild;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Consumer;

import io.stocksync.ledger.LedgerApplication;
import io.stocksync.ledger.adjustment.AdjustmentReplay;
import io.stocksync.ledger.orderline.OrderReplay;
import io.stocksync.ledger.outbox.Outbox;
import io.stocksync.ledger.system.LedgerProperties;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.boot.WebApplicationType;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.kafka.autoconfigure.KafkaProperties;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.core.env.Environment;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;

/**
 * Rebuilds the ledger from the log and compares it with the live one (DESIGN.md §3).
 * <ol>
 * <li>Creates a fresh PostgreSQL schema and starts a second, headless ledger on it (same
 * code, Liquibase migrates the schema; no listeners, no outbox relay).</li>
 * <li>Reads the order-events and adjustments topics from the beginning up to their
 * current end, partition order kept, and applies them through the same code the live
 * listeners use.</li>
 * <li>Compares the rebuilt {@code stock} table with the live one (on_hand and backorders
 * per SKU) and drops the schema.</li>
 * </ol>
 * Why the result does not depend on how the replay interleaves the partitions: an order's
 * effect depends only on that order's own snapshots (one key, one partition, in order),
 * adjustments are replayed as the deltas the live ledger recorded
 * ({@code stockAdjustmentApplied}), and on_hand is a sum. Versions and audit rows differ
 * (the replay batches differently); quantities must not. Expect differences only for
 * events in flight (the outbox and the consumers' lag are reported) or for records parked
 * in a DLT and not replayed.
 */
@Component
class Rebuilder {

	private static final Logger logger = LoggerFactory.getLogger(Rebuilder.class);

	private static final Duration POLL = Duration.ofMillis(500);

	private final JdbcClient jdbc;

	private final Outbox outbox;

	private final KafkaProperties kafka;

	private final LedgerProperties properties;

	private final Environment environment;

	private final Clock clock;

	private final AtomicBoolean running = new AtomicBoolean();

	Rebuilder(JdbcClient jdbc, Outbox outbox, KafkaProperties kafka, LedgerProperties properties,
			Environment environment, Clock clock) {
		this.jdbc = jdbc;
		this.outbox = outbox;
		this.kafka = kafka;
		this.properties = properties;
		this.environment = environment;
		this.clock = clock;
	}

	/**
	 * Runs a rebuild; throws {@link IllegalStateException} if one is already running in
	 * this process.
	 */
	RebuildReport rebuild(boolean keepSchema) {
		if (!this.running.compareAndSet(false, true)) {
			throw new IllegalStateException("a rebuild is already running");
		}
		try {
			return doRebuild(keepSchema);
		}
		finally {
			this.running.set(false);
		}
	}

	private RebuildReport doRebuild(boolean keepSchema) {
		Instant started = this.clock.instant();
		String schema = "rebuild_" + started.toEpochMilli() + "_" + UUID.randomUUID().toString().substring(0, 6);
		long outboxPending = this.outbox.pending();
		// The name is generated above, never taken from input.
		this.jdbc.sql("create schema " + schema).update();
		logger.info("Rebuild into schema {} from topics {} and {}", schema, this.properties.topics().orderEvents(),
				this.properties.topics().adjustments());
		try (ConfigurableApplicationContext replica = startReplica(schema)) {
			OrderReplay orders = replica.getBean(OrderReplay.class);
			AdjustmentReplay adjustments = replica.getBean(AdjustmentReplay.class);
			Counts counts = new Counts();
			read(this.properties.topics().adjustments(), (batch) -> batch.forEach((record) -> {
				switch (adjustments.replay(record)) {
					case APPLIED -> {
						counts.adjustments++;
						counts.appliedKeys.add(AdjustmentReplay.idempotencyKey(record));
					}
					case BACKORDERS -> counts.backorders++;
					case CONFIGURATION -> {
					}
					case REQUEST -> counts.requestKeys.add(AdjustmentReplay.idempotencyKey(record));
					case REJECTED -> counts.rejected++;
				}
			}));
			read(this.properties.topics().orderEvents(), (batch) -> {
				counts.orders += batch.size();
				counts.rejected += orders.replay(batch);
			});
			Map<String, StockRow> live = stock(this.jdbc);
			Map<String, StockRow> rebuilt = stock(replica.getBean(JdbcClient.class));
			List<Difference> differences = new ArrayList<>();
			Set<String> skus = new TreeSet<>(live.keySet());
			skus.addAll(rebuilt.keySet());
			for (String sku : skus) {
				StockRow was = live.getOrDefault(sku, StockRow.NONE);
				StockRow now = rebuilt.getOrDefault(sku, StockRow.NONE);
				if (!was.equals(now)) {
					differences
						.add(new Difference(sku, was.onHand(), now.onHand(), was.backorders(), now.backorders()));
				}
			}
			Set<String> notApplied = new TreeSet<>(counts.requestKeys);
			notApplied.removeAll(counts.appliedKeys);
			RebuildReport report = new RebuildReport(schema, keepSchema, counts.orders, counts.adjustments,
					counts.backorders, counts.rejected, List.copyOf(notApplied), outboxPending, live.size(),
					rebuilt.size(), differences, Duration.between(started, this.clock.instant()).toMillis());
			logger.info("Rebuild done: {} order events, {} adjustments, {} differences", report.orderEvents(),
					report.adjustments(), differences.size());
			return report;
		}
		finally {
			if (!keepSchema) {
				this.jdbc.sql("drop schema " + schema + " cascade").update();
			}
		}
	}

	/*
	 * A headless ledger on the fresh schema: same code, no listeners, no relay, no web
	 * server.
	 */
	private ConfigurableApplicationContext startReplica(String schema) {
		List<String> args = new ArrayList<>();
		args.add("--spring.datasource.url=" + this.environment.getRequiredProperty("spring.datasource.url"));
		args.add("--spring.datasource.username=" + this.environment.getProperty("spring.datasource.username", ""));
		args.add("--spring.datasource.password=" + this.environment.getProperty("spring.datasource.password", ""));
		args.add("--spring.datasource.hikari.schema=" + schema);
		args.add("--spring.datasource.hikari.maximum-pool-size=2");
		args.add("--spring.liquibase.enabled=true"); // replicas may run with Liquibase
														// off; the fresh schema needs it
		args.add("--spring.liquibase.default-schema=" + schema);
		args.add("--spring.kafka.bootstrap-servers=" + String.join(",", this.kafka.getBootstrapServers()));
		args.add("--spring.kafka.listener.auto-startup=false");
		args.add("--stocksync.outbox.relay-enabled=false");
		args.add("--stocksync.rebuild.cli=false");
		String sitesFile = this.environment.getProperty("stocksync.sites-file");
		if (sitesFile != null) { // else the replica reads the same default
			args.add("--stocksync.sites-file=" + sitesFile);
		}
		args.add("--spring.jmx.enabled=false");
		args.add("--spring.main.banner-mode=off");
		args.add("--spring.application.name=ledger-rebuild");
		return new SpringApplicationBuilder(LedgerApplication.class).web(WebApplicationType.NONE)
			.run(args.toArray(String[]::new));
	}

	/*
	 * Reads a topic from the beginning to the end it has now, in polled batches
	 * (partition order kept).
	 */
	private void read(String topic, Consumer<List<ConsumerRecord<String, Object>>> handler) {
		Map<String, Object> config = new HashMap<>(this.kafka.buildConsumerProperties());
		config.remove(ConsumerConfig.GROUP_ID_CONFIG);
		config.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
		config.put(ConsumerConfig.MAX_POLL_RECORDS_CONFIG, 1000);
		config.put(ConsumerConfig.CLIENT_ID_CONFIG, "ledger-rebuild-" + UUID.randomUUID().toString().substring(0, 6));
		try (KafkaConsumer<String, Object> consumer = new KafkaConsumer<>(config)) {
			List<TopicPartition> partitions = consumer.partitionsFor(topic, Duration.ofSeconds(30))
				.stream()
				.map((info) -> new TopicPartition(topic, info.partition()))
				.toList();
			consumer.assign(partitions);
			consumer.seekToBeginning(partitions);
			Map<TopicPartition, Long> end = consumer.endOffsets(partitions);
			while (partitions.stream().anyMatch((partition) -> consumer.position(partition) < end.get(partition))) {
				ConsumerRecords<String, Object> polled = consumer.poll(POLL);
				List<ConsumerRecord<String, Object>> batch = new ArrayList<>(polled.count());
				for (ConsumerRecord<String, Object> record : polled) {
					if (record.offset() < end.get(new TopicPartition(record.topic(), record.partition()))) {
						batch.add(record);
					}
				}
				if (!batch.isEmpty()) {
					handler.accept(batch);
				}
			}
		}
	}

	private static Map<String, StockRow> stock(JdbcClient jdbc) {
		Map<String, StockRow> rows = new HashMap<>();
		jdbc.sql("select sku, on_hand, backorders from stock").query((rs) -> {
			rows.put(rs.getString("sku"), new StockRow(rs.getLong("on_hand"), rs.getBoolean("backorders")));
		});
		return rows;
	}

	private static final class Counts {

		long orders;

		long adjustments;

		long backorders;

		long rejected;

		final Set<String> requestKeys = new HashSet<>();

		final Set<String> appliedKeys = new HashSet<>();

	}

	/*
	 * A SKU that exists on one side only compares as on_hand 0 without backorders (what a
	 * missing row means).
	 */
	private record StockRow(long onHand, boolean backorders) {

		static final StockRow NONE = new StockRow(0, false);

	}

	/**
	 * One SKU whose rebuilt row differs from the live one.
	 *
	 * @param sku the SKU
	 * @param liveOnHand on_hand in the live ledger
	 * @param rebuiltOnHand on_hand rebuilt from the log
	 * @param liveBackorders backorders flag in the live ledger
	 * @param rebuiltBackorders backorders flag rebuilt from the log
	 */
	record Difference(String sku, long liveOnHand, long rebuiltOnHand, boolean liveBackorders,
			boolean rebuiltBackorders) {
	}

	/**
	 * What a rebuild found.
	 *
	 * @param schema the schema it rebuilt into
	 * @param schemaKept whether that schema was kept for inspection
	 * @param orderEvents order-event records replayed
	 * @param adjustments recorded adjustment deltas replayed
	 * @param backorders backorders requests replayed
	 * @param rejected records the live ledger parks in a DLT (nonsense content), skipped
	 * again
	 * @param requestsNotApplied idempotency keys requested but without a recorded delta
	 * (still in flight, or parked)
	 * @param outboxPending outbox rows not yet relayed when the rebuild started (their
	 * deltas may be missing)
	 * @param liveSkus SKUs in the live ledger
	 * @param rebuiltSkus SKUs rebuilt
	 * @param differences SKUs whose on_hand or backorders differ (none expected)
	 * @param durationMillis how long it took
	 */
	record RebuildReport(String schema, boolean schemaKept, long orderEvents, long adjustments, long backorders,
			long rejected, List<String> requestsNotApplied, long outboxPending, int liveSkus, int rebuiltSkus,
			List<Difference> differences, long durationMillis) {

		boolean identical() {
			return this.differences.isEmpty();
		}

	}

}
