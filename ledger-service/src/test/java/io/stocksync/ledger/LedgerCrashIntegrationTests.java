package io.stocksync.ledger;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import io.stocksync.common.event.AdjustmentType;
import io.stocksync.common.event.OrderLine;
import io.stocksync.common.event.OrderSnapshot;
import io.stocksync.common.event.StockAdjustmentRequested;
import io.stocksync.common.event.StockChanged;
import io.stocksync.testsupport.TestInfrastructure;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.Test;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.jdbc.datasource.DriverManagerDataSource;
import org.springframework.kafka.core.DefaultKafkaProducerFactory;
import org.springframework.kafka.core.KafkaTemplate;
import org.springframework.kafka.support.serializer.JacksonJsonDeserializer;
import org.springframework.kafka.support.serializer.JacksonJsonSerializer;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The ledger process is killed with SIGKILL while it works through a backlog of order
 * events, then started again. Afterwards every order was applied exactly once (one audit
 * row per snapshot that moved stock, on_hand exact for every SKU), nothing was skipped,
 * and the stock-changed topic holds every version of every SKU in increasing order
 * (repeats from the relay are harmless). Finally {@code java -jar ledger.jar --rebuild}
 * finds no difference.
 */
class LedgerCrashIntegrationTests {

	private static final Logger logger = LoggerFactory.getLogger(LedgerCrashIntegrationTests.class);

	private static final String PREFIX = TestInfrastructure.uniqueTopicPrefix();

	private static final String ORDERS = PREFIX + "order-events";

	private static final String ADJUSTMENTS = PREFIX + "stock-adjustments";

	private static final String STOCK_CHANGED = PREFIX + "stock-changed";

	private static final int SKUS = 40;

	private static final int ORDERS_COUNT = 3000;

	private static final long INITIAL = 1000;

	private static final String TYPE_MAPPING = "orderSnapshot:io.stocksync.common.event.OrderSnapshot,"
			+ "stockChanged:io.stocksync.common.event.StockChanged,"
			+ "stockAdjustmentRequested:io.stocksync.common.event.StockAdjustmentRequested,"
			+ "stockAdjustmentApplied:io.stocksync.common.event.StockAdjustmentApplied";

