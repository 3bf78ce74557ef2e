package io.stocksync.ingest.system;

import org.apache.kafka.clients.admin.NewTopic;

import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.context.annotation.Profile;
import org.springframework.kafka.config.TopicBuilder;

/**
 * Topics this service writes, created at start in the local profile; the cluster's topics
 * belong in deploy/.
 */
@Configuration(proxyBeanMethods = false)
@Profile("local")
class LocalTopicsConfiguration {

	@Bean
	NewTopic orderEventsTopic(IngestProperties properties) {
		return TopicBuilder.name(properties.topics().orderEvents()).partitions(6).config("retention.ms", "-1").build();
	}

	/* The newest report per shop and SKU is all anyone needs. */
	@Bean
	NewTopic productStockTopic(IngestProperties properties) {
		return TopicBuilder.name(properties.topics().productStock()).partitions(3).compact().build();
	}

	/* A work queue: its results are on order-events, so a week is plenty. */
	@Bean
	NewTopic refundLookupsTopic(IngestProperties properties) {
		return TopicBuilder.name(properties.topics().refundLookups())
			.partitions(3)
			.config("retention.ms", String.valueOf(7L * 24 * 3600 * 1000))
			.build();
	}

	/* A work queue like the refund lookups. */
	@Bean
	NewTopic shopifyOrderLookupsTopic(IngestProperties properties) {
		return TopicBuilder.name(properties.topics().shopifyOrderLookups())
			.partitions(3)
			.config("retention.ms", String.valueOf(7L * 24 * 3600 * 1000))
			.build();
	}

	@Bean
	NewTopic quarantineTopic(IngestProperties properties) {
		return TopicBuilder.name(properties.topics().quarantine()).partitions(1).config("retention.ms", "-1").build();
	}

}
