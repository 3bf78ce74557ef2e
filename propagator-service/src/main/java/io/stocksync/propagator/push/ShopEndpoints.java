package io.stocksync.propagator.push;

import java.time.Clock;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

import io.micrometer.core.instrument.MeterRegistry;
import io.stocksync.common.shop.ShopConfig;
import io.stocksync.common.shop.Sites;
import io.stocksync.propagator.deadletter.DeadLetterRepository;
import io.stocksync.propagator.delivery.RejectedDeliveryException;
import io.stocksync.propagator.system.PropagatorProperties;
import io.stocksync.propagator.write.ShopWriters;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.Serializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.boot.kafka.autoconfigure.ConcurrentKafkaListenerContainerFactoryConfigurer;
import org.springframework.boot.kafka.autoconfigure.KafkaProperties;
import org.springframework.context.ApplicationContext;
import org.springframework.kafka.annotation.KafkaListenerConfigurer;
import org.springframework.kafka.config.ConcurrentKafkaListenerContainerFactory;
import org.springframework.kafka.config.KafkaListenerEndpointRegistrar;
import org.springframework.kafka.config.MethodKafkaListenerEndpoint;
import org.springframework.kafka.core.ConsumerFactory;
import org.springframework.kafka.core.DefaultKafkaConsumerFactory;
import org.springframework.kafka.core.DefaultKafkaProducerFactory;
import org.springframework.kafka.core.KafkaAdmin;
import org.springframework.kafka.core.KafkaTemplate;
import org.springframework.kafka.retrytopic.DestinationTopic;
import org.springframework.kafka.retrytopic.DltStrategy;
import org.springframework.kafka.retrytopic.RetryTopicConfiguration;
import org.springframework.kafka.retrytopic.RetryTopicConfigurationBuilder;
import org.springframework.kafka.retrytopic.RetryTopicConfigurer;
import org.springframework.kafka.support.EndpointHandlerMethod;
import org.springframework.kafka.support.serializer.DelegatingByTypeSerializer;
import org.springframework.kafka.support.serializer.JacksonJsonSerializer;
import org.springframework.messaging.handler.annotation.support.DefaultMessageHandlerMethodFactory;
import org.springframework.stereotype.Component;

/**
 * Registers, for every shop of the sites file, the listeners of that shop alone: the main
 * listener on the stock-changed topic in group {@code <prefix><shopId>}, the retry
 * listeners on {@code <topic>-<shopId>-retry-N} (non-blocking retries with exponential
 * backoff) and the DLT listener on {@code <topic>-<shopId>-dlt}. This is what
 * {@code @RetryableTopic} does for one annotated method, done once per configured shop: a
 * shop's failures travel through its own topics and never hold up another shop. Adding a
 * shop to the sites file adds its listeners at the next start; removing it removes them.
 * <p>
 * The main listeners run in Boot's container factory, whose consumers carry the Kafka
 * client meters ({@code kafka.consumer.*}: lag, fetch rates). The retry and DLT
 * listeners, six of a shop's seven consumers, run in a copy of it whose consumers carry
 * none: binding and refreshing several hundred client meters for each of them was a
 * quarter of the propagator's CPU (issue 13), and their topics' backlog is what the DLT
 * index and {@code stocksync.propagator.events{retry=true}} already tell.
 */
@Component
class ShopEndpoints implements KafkaListenerConfigurer {

	private static final Logger logger = LoggerFactory.getLogger(ShopEndpoints.class);

	private final Sites sites;

	private final ShopWriters writers;

	private final DeadLetterRepository deadLetters;

	private final RetryTopicConfigurer retryTopics;

	private final ConcurrentKafkaListenerContainerFactory<Object, Object> factory;

	private final ConcurrentKafkaListenerContainerFactoryConfigurer factoryConfigurer;

	private final ApplicationContext context;

	private final KafkaProperties kafka;

	private final KafkaAdmin admin;

	private final PropagatorProperties properties;

	private final Clock clock;

	private final MeterRegistry meters;

	ShopEndpoints(Sites sites, ShopWriters writers, DeadLetterRepository deadLetters, RetryTopicConfigurer retryTopics,
			ConcurrentKafkaListenerContainerFactory<Object, Object> factory,
			ConcurrentKafkaListenerContainerFactoryConfigurer factoryConfigurer, ApplicationContext context,
			KafkaProperties kafka, KafkaAdmin admin, PropagatorProperties properties, Clock clock,
			MeterRegistry meters) {
		this.sites = sites;
		this.writers = writers;
		this.deadLetters = deadLetters;
		this.retryTopics = retryTopics;
		this.factory = factory;
		this.factoryConfigurer = factoryConfigurer;
		this.context = context;
		this.kafka = kafka;
		this.admin = admin;
		this.properties = properties;
		this.clock = clock;
		this.meters = meters;
	}

