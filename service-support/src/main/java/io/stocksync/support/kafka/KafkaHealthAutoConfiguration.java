package io.stocksync.support.kafka;

import io.stocksync.support.ServiceProperties;

import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBooleanProperty;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.boot.health.contributor.HealthIndicator;
import org.springframework.boot.kafka.autoconfigure.KafkaProperties;
import org.springframework.context.annotation.Bean;

/**
 * Kafka's health as {@code kafka} (part of readiness where the service's
 * {@code management.endpoint.health.group} says so). Off with
 * {@code stocksync.kafka-health=false}, for a service that stays useful without Kafka.
 */
@AutoConfiguration
@ConditionalOnClass({ HealthIndicator.class, KafkaProperties.class })
@ConditionalOnBooleanProperty(name = "stocksync.kafka-health", matchIfMissing = true)
@EnableConfigurationProperties(ServiceProperties.class)
public class KafkaHealthAutoConfiguration {

	@Bean(name = "kafka")
	KafkaHealthIndicator kafkaHealthIndicator(KafkaProperties kafka) {
		return new KafkaHealthIndicator(kafka);
	}

}
