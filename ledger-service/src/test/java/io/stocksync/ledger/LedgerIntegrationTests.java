package io.stocksync.ledger;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.TreeMap;
import java.util.UUID;
import java.util.concurrent.ConcurrentLinkedQueue;

import io.stocksync.common.event.AdjustmentType;
import io.stocksync.common.event.OrderLine;
import io.stocksync.common.event.OrderSnapshot;
import io.stocksync.common.event.StockChanged;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.header.Header;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest.WebEnvironment;
import org.springframework.boot.test.context.TestConfiguration;
import org.springframework.context.annotation.Bean;
import org.springframework.kafka.annotation.KafkaListener;
import org.springframework.kafka.config.KafkaListenerEndpointRegistry;
import org.springframework.kafka.listener.ConcurrentMessageListenerContainer;
import org.springframework.kafka.support.KafkaHeaders;

import static io.stocksync.ledger.LedgerTestSupport.line;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The ledger on a real Kafka broker and a real PostgreSQL: exactly once, in order, never
 * stuck.
 */
@LedgerIntegrationTest(webEnvironment = WebEnvironment.MOCK)
class LedgerIntegrationTests {

	@Autowired
	LedgerTestSupport ledger;

	@Autowired
	StockChangedCollector stockChanged;

	@Autowired
	KafkaListenerEndpointRegistry listeners;

	@Test
	void shouldConsumeOrderEventsWithTheSettingsOfLedgerPropertiesOrders() {
		var orders = (ConcurrentMessageListenerContainer<?, ?>) this.listeners.getListenerContainer("ledger-orders");

		assertThat(orders.getConcurrency()).isEqualTo(2);
		assertThat(orders.getContainers()).hasSize(2)
			.allSatisfy((consumer) -> assertThat(consumer.getContainerProperties().getKafkaConsumerProperties())
				.containsOnly(Map.entry("max.poll.records", "1000"), Map.entry("fetch.min.bytes", "65536"),
						Map.entry("fetch.max.wait.ms", "10"), Map.entry("fetch.max.bytes", "1048576")));
	}

	@Test
	void shouldApplyAnOrderOnceHoweverOftenItIsDelivered() {
		this.ledger.adjust("SKU-A", AdjustmentType.SET, 10, "a-set-1");
		this.ledger.awaitOnHand("SKU-A", 10); // a stock take applies to the pool as it is
												// when it
		// arrives
		OrderSnapshot paid = order("shop1", 1, "processing", "2026-11-22T10:00:00Z", line(1, "SKU-A", 3, 3));

		for (int i = 0; i < 3; i++) {
			this.ledger.send(paid);
		}
		this.ledger.send(paid);

		this.ledger.awaitOnHand("SKU-A", 7);
		await().atMost(Duration.ofSeconds(30))
			.untilAsserted(() -> assertThat(this.stockChanged.versions("SKU-A")).containsExactly(1L, 2L));
		assertThat(movements("SKU-A")).isEqualTo(2);
	}

	@Test
	void shouldIgnoreAnOlderStateThatArrivesAfterANewerOne() {
		this.ledger.adjust("SKU-B", AdjustmentType.SET, 10, "b-set-1");
		this.ledger.awaitOnHand("SKU-B", 10);
		this.ledger.send(order("shop1", 2, "processing", "2026-11-22T10:00:00Z", line(1, "SKU-B", 4, 4)));
		this.ledger.send(order("shop1", 2, "cancelled", "2026-11-22T10:05:00Z", line(1, "SKU-B", 4, null)));
		this.ledger.send(order("shop1", 2, "processing", "2026-11-22T10:00:00Z", line(1, "SKU-B", 4, 4))); // late
		// duplicate
		this.ledger.send(order("shop1", 3, "processing", "2026-11-22T10:06:00Z", line(1, "SKU-B", 1, 1)));

		this.ledger.awaitOnHand("SKU-B", 9);
	}

	@Test
	void shouldApplyAnAdjustmentKeyOnceAndNeverClampTheLedger() {
		this.ledger.adjust("SKU-C", AdjustmentType.SET, 1, "c-set");
		this.ledger.adjust("SKU-C", AdjustmentType.ADD, 5, "c-add");
		this.ledger.adjust("SKU-C", AdjustmentType.ADD, 5, "c-add"); // same key:
																		// once
		this.ledger.adjust("SKU-C", AdjustmentType.REMOVE, 2, "c-remove");
		this.ledger.awaitOnHand("SKU-C", 4);

		this.ledger.send(order("shop1", 4, "processing", "2026-11-22T11:00:00Z", line(1, "SKU-C", 6, 6)));
		this.ledger.awaitOnHand("SKU-C", -2); // oversold: recorded, not clamped
		this.ledger.send(order("shop1", 4, "cancelled", "2026-11-22T11:01:00Z", line(1, "SKU-C", 6, null)));
		this.ledger.awaitOnHand("SKU-C", 4);
	}

