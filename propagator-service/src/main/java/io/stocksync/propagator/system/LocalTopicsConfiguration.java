package io.stocksync.propagator.system;

import org.apache.kafka.clients.admin.NewTopic;

import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.context.annotation.Profile;
import org.springframework.kafka.config.TopicBuilder;

/**
 * The topics this service reads, created at start in the local profile; the cluster's
 * topics belong in deploy/.
 */
@Configuration(proxyBeanMethods = false)
@Profile("local")
class LocalTopicsConfiguration {

	@Bean
	NewTopic stockChangedTopic(PropagatorProperties properties) {
		return TopicBuilder.name(properties.topics().stockChanged()).partitions(6).compact().build();
	}

	/*
	 * Also created by ingest (its writer); the same settings, so whichever starts first
	 * is right.
	 */
	@Bean
	NewTopic productStockTopic(PropagatorProperties properties) {
		return TopicBuilder.name(properties.topics().productStock()).partitions(3).compact().build();
	}

}
