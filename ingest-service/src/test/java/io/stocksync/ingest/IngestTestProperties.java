package io.stocksync.ingest;

import java.nio.file.Path;
import java.util.function.Supplier;

import io.stocksync.testsupport.TestInfrastructure;

import org.springframework.test.context.DynamicPropertyRegistry;

/**
 * The properties ingest's integration tests share: the test infrastructure's Kafka, the
 * class's own topics and data directory, its sites file, and no scheduled order poll or
 * webhook health check (a test triggers them when it needs them).
 */
public final class IngestTestProperties {

	private IngestTestProperties() {
	}

	public static void register(DynamicPropertyRegistry registry, String topicPrefix, Path dataDir,
			Supplier<Object> sitesFile) {
		registry.add("spring.kafka.bootstrap-servers", () -> TestInfrastructure.get().kafkaBootstrapServers());
		registry.add("stocksync.topics.order-events", () -> topicPrefix + "order-events");
		registry.add("stocksync.topics.refund-lookups", () -> topicPrefix + "refund-lookups");
		registry.add("stocksync.topics.shopify-order-lookups", () -> topicPrefix + "shopify-order-lookups");
		registry.add("stocksync.topics.quarantine", () -> topicPrefix + "quarantine");
		registry.add("stocksync.topics.product-stock", () -> topicPrefix + "product-stock");
		registry.add("stocksync.sites-file", sitesFile);
		registry.add("stocksync.data-dir", dataDir::toString);
		registry.add("stocksync.poll.enabled", () -> "false");
		registry.add("stocksync.webhook-health.enabled", () -> "false");
	}

}