	@Test
	void shouldApplyEveryEventExactlyOnceAcrossAKill9() throws Exception {
		TestInfrastructure infrastructure = TestInfrastructure.get();
		String database = infrastructure.newDatabase();
		try (Admin admin = Admin
			.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, infrastructure.kafkaBootstrapServers()))) {
			admin.createTopics(List.of(new NewTopic(ORDERS, 6, (short) 1), new NewTopic(ADJUSTMENTS, 3, (short) 1),
					new NewTopic(STOCK_CHANGED, 6, (short) 1)))
				.all()
				.get();
		}
		// given: a backlog of order events (every order paid twice, every tenth
		// cancelled) and goods received
		Map<String, Long> expected = new TreeMap<>();
		Map<String, Integer> snapshotsThatMove = new HashMap<>();
		DefaultKafkaProducerFactory<String, Object> producers = producers(infrastructure);
		try {
			KafkaTemplate<String, Object> kafka = new KafkaTemplate<>(producers);
			List<CompletableFuture<?>> sends = new ArrayList<>();
			for (int sku = 0; sku < SKUS; sku++) {
				String name = "CRASH-" + sku;
				sends.add(kafka.send(ADJUSTMENTS, name, new StockAdjustmentRequested(1, UUID.randomUUID().toString(),
						name, AdjustmentType.ADD, INITIAL, "test", "crash-initial-" + sku, Instant.now())));
				expected.put(name, INITIAL);
			}
			for (int i = 0; i < ORDERS_COUNT; i++) {
				String sku = "CRASH-" + (i % SKUS);
				int quantity = 1 + (i % 4);
				OrderSnapshot paid = order("shop" + (1 + i % 3), i, "processing", 0, sku, quantity, quantity);
				sends.add(kafka.send(ORDERS, paid.key(), paid));
				sends.add(kafka.send(ORDERS, paid.key(), paid));
				if (i % 10 == 0) {
					sends.add(kafka.send(ORDERS, paid.key(),
							order("shop" + (1 + i % 3), i, "cancelled", 1, sku, quantity, null)));
					snapshotsThatMove.put(paid.key(), 2);
				}
				else {
					expected.merge(sku, (long) -quantity, Long::sum);
					snapshotsThatMove.put(paid.key(), 1);
				}
			}
			kafka.flush();
			// every record of the backlog is in Kafka, or the test says so (instead of
			// expecting what was never sent)
			CompletableFuture.allOf(sends.toArray(CompletableFuture[]::new)).get(5, TimeUnit.MINUTES);
		}
		finally {
			producers.destroy();
		}
		JdbcClient jdbc = JdbcClient
			.create(new DriverManagerDataSource(database, infrastructure.user(), infrastructure.password()));
		List<String> args = List.of("--spring.datasource.url=" + database,
				"--spring.datasource.username=" + infrastructure.user(),
				"--spring.datasource.password=" + infrastructure.password(),
				"--spring.kafka.bootstrap-servers=" + infrastructure.kafkaBootstrapServers(),
				"--stocksync.topics.order-events=" + ORDERS, "--stocksync.topics.adjustments=" + ADJUSTMENTS,
				"--stocksync.topics.stock-changed=" + STOCK_CHANGED,
				"--stocksync.groups.orders=" + PREFIX + "ledger-orders",
				"--stocksync.groups.adjustments=" + PREFIX + "ledger-adjustments",
				"--stocksync.sites-file=src/test/resources/sites-test.yml", "--server.port=0",
				"--logging.level.io.stocksync.ledger.orderline=WARN",
				// the restarted member rejoins once the killed one's session expired:
				// keep that short here
				"--spring.kafka.consumer.properties.session.timeout.ms=6000",
				"--spring.kafka.consumer.properties.heartbeat.interval.ms=1000");

		// when: killed with SIGKILL in the middle of the backlog, then started again
		LedgerProcess first = LedgerProcess.start("ledger-crash-1", args);
		long atKill;
		try {
			// start-up alone takes up to a minute on a busy 2-core machine
			await().atMost(Duration.ofSeconds(180)).pollInterval(Duration.ofMillis(20)).until(() -> {
				assertThat(first.isAlive()).as("ledger died early: %s", first.output()).isTrue();
				return orderMovements(jdbc) > ORDERS_COUNT / 5;
			});
			first.kill();
			atKill = orderMovements(jdbc);
		}
		finally {
			first.close();
		}
		logger.info("Killed the ledger with {} of {} order movements applied", atKill,
				ORDERS_COUNT + ORDERS_COUNT / 10);
		assertThat(atKill).as("killed before the end").isLessThan(ORDERS_COUNT + ORDERS_COUNT / 10);
		try (LedgerProcess second = LedgerProcess.start("ledger-crash-2", args);
				ConsumerLag lag = new ConsumerLag(infrastructure.kafkaBootstrapServers())) {
			await().atMost(Duration.ofSeconds(180)).untilAsserted(() -> {
				assertThat(second.isAlive()).as("ledger died: %s", second.output()).isTrue();
				assertThat(lag.lag(PREFIX + "ledger-orders", ORDERS)).isZero();
				assertThat(lag.lag(PREFIX + "ledger-adjustments", ADJUSTMENTS)).isZero();
				assertThat(jdbc.sql("select count(*) from outbox_event").query(Long.class).single()).isZero();
			});

			// then: exactly once, nothing skipped
			Map<String, Long> onHand = new TreeMap<>();
			Map<String, Long> versions = new HashMap<>();
			jdbc.sql("select sku, on_hand, version from stock").query((rs) -> {
				onHand.put(rs.getString("sku"), rs.getLong("on_hand"));
				versions.put(rs.getString("sku"), rs.getLong("version"));
			});
			assertThat(onHand).isEqualTo(expected);
			Map<String, Integer> applied = new HashMap<>();
			jdbc.sql(
					"select cause_ref, count(*) as n from stock_movement where cause_type = 'order' group by cause_ref")
				.query((rs) -> {
					applied.put(rs.getString("cause_ref"), rs.getInt("n"));
				});
			assertThat(applied).isEqualTo(snapshotsThatMove);

			// and StockChanged for every SKU, every version, in increasing order
			Map<String, List<StockChanged>> events = stockChanged(infrastructure);
			assertThat(events.keySet()).isEqualTo(onHand.keySet());
			for (Map.Entry<String, List<StockChanged>> entry : events.entrySet()) {
				long newest = 0;
				Set<Long> seen = new java.util.HashSet<>();
				for (StockChanged event : entry.getValue()) {
					if (seen.add(event.version())) {
						assertThat(event.version()).as(entry.getKey() + " versions").isEqualTo(newest + 1);
						newest = event.version();
					}
				}
				assertThat(newest).as(entry.getKey()).isEqualTo(versions.get(entry.getKey()));
				StockChanged last = entry.getValue()
					.stream()
					.filter((event) -> event.version() == versions.get(entry.getKey()))
					.findFirst()
					.orElseThrow();
				assertThat(last.onHand()).as(entry.getKey()).isEqualTo(onHand.get(entry.getKey()));
			}
		}

		// and the rebuild command agrees with the live table
		LedgerProcess rebuild = LedgerProcess.start("ledger-crash-rebuild", concat(args, "--rebuild"));
		try {
			int exit = rebuild.awaitExit(90);
			assertThat(exit).as(rebuild.output()).isZero();
			assertThat(rebuild.output()).contains("\"differences\" : [ ]");
		}
		finally {
			rebuild.close();
		}
	}

	private static long orderMovements(JdbcClient jdbc) {
		try {
			return jdbc.sql("select count(*) from stock_movement where cause_type = 'order'")
				.query(Long.class)
				.single();
		}
		catch (RuntimeException ex) {
			return 0; // Liquibase has not created the table yet
		}
	}

	private static Map<String, List<StockChanged>> stockChanged(TestInfrastructure infrastructure) {
		Map<String, Object> config = new HashMap<>();
		config.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, infrastructure.kafkaBootstrapServers());
		config.put(ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class);
		config.put(ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, JacksonJsonDeserializer.class);
		config.put("spring.json.trusted.packages", "io.stocksync.common.event");
		config.put("spring.json.type.mapping", TYPE_MAPPING);
		Map<String, List<StockChanged>> events = new TreeMap<>();
		try (KafkaConsumer<String, Object> consumer = new KafkaConsumer<>(config)) {
			List<TopicPartition> partitions = consumer.partitionsFor(STOCK_CHANGED)
				.stream()
				.map((info) -> new TopicPartition(STOCK_CHANGED, info.partition()))
				.toList();
			consumer.assign(partitions);
			consumer.seekToBeginning(partitions);
			Map<TopicPartition, Long> end = consumer.endOffsets(partitions);
			while (partitions.stream().anyMatch((partition) -> consumer.position(partition) < end.get(partition))) {
				for (ConsumerRecord<String, Object> record : consumer.poll(Duration.ofMillis(500))) {
					StockChanged event = (StockChanged) record.value();
					events.computeIfAbsent(event.sku(), (sku) -> new ArrayList<>()).add(event);
				}
			}
		}
		return events;
	}

	private static DefaultKafkaProducerFactory<String, Object> producers(TestInfrastructure infrastructure) {
		Map<String, Object> config = new HashMap<>();
		config.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, infrastructure.kafkaBootstrapServers());
		config.put(ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, StringSerializer.class);
		config.put(ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, JacksonJsonSerializer.class);
		config.put(ProducerConfig.ACKS_CONFIG, "all");
		config.put(ProducerConfig.LINGER_MS_CONFIG, 20);
		// Against the shared in-process broker the idempotent producer was seen stuck in
		// OutOfOrderSequence retries
		// until its batches expired. One request in flight keeps each order's events in
		// order without it; a resend
		// may duplicate a record, which the ledger absorbs like any duplicate delivery.
		config.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, false);
		config.put(ProducerConfig.MAX_IN_FLIGHT_REQUESTS_PER_CONNECTION, 1);
		config.put(ProducerConfig.REQUEST_TIMEOUT_MS_CONFIG, 60_000);
		config.put(ProducerConfig.DELIVERY_TIMEOUT_MS_CONFIG, 300_000);
		config.put("spring.json.type.mapping", TYPE_MAPPING);
		return new DefaultKafkaProducerFactory<>(config);
	}

	private static List<String> concat(List<String> args, String extra) {
		List<String> all = new ArrayList<>(args);
		all.add(extra);
		return all;
	}

	private static OrderSnapshot order(String shop, long id, String status, int minute, String sku, int quantity,
			Integer reduced) {
		return new OrderSnapshot(1, UUID.randomUUID().toString(), shop, id, "order.updated", status,
				Instant.parse("2026-11-22T10:00:00Z").plusSeconds(60L * minute),
				List.of(new OrderLine(1, sku, 1, 0, quantity, reduced, 0)), "webhook", Instant.now());
	}

}
