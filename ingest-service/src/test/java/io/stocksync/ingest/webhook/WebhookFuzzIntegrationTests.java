package io.stocksync.ingest.webhook;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.TreeMap;
import java.util.UUID;
import java.util.stream.Collectors;

import io.stocksync.common.event.OrderLine;
import io.stocksync.common.event.OrderSnapshot;
import io.stocksync.common.event.OrderTopics;
import io.stocksync.common.event.QuarantinedDelivery;
import io.stocksync.ingest.AsyncMvc;
import io.stocksync.ingest.IngestTestProperties;
import io.stocksync.ingest.TestDirectories;
import io.stocksync.ingest.spool.DurablePublisher;
import io.stocksync.testsupport.TestInfrastructure;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.junit.jupiter.api.Test;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

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
import org.springframework.test.web.servlet.request.MockHttpServletRequestBuilder;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.post;

/**
 * Thousands of garbled deliveries built from the captured WooCommerce deliveries
 * ({@link WebhookFuzzer}: truncations, bit flips, splices, invalid UTF-8, wrong types,
 * huge numbers, deep nesting, unicode, missing fields, duplicate keys, odd bodies, the
 * simplified format, thousands of lines, bad dates, huge strings, trailing garbage, wrong
 * or missing topics), against ingest on a real Kafka broker. Signed, none gets a 5xx, and
 * every snapshot published can be read back by a consumer configured like the ledger's
 * (nothing it would choke on); unsigned or wrongly signed, all are 401 and nothing
 * reaches Kafka.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
@AutoConfigureMockMvc
@ActiveProfiles("local")
class WebhookFuzzIntegrationTests {

	private static final Logger logger = LoggerFactory.getLogger(WebhookFuzzIntegrationTests.class);

	private static final String SECRET = "wcpeer-webhook-secret-2026";

	private static final long SEED = 20261122L;

	private static final String PREFIX = TestInfrastructure.uniqueTopicPrefix();

	private static final Path DATA_DIR = TestDirectories.create("fuzz-it");

	@DynamicPropertySource
	static void infrastructure(DynamicPropertyRegistry registry) {
		IngestTestProperties.register(registry, PREFIX, DATA_DIR, () -> "src/test/resources/sites-test.yml");
		registry.add("stocksync.max-body-size", () -> "256KB");
	}

	@Autowired
	MockMvc mvc;

	@Autowired
	KafkaProperties kafkaProperties;

	@Autowired
	DurablePublisher publisher;

	@Test
	void shouldNeverAnswer5xxToSignedGarbageAndPublishOnlySnapshotsAConsumerCanRead() throws Exception {
		WebhookFuzzer fuzzer = new WebhookFuzzer(SEED);
		Map<Integer, Integer> statuses = new TreeMap<>();
		Map<String, Integer> outcomes = new TreeMap<>();
		int accepted = 0;
		int quarantined = 0;
		for (int i = 0; i < 2000; i++) {
			WebhookFuzzer.Case delivery = fuzzer.next();
			MvcResult result = AsyncMvc.perform(this.mvc, request(delivery, sign(delivery.body(), SECRET))).andReturn();
			int status = result.getResponse().getStatus();
			String answer = result.getResponse().getContentAsString();
			assertThat(status).as("case %d %s topic=%s: %s", i, delivery.mutations(), delivery.topic(), answer)
				.isIn(200, 202, 413);
			statuses.merge(status, 1, Integer::sum);
			String outcome = (status == 413) ? "too large" : answer.replaceAll(".*\"status\":\"([a-z]+)\".*", "$1");
			outcomes.merge(outcome, 1, Integer::sum);
			accepted += outcome.equals("accepted") ? 1 : 0;
			quarantined += outcome.equals("quarantined") ? 1 : 0;
		}
		logger.info("Fuzz (seed {}, {} seeds): mutations tried {}; statuses {}; outcomes {}", SEED,
				fuzzer.seeds().size(), fuzzer.tried(), statuses, outcomes);
		assertThat(accepted).as("some garbled deliveries are still usable orders").isPositive();
		assertThat(quarantined).as("most are parked in quarantine").isPositive();
		assertThat(this.publisher.spooled()).isZero();

		List<ConsumerRecord<String, Object>> orders = readAll(PREFIX + "order-events", accepted);
		assertThat(orders).hasSize(accepted).allSatisfy((record) -> {
			assertThat(record.headers().lastHeader("springDeserializerExceptionValue")).isNull();
			assertThat(record.value()).isInstanceOf(OrderSnapshot.class);
			OrderSnapshot snapshot = (OrderSnapshot) record.value();
			assertThat(record.key()).isEqualTo(snapshot.key());
			assertThat(snapshot.shopId()).isEqualTo("shop1");
			assertThat(snapshot.orderId()).isPositive();
			assertThat(OrderTopics.ALL).contains(snapshot.topic());
			assertThat(snapshot.lines()).hasSizeLessThanOrEqualTo(2000);
			for (OrderLine line : snapshot.lines()) {
				assertThat(line.quantity()).isBetween(0, 1_000_000);
				assertThat(line.sku()).satisfiesAnyOf((sku) -> assertThat(sku).isNull(),
						(sku) -> assertThat(sku).doesNotContainPattern("[\\x00-\\x1f\\x7f]")
							.hasSizeLessThanOrEqualTo(200));
			}
		});
		List<ConsumerRecord<String, Object>> parked = readAll(PREFIX + "quarantine", quarantined);
		assertThat(parked).hasSize(quarantined)
			.allSatisfy((record) -> assertThat(record.value()).isInstanceOf(QuarantinedDelivery.class));
	}

	@Test
	void shouldAnswer401ToEveryGarbledDeliveryWithoutAValidSignatureAndPublishNothing() throws Exception {
		Map<String, Long> before = endOffsets();
		WebhookFuzzer fuzzer = new WebhookFuzzer(SEED + 1);
		Random random = new Random(SEED + 2);
		Map<String, Integer> signatures = new TreeMap<>();
		for (int i = 0; i < 1500; i++) {
			WebhookFuzzer.Case delivery = fuzzer.next();
			String kind = List
				.of("none", "empty", "wrong secret", "other body", "random base64", "not base64", "hex", "prefixed",
						"truncated", "of unmutated seed")
				.get(random.nextInt(10));
			String signature = switch (kind) {
				case "none" -> null;
				case "empty" -> "";
				case "wrong secret" -> sign(delivery.body(), SECRET + "x");
				case "other body" -> sign(UUID.randomUUID().toString().getBytes(), SECRET);
				case "random base64" -> {
					byte[] bytes = new byte[32];
					random.nextBytes(bytes);
					yield Base64.getEncoder().encodeToString(bytes);
				}
				case "not base64" -> "%%%not-base64%%%";
				case "hex" -> java.util.HexFormat.of().formatHex(SignatureVerifier.sign(delivery.body(), SECRET));
				case "prefixed" -> "sha256=" + sign(delivery.body(), SECRET);
				case "truncated" -> sign(delivery.body(), SECRET).substring(0, 20);
				default -> sign(fuzzer.seeds().get(random.nextInt(fuzzer.seeds().size())).body(), SECRET);
			};
			if (kind.equals("of unmutated seed") && signature.equals(sign(delivery.body(), SECRET))) {
				continue; // the mutation happened to give the seed back
			}
			signatures.merge(kind, 1, Integer::sum);
			int status = AsyncMvc.perform(this.mvc, request(delivery, signature)).andReturn().getResponse().getStatus();
			assertThat(status).as("case %d %s with signature %s", i, delivery.mutations(), kind).isIn(401, 413);
		}
		logger.info("Unsigned fuzz: signatures tried {}", signatures);

		assertThat(endOffsets()).isEqualTo(before);
		assertThat(this.publisher.spooled()).isZero();
	}

	private static MockHttpServletRequestBuilder request(WebhookFuzzer.Case delivery, String signature) {
		MockHttpServletRequestBuilder request = post("/webhooks/woocommerce/shop1")
			.contentType(MediaType.APPLICATION_JSON)
			.content(delivery.body());
		if (delivery.topic() != null) {
			request.header("X-WC-Webhook-Topic", delivery.topic());
		}
		if (signature != null) {
			request.header("X-WC-Webhook-Signature", signature);
		}
		return request;
	}

	private static String sign(byte[] body, String secret) {
		return Base64.getEncoder().encodeToString(SignatureVerifier.sign(body, secret));
	}

	private KafkaConsumer<String, Object> consumer() {
		Map<String, Object> config = new HashMap<>(this.kafkaProperties.buildConsumerProperties());
		config.put(ConsumerConfig.GROUP_ID_CONFIG, "fuzz-" + UUID.randomUUID());
		config.put(ConsumerConfig.MAX_POLL_RECORDS_CONFIG, 1000);
		return new KafkaConsumer<>(config);
	}

	/**
	 * Reads a topic from the beginning, as the ledger's consumer would, until
	 * {@code expected} records came.
	 */
	private List<ConsumerRecord<String, Object>> readAll(String topic, int expected) {
		List<ConsumerRecord<String, Object>> records = new ArrayList<>();
		try (KafkaConsumer<String, Object> consumer = consumer()) {
			List<TopicPartition> partitions = consumer.partitionsFor(topic)
				.stream()
				.map((info) -> new TopicPartition(topic, info.partition()))
				.toList();
			consumer.assign(partitions);
			consumer.seekToBeginning(partitions);
			await().atMost(Duration.ofSeconds(60)).until(() -> {
				consumer.poll(Duration.ofMillis(200)).forEach(records::add);
				return records.size() >= expected;
			});
			// Nothing more than expected arrives.
			consumer.poll(Duration.ofMillis(500)).forEach(records::add);
		}
		return records;
	}

	private Map<String, Long> endOffsets() {
		try (KafkaConsumer<String, Object> consumer = consumer()) {
			Map<String, Long> offsets = new HashMap<>();
			for (String topic : List.of(PREFIX + "order-events", PREFIX + "quarantine")) {
				List<TopicPartition> partitions = consumer.partitionsFor(topic)
					.stream()
					.map((info) -> new TopicPartition(topic, info.partition()))
					.toList();
				offsets.put(topic, consumer.endOffsets(partitions).values().stream().mapToLong(Long::longValue).sum());
			}
			return offsets.entrySet().stream().collect(Collectors.toMap(Map.Entry::getKey, Map.Entry::getValue));
		}
	}

}
