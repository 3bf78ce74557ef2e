package io.stocksync.ingest.spool;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import io.micrometer.core.instrument.MeterRegistry;
import io.stocksync.common.event.OrderSnapshot;
import io.stocksync.ingest.AsyncMvc;
import io.stocksync.ingest.TestDirectories;
import io.stocksync.ingest.webhook.TestSignatures;
import io.stocksync.testsupport.StandaloneKafka;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.kafka.autoconfigure.KafkaProperties;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.webmvc.test.autoconfigure.AutoConfigureMockMvc;
import org.springframework.http.MediaType;
import org.springframework.test.context.ActiveProfiles;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import org.springframework.test.web.servlet.MockMvc;
import org.springframework.test.web.servlet.MvcResult;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.post;

/**
 * Kafka goes away for 30 seconds while WooCommerce keeps delivering: every verified
 * delivery is still answered 200 (from the fsync'd spool), readiness stays UP, the spool
 * metric shows the backlog, and once the broker is back every delivery is on the topic,
 * each order's snapshots in the order they arrived. The broker is a dedicated process
 * ({@link StandaloneKafka}), stopped and started again on the same port with its data.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
@AutoConfigureMockMvc
@ActiveProfiles("local")
class KafkaOutageIntegrationTests {

	private static final String SECRET = "wcpeer-webhook-secret-2026";

	private static final Path DATA_DIR = TestDirectories.create("outage-it");

	private static StandaloneKafka kafka;

	@DynamicPropertySource
	static void infrastructure(DynamicPropertyRegistry registry) {
		kafka = StandaloneKafka.start(TestDirectories.create("outage-kafka"));
		registry.add("spring.kafka.bootstrap-servers", kafka::bootstrapServers);
		registry.add("stocksync.sites-file", () -> "src/test/resources/sites-test.yml");
		registry.add("stocksync.data-dir", () -> DATA_DIR.toString());
		registry.add("stocksync.poll.enabled", () -> "false");
		registry.add("stocksync.webhook-health.enabled", () -> "false");
		// Shorter than production (10 s) so the test is quick; the mechanism is the same.
		registry.add("stocksync.kafka-ack-timeout", () -> "3s");
		registry.add("spring.kafka.producer.properties.delivery.timeout.ms", () -> "2500");
		registry.add("spring.kafka.producer.properties.request.timeout.ms", () -> "1000");
		registry.add("spring.kafka.producer.properties.max.block.ms", () -> "2000");
		registry.add("stocksync.spool.drain-interval", () -> "500ms");
	}

	@AfterAll
	static void stopKafka() {
		if (kafka != null) {
			kafka.close();
		}
	}

	@Autowired
	MockMvc mvc;

	@Autowired
	MeterRegistry meters;

	@Autowired
	KafkaProperties kafkaProperties;

	@Autowired
	DurablePublisher publisher;

	@Test
	void shouldAcknowledgeEveryVerifiedDeliveryWhileKafkaIsDownAndPublishThemAllInOrderWhenItIsBack() throws Exception {
		Map<Long, List<String>> sent = new LinkedHashMap<>();
		for (long order = 1; order <= 3; order++) {
			assertThat(deliver(order, "processing", sent)).doesNotContain("spooled");
		}

		kafka.stop();
		Instant stoppedAt = Instant.now();
		List<String> answers = new ArrayList<>();
		long[] next = { 100 };
		await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(250)).until(() -> {
			long order = next[0]++;
			// Each order twice, as WooCommerce would: created pending, then paid.
			answers.add(deliver(order, "pending", sent));
			answers.add(deliver(order, "processing", sent));
			return Duration.between(stoppedAt, Instant.now()).compareTo(Duration.ofSeconds(30)) >= 0;
		});
		assertThat(answers).hasSizeGreaterThan(20)
			.allSatisfy((answer) -> assertThat(answer).contains("\"spooled\":true"));
		assertThat(this.meters.get("stocksync.ingest.spool.pending").gauge().value()).isEqualTo(answers.size());
		AsyncMvc.perform(this.mvc, get("/readyz"))
			.andExpect((result) -> assertThat(result.getResponse().getStatus()).isEqualTo(200));
		AsyncMvc.perform(this.mvc, get("/livez"))
			.andExpect((result) -> assertThat(result.getResponse().getStatus()).isEqualTo(200));

		kafka.start();
		await().atMost(Duration.ofSeconds(60)).until(() -> this.publisher.spooled() == 0);
		assertThat(deliver(999, "processing", sent)).doesNotContain("spooled"); // back to
																				// Kafka
																				// directly

		Map<Long, List<String>> published = readOrderEvents(sent.values().stream().mapToInt(List::size).sum());
		assertThat(published).isEqualTo(sent);
	}

	/** Posts a signed order delivery and returns the answer, which must be a 200. */
	private String deliver(long orderId, String status, Map<Long, List<String>> sent) throws Exception {
		byte[] body = ("{\"id\":" + orderId + ",\"status\":\"" + status
				+ "\",\"date_modified_gmt\":\"2026-11-22T13:28:49\",\"line_items\":[{\"id\":" + orderId
				+ "1,\"sku\":\"WCP-MUG\",\"product_id\":11,\"variation_id\":0,\"quantity\":1,\"meta_data\":[]}]}")
			.getBytes(StandardCharsets.UTF_8);
		MvcResult result = AsyncMvc
			.perform(this.mvc,
					post("/webhooks/woocommerce/shop1").contentType(MediaType.APPLICATION_JSON)
						.header("X-WC-Webhook-Topic", "order.updated")
						.header("X-WC-Webhook-Signature", TestSignatures.signature(body, SECRET))
						.content(body))
			.andReturn();
		String answer = result.getResponse().getContentAsString();
		assertThat(result.getResponse().getStatus()).as(answer).isEqualTo(200);
		sent.computeIfAbsent(orderId, (id) -> new ArrayList<>()).add(status);
		return answer;
	}

	/** Statuses per order, in topic order, read like the ledger reads them. */
	private Map<Long, List<String>> readOrderEvents(int expected) {
		Map<String, Object> config = new HashMap<>(this.kafkaProperties.buildConsumerProperties());
		config.put(ConsumerConfig.GROUP_ID_CONFIG, "outage-" + UUID.randomUUID());
		Map<Long, List<String>> published = new LinkedHashMap<>();
		int[] count = { 0 };
		try (KafkaConsumer<String, Object> consumer = new KafkaConsumer<>(config)) {
			String topic = "stocksync.order-events";
			List<TopicPartition> partitions = consumer.partitionsFor(topic)
				.stream()
				.map((info) -> new TopicPartition(topic, info.partition()))
				.toList();
			consumer.assign(partitions);
			consumer.seekToBeginning(partitions);
			await().atMost(Duration.ofSeconds(30)).until(() -> {
				consumer.poll(Duration.ofMillis(200)).forEach((record) -> {
					OrderSnapshot snapshot = (OrderSnapshot) record.value();
					published.computeIfAbsent(snapshot.orderId(), (id) -> new ArrayList<>()).add(snapshot.status());
					count[0]++;
				});
				return count[0] >= expected;
			});
		}
		// Same orders; per order (one key, one partition) the same statuses in the same
		// order.
		Map<Long, List<String>> ordered = new LinkedHashMap<>();
		published.keySet().stream().sorted().forEach((id) -> ordered.put(id, published.get(id)));
		return ordered;
	}

}