	@Test
	void shouldEndExactAfterTenThousandDeliveriesWithDuplicatesInShuffledOrder() {
		Random random = new Random(20261122);
		Instant start = Instant.parse("2026-11-22T09:00:00Z");
		List<OrderSnapshot> unique = new ArrayList<>();
		Map<String, Long> expected = new TreeMap<>();
		// order ids from 100,000 up: the other tests of this class use small ones on
		// shop1
		for (int order = 100_000; unique.size() < 7_000; order++) {
			String shop = "shop" + (1 + order % 3);
			Instant created = start.plusSeconds(order - 100_000);
			int lineCount = 1 + random.nextInt(2);
			List<int[]> lines = new ArrayList<>(); // {line id, sku number, quantity}
			for (int line = 0; line < lineCount; line++) {
				lines.add(new int[] { line + 1, (order * 7 + line * 13) % 40, 1 + random.nextInt(3) });
			}
			unique.add(bulk(shop, order, "pending", created, lines, false, 0));
			unique.add(bulk(shop, order, "processing", created.plusMillis(1_000), lines, true, 0));
			int fate = random.nextInt(10);
			int refunded = 0;
			String last = "processing";
			if (fate < 3) {
				unique.add(bulk(shop, order, "cancelled", created.plusMillis(2_000), lines, false, 0));
				last = "cancelled";
			}
			else if (fate < 9) {
				unique.add(bulk(shop, order, "completed", created.plusMillis(2_000), lines, true, 0));
				if (fate == 8 && lines.get(0)[2] > 1) { // a refund with restock of one
														// unit of the first line
					refunded = 1;
					unique.add(bulk(shop, order, "completed", created.plusMillis(3_000), lines, true, 1));
				}
			}
			if (!last.equals("cancelled")) {
				for (int[] line : lines) {
					long taken = line[2] - ((line[0] == 1) ? refunded : 0);
					expected.merge(bulkSku(line[1]), -taken, Long::sum);
				}
			}
		}
		List<OrderSnapshot> deliveries = new ArrayList<>(unique);
		while (deliveries.size() < 10_000) { // 30 % duplicates
			deliveries.add(unique.get(random.nextInt(unique.size())));
		}
		Collections.shuffle(deliveries, random);

		deliveries.forEach((snapshot) -> this.ledger.send(snapshot));
		this.ledger.kafka().flush();

		await().atMost(Duration.ofSeconds(60)).untilAsserted(() -> {
			Map<String, Long> onHand = new TreeMap<>();
			this.ledger.jdbc()
				.sql("select sku, on_hand from stock where sku like 'BULK-%'")
				.query((rs, row) -> onHand.put(rs.getString("sku"), rs.getLong("on_hand")))
				.list();
			assertThat(onHand).isEqualTo(expected);
		});
		assertThat(deliveries).hasSize(10_000);
		assertThat(unique).hasSizeGreaterThanOrEqualTo(7_000);
	}

	private static OrderSnapshot bulk(String shop, long id, String status, Instant modified, List<int[]> lines,
			boolean reduced, int refundedOnFirstLine) {
		List<OrderLine> orderLines = new ArrayList<>();
		for (int[] line : lines) {
			Integer tally = reduced ? (line[2] - ((line[0] == 1) ? refundedOnFirstLine : 0)) : null;
			orderLines.add(new OrderLine(line[0], bulkSku(line[1]), 1, 0, line[2], tally, 0));
		}
		return new OrderSnapshot(1, UUID.randomUUID().toString(), shop, id, "order.updated", status, modified,
				orderLines, "webhook", modified);
	}

	private static String bulkSku(int number) {
		return String.format("BULK-%02d", number);
	}

	@Test
	void shouldParkANonsenseEventAndKeepThePartitionMoving() {
		this.ledger.adjust("SKU-D", AdjustmentType.SET, 10, "d-set");
		this.ledger.awaitOnHand("SKU-D", 10);
		OrderSnapshot nonsense = order("shop1", 5, "processing", "2026-11-22T12:00:00Z", line(1, "SKU-D", 3, -7));
		this.ledger.send(nonsense);
		this.ledger.kafka().send(this.ledger.orders(), "shop1:5", "this is not an order snapshot");
		this.ledger.send(order("shop1", 5, "processing", "2026-11-22T12:00:01Z", line(1, "SKU-D", 3, 3)));

		this.ledger.awaitOnHand("SKU-D", 7);
		await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> assertThat(this.stockChanged.dlt).hasSize(2));
		assertThat(this.stockChanged.dlt).extracting((record) -> reason(record))
			.anySatisfy((reason) -> assertThat(reason).contains("negative quantity"))
			.anySatisfy((reason) -> assertThat(reason).contains("not an order snapshot"));
	}

	private static String reason(ConsumerRecord<?, ?> record) {
		Header header = record.headers().lastHeader(KafkaHeaders.DLT_EXCEPTION_MESSAGE);
		return (header != null) ? new String(header.value(), StandardCharsets.UTF_8) : "";
	}

	private int movements(String sku) {
		return this.ledger.jdbc()
			.sql("select count(*) from stock_movement where sku = :sku")
			.param("sku", sku)
			.query(Integer.class)
			.single();
	}

	private static OrderSnapshot order(String shop, long id, String status, String modified, OrderLine... lines) {
		return LedgerTestSupport.order(shop, id, status, Instant.parse(modified), lines);
	}

	@TestConfiguration
	static class Collectors {

		@Bean
		StockChangedCollector stockChangedCollector() {
			return new StockChangedCollector();
		}

	}

	static class StockChangedCollector {

		final ConcurrentLinkedQueue<StockChanged> events = new ConcurrentLinkedQueue<>();

		final ConcurrentLinkedQueue<ConsumerRecord<?, ?>> dlt = new ConcurrentLinkedQueue<>();

		@KafkaListener(id = "test-stock-changed", topics = "${stocksync.topics.stock-changed}")
		void onStockChanged(StockChanged event) {
			this.events.add(event);
		}

		@KafkaListener(id = "test-dlt", topics = "${stocksync.topics.order-events}-dlt",
				properties = "value.deserializer=org.apache.kafka.common.serialization.ByteArrayDeserializer")
		void onDlt(ConsumerRecord<?, ?> record) {
			this.dlt.add(record);
		}

		List<Long> versions(String sku) {
			List<Long> versions = new ArrayList<>();
			this.events.stream().filter((e) -> e.sku().equals(sku)).forEach((e) -> versions.add(e.version()));
			return versions;
		}

	}

}
