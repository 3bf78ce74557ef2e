package io.stocksync.ledger.orderline;

import java.util.Properties;

import io.stocksync.ledger.system.LedgerProperties;
import org.apache.kafka.clients.consumer.ConsumerConfig;

import org.springframework.boot.kafka.autoconfigure.ConcurrentKafkaListenerContainerFactoryConfigurer;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.kafka.config.ConcurrentKafkaListenerContainerFactory;
import org.springframework.kafka.core.ConsumerFactory;

/**
 * The container factory of {@link OrderSnapshotListener}: Boot's listener settings (the
 * ledger's error handler among them), plus the batch, concurrency and fetch settings of
 * {@link LedgerProperties.Orders}, so those are read from the one record that declares
 * them and their defaults.
 */
@Configuration(proxyBeanMethods = false)
class OrderListenerConfiguration {

	static final String FACTORY = "orderEventsListenerContainerFactory";

	@Bean(FACTORY)
	ConcurrentKafkaListenerContainerFactory<Object, Object> orderEventsListenerContainerFactory(
			ConcurrentKafkaListenerContainerFactoryConfigurer configurer,
			ConsumerFactory<Object, Object> consumerFactory, LedgerProperties properties) {
		LedgerProperties.Orders orders = properties.orders();
		ConcurrentKafkaListenerContainerFactory<Object, Object> factory = new ConcurrentKafkaListenerContainerFactory<>();
		configurer.configure(factory, consumerFactory);
		factory.setBatchListener(true);
		factory.setConcurrency(orders.concurrency());
		// per container, as a listener's own properties are (the factory's container
		// properties do not carry consumer properties over to the containers it makes)
		factory.setContainerCustomizer(
				(container) -> container.getContainerProperties().setKafkaConsumerProperties(fetchSettings(orders)));
		return factory;
	}

	private static Properties fetchSettings(LedgerProperties.Orders orders) {
		Properties settings = new Properties();
		settings.setProperty(ConsumerConfig.MAX_POLL_RECORDS_CONFIG, String.valueOf(orders.maxPollRecords()));
		settings.setProperty(ConsumerConfig.FETCH_MIN_BYTES_CONFIG, String.valueOf(orders.fetchMinBytes()));
		settings.setProperty(ConsumerConfig.FETCH_MAX_WAIT_MS_CONFIG, String.valueOf(orders.fetchMaxWaitMs()));
		settings.setProperty(ConsumerConfig.FETCH_MAX_BYTES_CONFIG, String.valueOf(orders.fetchMaxBytes()));
		return settings;
	}

}
