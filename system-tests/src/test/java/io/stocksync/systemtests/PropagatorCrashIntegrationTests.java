package io.stocksync.systemtests;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.UUID;

import io.stocksync.common.event.StockChanged;
import io.stocksync.common.json.JsonMappers;
import io.stocksync.fakeshop.FakeShop;
import io.stocksync.fakeshop.FakeShopOptions;
import io.stocksync.testsupport.ServiceProcess;
import io.stocksync.testsupport.TestInfrastructure;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The propagator killed ({@code kill -9}) while it holds a gathered backlog it has not
 * written yet: the consumer has passed (and committed) those records, so after the
 * restart nothing in Kafka brings them back. The shop must still end at every SKU's
 * newest quantity (the gathered changes were saved before their offsets were committed).
 * The propagator runs from its exec jar against a real Kafka, PostgreSQL and a fake
 * WooCommerce shop that hangs every request while the backlog is held.
 */
class PropagatorCrashIntegrationTests {

	private static final String ADMIN_TOKEN = "crash-test-admin-token";

	private static final String SHOP = "crash";

	private static final int SKUS = 150;

	/* of the stock-changed topic, as the propagator creates it in the local profile */
	private static final int PARTITIONS = 6;

	private static final String TOPIC = TestInfrastructure.uniqueTopicPrefix() + "stock-changed";

	private static final HttpClient HTTP = HttpClient.newHttpClient();

	private static FakeShop shop;

	private static Map<String, String> env;

	private static KafkaProducer<String, String> producer;

	private static KafkaOffsets kafka;

	private static ServiceProcess propagator;

	@BeforeAll
	static void startTheShop() throws IOException {
		TestInfrastructure infrastructure = TestInfrastructure.get();
		shop = FakeShop.start(FakeShopOptions.defaults(SHOP));
		for (int i = 0; i < SKUS; i++) {
			shop.addSimpleProduct(sku(i), 1_000);
		}
		Path sitesFile = Files.createTempFile("sites", ".yml");
		Files.writeString(sitesFile, "sites:\n" + shop.sitesEntry());
		env = ServiceProcess.stackEnvironment(infrastructure, sitesFile, ADMIN_TOKEN);
		env.put("STOCKSYNC_TOPICS_STOCKCHANGED", TOPIC);
		producer = new KafkaProducer<>(Map.of(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG,
				infrastructure.kafkaBootstrapServers(), ProducerConfig.ACKS_CONFIG, "all"), new StringSerializer(),
				new StringSerializer());
		kafka = new KafkaOffsets(infrastructure.kafkaBootstrapServers());
	}

	@AfterAll
	static void stopEverything() {
		if (propagator != null) {
			propagator.close();
		}
		if (producer != null) {
			producer.close();
		}
		if (kafka != null) {
			kafka.close();
		}
		shop.close();
	}

	@Test
	void shouldWriteAGatheredBacklogAfterAKillEvenThoughItsOffsetsWereCommitted() {
		propagator = ServiceProcess.start("propagator", env).awaitHealthy(Duration.ofSeconds(120));
		send(change(sku(0), 999, 1)); // the consumer group and the mapping are ready
										// once this is written
		await().atMost(Duration.ofSeconds(60)).untilAsserted(() -> assertThat(shop.stockOf(sku(0))).isEqualTo(999));

		// A backlog: the shop is paused while 450 changes arrive, then resumed while it
		// hangs every request, so the gathered changes cannot be written.
		assertThat(admin("POST", "/admin/sites/" + SHOP + "/pause")).isEqualTo(200);
		Map<String, Integer> expected = new LinkedHashMap<>();
		for (int version = 2; version <= 4; version++) {
			for (int i = 0; i < SKUS; i++) {
				int quantity = 1_000 - version * 10 - i;
				send(change(sku(i), quantity, version));
				expected.put(sku(i), quantity);
			}
		}
		producer.flush();
		shop.failRequestsFor(503, Duration.ofMinutes(5), true);
		assertThat(admin("POST", "/admin/sites/" + SHOP + "/resume")).isEqualTo(200);
		// The gathered records are committed; the last one of each partition waits for
		// its write (the consumer was caught up there), so at most one per partition is
		// left, and only those would be read again after a restart.
		await("backlog committed").atMost(Duration.ofSeconds(60))
			.until(() -> kafka.lag("propagator-" + SHOP, TOPIC) <= PARTITIONS);
		assertThat(shop.stockBySku()).as("nothing of the backlog written yet")
			.containsAllEntriesOf(Map.of(sku(1), 1_000, sku(SKUS - 1), 1_000));

		propagator.kill();
		shop.clearFaults();
		propagator = ServiceProcess.start("propagator", env).awaitHealthy(Duration.ofSeconds(120));

		await("every SKU at its newest quantity").atMost(Duration.ofSeconds(90))
			.untilAsserted(() -> assertThat(shop.stockBySku()).containsAllEntriesOf(expected));
	}

	private static String sku(int i) {
		return String.format("CRASH-%03d", i);
	}

	private static StockChanged change(String sku, long available, long version) {
		return new StockChanged(StockChanged.SCHEMA_VERSION, UUID.randomUUID().toString(), sku, available, available,
				false, version, "test", Instant.now());
	}

	/* As the ledger publishes it: JSON with the logical type in the __TypeId__ header. */
	private static void send(StockChanged change) {
		ProducerRecord<String, String> record = new ProducerRecord<>(TOPIC, change.sku(),
				JsonMappers.standard().writeValueAsString(change));
		record.headers().add("__TypeId__", "stockChanged".getBytes(StandardCharsets.UTF_8));
		producer.send(record);
	}

	private static int admin(String method, String path) {
		try {
			return HTTP
				.send(HttpRequest.newBuilder(URI.create(propagator.url(path)))
					.header("Authorization", "Bearer " + ADMIN_TOKEN)
					.method(method, HttpRequest.BodyPublishers.noBody())
					.build(), HttpResponse.BodyHandlers.discarding())
				.statusCode();
		}
		catch (IOException ex) {
			throw new IllegalStateException(ex);
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			throw new IllegalStateException(ex);
		}
	}

}
