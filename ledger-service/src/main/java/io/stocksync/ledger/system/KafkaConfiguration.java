package io.stocksync.ledger.system;

import java.sql.SQLTransientConnectionException;
import java.util.LinkedHashMap;
import java.util.Map;

import org.apache.kafka.clients.admin.NewTopic;

import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.context.annotation.Profile;
import org.springframework.dao.DataAccessResourceFailureException;
import org.springframework.dao.TransientDataAccessException;
import org.springframework.kafka.config.TopicBuilder;
import org.springframework.kafka.core.KafkaOperations;
import org.springframework.kafka.core.KafkaTemplate;
import org.springframework.kafka.listener.CommonErrorHandler;
import org.springframework.kafka.listener.DeadLetterPublishingRecoverer;
import org.springframework.kafka.listener.DefaultErrorHandler;
import org.springframework.transaction.CannotCreateTransactionException;
import org.springframework.util.backoff.ExponentialBackOff;
import org.springframework.util.backoff.FixedBackOff;

@Configuration(proxyBeanMethods = false)
class KafkaConfiguration {

	/*
	 * Boot wires this into the listener container factory. Order events need order, so
	 * failures retry in place a few times, then go to <topic>-dlt with the exception in
	 * headers; the partition moves on. Events that can never succeed skip the retries.
	 */
	@Bean
	CommonErrorHandler ledgerErrorHandler(KafkaTemplate<String, Object> template, BytesProducer bytes) {
		Map<Class<?>, KafkaOperations<?, ?>> templates = new LinkedHashMap<>();
		templates.put(byte[].class, bytes.template());
		templates.put(Object.class, template);
		DefaultErrorHandler handler = new DefaultErrorHandler(new DeadLetterPublishingRecoverer(templates),
				new FixedBackOff(1000L, 2));
		handler.addNotRetryableExceptions(InvalidEventException.class);
		// PostgreSQL away: no event could be applied, so wait for it (1 s doubling to 30
		// s, for as long as it takes)
		// rather than parking good events in the DLT.
		handler.setBackOffFunction((record, ex) -> isDatabaseUnavailable(ex) ? databaseBackOff() : null);
		return handler;
	}

	static boolean isDatabaseUnavailable(Throwable ex) {
		for (Throwable cause = ex; cause != null; cause = cause.getCause()) {
			if (cause instanceof DataAccessResourceFailureException || cause instanceof CannotCreateTransactionException
					|| cause instanceof SQLTransientConnectionException
					|| cause instanceof TransientDataAccessException) {
				return true;
			}
		}
		return false;
	}

	private static ExponentialBackOff databaseBackOff() {
		ExponentialBackOff backOff = new ExponentialBackOff(1000L, 2.0);
		backOff.setMaxInterval(30_000L);
		return backOff;
	}

	@Configuration(proxyBeanMethods = false)
	@Profile("local") // the cluster's topics belong in deploy/
	static class LocalTopics {

		@Bean
		NewTopic orderEventsTopic(LedgerProperties properties) {
			return TopicBuilder.name(properties.topics().orderEvents())
				.partitions(6)
				.config("retention.ms", "-1")
				.build();
		}

		@Bean
		NewTopic adjustmentsTopic(LedgerProperties properties) {
			return TopicBuilder.name(properties.topics().adjustments())
				.partitions(3)
				.config("retention.ms", "-1")
				.build();
		}

		@Bean
		NewTopic stockChangedTopic(LedgerProperties properties) {
			return TopicBuilder.name(properties.topics().stockChanged()).partitions(6).compact().build();
		}

	}

}
