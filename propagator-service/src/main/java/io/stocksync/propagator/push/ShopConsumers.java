package io.stocksync.propagator.push;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

import io.stocksync.common.event.StockChanged;
import io.stocksync.common.shop.ShopConfig;
import io.stocksync.common.shop.Sites;
import io.stocksync.propagator.mapping.MappingService;
import io.stocksync.propagator.system.PropagatorProperties;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.context.SmartLifecycle;
import org.springframework.kafka.config.ConcurrentKafkaListenerContainerFactory;
import org.springframework.kafka.listener.BatchMessageListener;
import org.springframework.kafka.listener.ConcurrentMessageListenerContainer;
import org.springframework.kafka.listener.DefaultErrorHandler;
import org.springframework.stereotype.Component;
import org.springframework.util.backoff.ExponentialBackOff;

/**
 * One Kafka consumer per configured shop on the stock-changed topic, each in its own consumer group
 * ({@code propagator-<shopId>}), so a shop that is down or slow only holds back itself. A failed push is retried
 * with exponential backoff (capped), for as long as the shop stays unreachable; nothing is skipped meanwhile.
 */
@Component
class ShopConsumers implements SmartLifecycle {

	private static final Logger logger = LoggerFactory.getLogger(ShopConsumers.class);

	private final Sites sites;

	private final ConcurrentKafkaListenerContainerFactory<Object, Object> factory;

	private final StockPusher pusher;

	private final MappingService mappings;

	private final PropagatorProperties properties;

	private final List<ConcurrentMessageListenerContainer<Object, Object>> containers = new ArrayList<>();

	private volatile boolean running;

	ShopConsumers(Sites sites, ConcurrentKafkaListenerContainerFactory<Object, Object> factory, StockPusher pusher,
			MappingService mappings, PropagatorProperties properties) {
		this.sites = sites;
		this.factory = factory;
		this.pusher = pusher;
		this.mappings = mappings;
		this.properties = properties;
	}

	@Override
	public synchronized void start() {
		for (ShopConfig shop : this.sites.all()) {
			try {
				this.mappings.refresh(shop);
			}
			catch (RuntimeException ex) {
				logger.warn("Cannot read the catalogue of shop={} yet ({}); its consumer retries until it can",
						shop.id(), ex.getMessage());
			}
			ConcurrentMessageListenerContainer<Object, Object> container = this.factory
				.createContainer(this.properties.topics().stockChanged());
			container.getContainerProperties().setGroupId(this.properties.push().groupIdPrefix() + shop.id());
			container.getContainerProperties().setClientId("propagator-" + shop.id());
			container.setBeanName("propagator-" + shop.id());
			container.setupMessageListener((BatchMessageListener<Object, Object>) (records) -> push(shop, records));
			container.setCommonErrorHandler(new DefaultErrorHandler(backOff()));
			container.start();
			this.containers.add(container);
		}
		this.running = true;
	}

	private void push(ShopConfig shop, List<ConsumerRecord<Object, Object>> records) {
		List<StockChanged> changes = records.stream()
			.map(ConsumerRecord::value)
			.filter(Objects::nonNull) // a value that failed to deserialize is null: nothing to push
			.filter(StockChanged.class::isInstance)
			.map(StockChanged.class::cast)
			.toList();
		try {
			this.pusher.push(shop, changes);
		}
		catch (RuntimeException ex) {
			logger.warn("Push of {} changes to shop={} failed, will retry: {}", changes.size(), shop.id(),
					ex.getMessage());
			throw ex;
		}
	}

	private ExponentialBackOff backOff() {
		ExponentialBackOff backOff = new ExponentialBackOff(this.properties.push().initialBackoff().toMillis(), 2.0);
		backOff.setMaxInterval(this.properties.push().maxBackoff().toMillis());
		return backOff;
	}

	@Override
	public synchronized void stop() {
		this.containers.forEach(ConcurrentMessageListenerContainer::stop);
		this.containers.clear();
		this.running = false;
	}

	@Override
	public boolean isRunning() {
		return this.running;
	}

}
