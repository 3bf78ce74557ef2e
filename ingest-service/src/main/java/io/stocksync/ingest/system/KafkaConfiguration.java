package io.stocksync.ingest.system;

import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.kafka.support.ProducerListener;

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

}
