package io.stocksync.propagator.system;

import java.util.function.Consumer;

import org.springframework.context.annotation.Configuration;
import org.springframework.kafka.retrytopic.DeadLetterPublishingRecovererFactory;
import org.springframework.kafka.retrytopic.RetryTopicConfigurationSupport;

/**
 * The retry topic infrastructure (RetryTopicConfigurer and friends); the per-shop
 * endpoints are registered in {@code push.ShopEndpoints}.
 */
@Configuration(proxyBeanMethods = false)
class RetryTopicsConfiguration extends RetryTopicConfigurationSupport {

	/*
	 * By default a retry record goes to the partition number it came from, which breaks
	 * as soon as a retry topic has fewer partitions than stock-changed. Let the producer
	 * pick by key (the SKU) instead.
	 */
	@Override
	protected Consumer<DeadLetterPublishingRecovererFactory> configureDeadLetterPublishingContainerFactory() {
		return (factory) -> factory.setPartitionResolver((record, topic) -> -1);
	}

}
