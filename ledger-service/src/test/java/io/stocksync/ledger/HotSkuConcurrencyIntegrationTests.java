package io.stocksync.ledger;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

import io.stocksync.common.event.AdjustmentType;
import io.stocksync.common.event.OrderLine;
import io.stocksync.common.event.OrderSnapshot;
import io.stocksync.common.event.StockAdjustmentRequested;
import io.stocksync.testsupport.TestInfrastructure;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.boot.WebApplicationType;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.kafka.config.KafkaListenerEndpointRegistry;
import org.springframework.kafka.core.KafkaTemplate;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Two ledgers in one consumer group (two application contexts on one PostgreSQL), twenty
 * producer threads, one hot SKU: every order is delivered twice and every tenth is
 * cancelled later. on_hand ends exact, with no deadlock, no lost update and nothing in
 * the DLT.
 */
class HotSkuConcurrencyIntegrationTests {

	private static final Logger logger = LoggerFactory.getLogger(HotSkuConcurrencyIntegrationTests.class);

	private static final String PREFIX = TestInfrastructure.uniqueTopicPrefix();

	private static final String ORDERS = PREFIX + "order-events";

	private static final String SKU = "HOT-SKU";

	private static final int THREADS = 20;

	private static final int ORDERS_PER_THREAD = 60;

	private static final long INITIAL = 100_000;

	private static final List<ConfigurableApplicationContext> ledgers = new ArrayList<>();

	private static ConsumerLag lag;

	@BeforeAll
	static void startTwoLedgers() {
		TestInfrastructure infrastructure = TestInfrastructure.get();
		String database = infrastructure.newDatabase();
		lag = new ConsumerLag(infrastructure.kafkaBootstrapServers());
		for (int i = 1; i <= 2; i++) {
			ledgers.add(new SpringApplicationBuilder(LedgerApplication.class).web(WebApplicationType.NONE)
				.profiles("local")
				.run("--spring.datasource.url=" + database, "--spring.datasource.username=" + infrastructure.user(),
						"--spring.datasource.password=" + infrastructure.password(),
						"--spring.kafka.bootstrap-servers=" + infrastructure.kafkaBootstrapServers(),
						"--stocksync.topics.order-events=" + ORDERS,
						"--stocksync.topics.adjustments=" + PREFIX + "stock-adjustments",
						"--stocksync.topics.stock-changed=" + PREFIX + "stock-changed",
						"--stocksync.groups.orders=" + PREFIX + "ledger-orders",
						"--stocksync.groups.adjustments=" + PREFIX + "ledger-adjustments",
						"--stocksync.sites-file=src/test/resources/sites-test.yml", "--spring.jmx.enabled=false",
						"--spring.application.name=ledger-" + i));
		}
	}

	@AfterAll
	static void stopLedgers() {
		ledgers.forEach(ConfigurableApplicationContext::close);
		lag.close();
	}

	@Test
	void shouldKeepAHotSkuExactWithTwoLedgersAndTwentyProducers() throws Exception {
		KafkaTemplate<String, Object> kafka = template();
		JdbcClient jdbc = ledgers.get(0).getBean(JdbcClient.class);
		kafka.send(PREFIX + "stock-adjustments", SKU, new StockAdjustmentRequested(1, UUID.randomUUID().toString(), SKU,
				AdjustmentType.SET, INITIAL, "test", "hot-initial", Instant.now()));
		await().atMost(Duration.ofSeconds(30)).until(() -> onHand(jdbc) == INITIAL);
		await().atMost(Duration.ofSeconds(30))
			.untilAsserted(
					() -> ledgers.forEach((ledger) -> assertThat(ledger.getBean(KafkaListenerEndpointRegistry.class)
						.getListenerContainer("ledger-orders")
						.getAssignedPartitions()).as("each ledger consumes some partitions").isNotEmpty()));

		AtomicLong taken = new AtomicLong();
		ExecutorService producers = Executors.newFixedThreadPool(THREADS);
		long started = System.nanoTime();
		List<Future<?>> sends = new ArrayList<>();
		for (int thread = 0; thread < THREADS; thread++) {
			int producer = thread;
			sends.add(producers.submit(() -> {
				for (int i = 0; i < ORDERS_PER_THREAD; i++) {
					long orderId = producer * 10_000L + i;
					String shop = "shop" + (1 + (i % 3));
					int quantity = 1 + (i % 3);
					OrderSnapshot paid = order(shop, orderId, "processing", 0, quantity, quantity);
					kafka.send(ORDERS, paid.key(), paid);
					kafka.send(ORDERS, paid.key(), paid); // delivered twice
					if (i % 10 == 0) {
						kafka.send(ORDERS, paid.key(), order(shop, orderId, "cancelled", 1, quantity, null));
					}
					else {
						taken.addAndGet(quantity);
					}
				}
			}));
		}
		for (Future<?> send : sends) {
			send.get(60, TimeUnit.SECONDS);
		}
		producers.shutdown();
		kafka.flush();

		await().atMost(Duration.ofSeconds(60)).until(() -> onHand(jdbc) == INITIAL - taken.get());
		double seconds = (System.nanoTime() - started) / 1e9;
		await().atMost(Duration.ofSeconds(30)).until(() -> lag.lag(PREFIX + "ledger-orders", ORDERS) == 0);

		int orders = THREADS * ORDERS_PER_THREAD;
		long events = 2L * orders + orders / 10;
		String figures = String.format(
				"hot SKU: %d orders (%d events) by %d producer threads through 2 ledgers "
						+ "in %.2f s = %.0f orders/s (%.0f events/s)",
				orders, events, THREADS, seconds, orders / seconds, events / seconds);
		logger.info(figures);
		System.out.println("[stock-sync tests] " + figures); // visible in the build
																// output
		assertThat(onHand(jdbc)).isEqualTo(INITIAL - taken.get());
		// no lost update: the audit trail adds up, and every commit moved the version by
		// exactly one
		assertThat(jdbc.sql("select sum(delta) from stock_movement where sku = :sku")
			.param("sku", SKU)
			.query(Long.class)
			.single()).isEqualTo(INITIAL - taken.get());
		assertThat(jdbc.sql("select count(distinct version) = max(version) from stock_movement where sku = :sku")
			.param("sku", SKU)
			.query(Boolean.class)
			.single()).isTrue();
		assertThat(jdbc.sql("select sum(committed) from order_line where sku = :sku")
			.param("sku", SKU)
			.query(Long.class)
			.single()).isEqualTo(taken.get());
		assertThat(lag.records(ORDERS + "-dlt")).as("records parked in the DLT").isZero();
	}

	private static long onHand(JdbcClient jdbc) {
		return jdbc.sql("select on_hand from stock where sku = :sku")
			.param("sku", SKU)
			.query(Long.class)
			.optional()
			.orElse(Long.MIN_VALUE);
	}

	@SuppressWarnings("unchecked")
	private static KafkaTemplate<String, Object> template() {
		return ledgers.get(0).getBean(KafkaTemplate.class);
	}

	private static OrderSnapshot order(String shop, long id, String status, int minute, int quantity, Integer reduced) {
		return new OrderSnapshot(1, UUID.randomUUID().toString(), shop, id, "order.updated", status,
				Instant.parse("2026-11-22T10:00:00Z").plusSeconds(60L * minute),
				List.of(new OrderLine(1, SKU, 1, 0, quantity, reduced, 0)), "webhook", Instant.now());
	}

}