	@Override
	public void configureKafkaListeners(KafkaListenerEndpointRegistrar registrar) {
		KafkaTemplate<String, Object> template = deadLetterTemplate();
		ConcurrentKafkaListenerContainerFactory<Object, Object> retryFactory = withoutClientMeters();
		DefaultMessageHandlerMethodFactory handlers = new DefaultMessageHandlerMethodFactory();
		handlers.afterPropertiesSet();
		String topic = this.properties.topics().stockChanged();
		PropagatorProperties.Retry retry = this.properties.push().retry();
		Set<String> shopTopics = new LinkedHashSet<>();
		for (ShopConfig shop : this.sites.all()) {
			ShopStockListener listener = new ShopStockListener(shop, this.writers.writer(shop.id()), this.deadLetters,
					this.clock, this.meters);
			RetryTopicConfiguration configuration = RetryTopicConfigurationBuilder.newInstance()
				.maxAttempts(retry.attempts())
				.exponentialBackoff(retry.initialBackoff().toMillis(), retry.multiplier(),
						retry.maxBackoff().toMillis())
				.retryTopicSuffix("-" + shop.id() + "-retry")
				.dltSuffix("-" + shop.id() + "-dlt")
				.suffixTopicsWithIndexValues()
				.notRetryOn(RejectedDeliveryException.class)
				.dltHandlerMethod(new EndpointHandlerMethod(listener, ShopStockListener.DEAD_LETTER))
				// The DLT handler never throws; should it ever, log and move on rather
				// than loop.
				.dltProcessingFailureStrategy(DltStrategy.FAIL_ON_ERROR)
				.doNotAutoCreateRetryTopics()
				.listenerFactory(retryFactory)
				.create(template);
			String groupId = this.properties.push().groupIdPrefix() + shop.id();
			MethodKafkaListenerEndpoint<String, Object> main = new MethodKafkaListenerEndpoint<>();
			configure(main, groupId, topic, listener, handlers);
			this.retryTopics.processMainAndRetryListeners(
					(endpoint) -> configure(endpoint, groupId, topic, listener, handlers), main, configuration,
					registrar, this.factory, "kafkaListenerContainerFactory");
			for (DestinationTopic.Properties destination : configuration.getDestinationTopicProperties()) {
				if (!destination.isMainEndpoint()) {
					shopTopics.add(topic + destination.suffix());
				}
			}
			logger.info("Shop {}: group {} on {}, retries and DLT on {}", shop.id(), groupId, topic,
					shopTopics.stream().filter((name) -> name.startsWith(topic + "-" + shop.id() + "-")).toList());
		}
		if (retry.createTopics() && !shopTopics.isEmpty()) {
			List<NewTopic> newTopics = new ArrayList<>();
			for (String name : shopTopics) {
				newTopics.add(new NewTopic(name, retry.partitions(), retry.replicationFactor()));
			}
			this.admin.createOrModifyTopics(newTopics.toArray(NewTopic[]::new));
		}
	}

	private static void configure(MethodKafkaListenerEndpoint<?, ?> endpoint, String groupId, String topic,
			ShopStockListener listener, DefaultMessageHandlerMethodFactory handlers) {
		endpoint.setId(groupId);
		endpoint.setGroupId(groupId);
		endpoint.setClientIdPrefix(groupId);
		endpoint.setTopics(topic);
		endpoint.setBean(listener);
		endpoint.setMethod(ShopStockListener.LISTEN);
		endpoint.setMessageHandlerMethodFactory(handlers);
	}

	/*
	 * Boot's container factory again (the same listener properties and scheduler), over a
	 * copy of its consumer factory without the listeners: Boot's
	 * MicrometerConsumerListener is what binds a consumer's client meters. The retry
	 * topic configurer gives the retry and DLT endpoints the configuration's factory, and
	 * the main endpoint the one passed to it.
	 */
	private ConcurrentKafkaListenerContainerFactory<Object, Object> withoutClientMeters() {
		ConsumerFactory<Object, Object> metered = this.factory.getConsumerFactory();
		DefaultKafkaConsumerFactory<Object, Object> consumers = new DefaultKafkaConsumerFactory<>(
				metered.getConfigurationProperties());
		metered.getPostProcessors().forEach(consumers::addPostProcessor);
		consumers.setApplicationContext(this.context);
		ConcurrentKafkaListenerContainerFactory<Object, Object> factory = new ConcurrentKafkaListenerContainerFactory<>();
		this.factoryConfigurer.configure(factory, consumers);
		factory.getContainerProperties().setScheduler(this.factory.getContainerProperties().getScheduler());
		factory.setApplicationContext(this.context);
		factory.setApplicationEventPublisher(this.context);
		return factory;
	}

	/*
	 * Retry and DLT records are the consumed records forwarded with exception headers. A
	 * value that could not be deserialized is forwarded as its raw bytes, everything else
	 * as JSON with its type token.
	 */
	private KafkaTemplate<String, Object> deadLetterTemplate() {
		Map<String, Object> config = new LinkedHashMap<>(this.kafka.buildProducerProperties());
		JacksonJsonSerializer<Object> json = new JacksonJsonSerializer<>();
		json.configure(config, false);
		Map<Class<?>, Serializer<?>> delegates = new LinkedHashMap<>();
		delegates.put(byte[].class, new ByteArraySerializer());
		delegates.put(Object.class, json);
		Serializer<Object> values = new DelegatingByTypeSerializer(delegates, true);
		return new KafkaTemplate<>(new DefaultKafkaProducerFactory<>(config, new StringSerializer(), values));
	}

}
