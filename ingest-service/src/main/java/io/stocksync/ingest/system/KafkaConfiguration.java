package io.stocksync.ingest.system;

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
