package io.stocksync.ingest.system;

import java.util.Map;

import org.apache.kafka.clients.producer.ProducerConfig;

import org.springframework.boot.kafka.autoconfigure.DefaultKafkaProducerFactoryCustomizer;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.kafka.listener.CommonErrorHandler;
import org.springframework.kafka.listener.DefaultErrorHandler;
import org.springframework.kafka.support.ProducerListener;
import org.springframework.util.backoff.FixedBackOff;

@Configuration(proxyBeanMethods = false)
class KafkaConfiguration {

	/*
	 * Replaces Boot's LoggingProducerListener, which logs every failed send at ERROR with
	 * its payload: while Kafka is away that is every spool drain attempt.
	 * DurablePublisher and SpoolDrainer log failures themselves, rate-limited.
	 */
	@Bean
	ProducerListener<Object, Object> kafkaProducerListener() {
		return new ProducerListener<>() {
		};
	}

	/*
	 * Ingest's own linger.ms (stocksync.kafka-linger, 1 ms): the shared Kafka settings
	 * (stocksync-kafka.yml, 5 ms) are imported config, which wins over application.yml,
	 * so the producer factory is told here.
	 */
	@Bean
	DefaultKafkaProducerFactoryCustomizer ingestProducerLinger(IngestProperties properties) {
		return (factory) -> factory.updateConfigs(
				Map.of(ProducerConfig.LINGER_MS_CONFIG, Math.toIntExact(properties.kafkaLinger().toMillis())));
	}

	/*
	 * The refund-lookup and Shopify order-lookup consumers fail only when neither Kafka
	 * nor the spool stores their result (or when interrupted while stopping): try the
	 * record again every 5 s until it is stored, never skip it (that would lose a
	 * verified delivery). Records that cannot be read at all are still logged and skipped
	 * (DefaultErrorHandler does not retry those).
	 */
	@Bean
	CommonErrorHandler kafkaErrorHandler() {
		return new DefaultErrorHandler(new FixedBackOff(5000, FixedBackOff.UNLIMITED_ATTEMPTS));
	}

}
