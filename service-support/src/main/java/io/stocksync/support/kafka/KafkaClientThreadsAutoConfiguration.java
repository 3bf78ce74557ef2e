package io.stocksync.support.kafka;

import java.util.List;

import io.micrometer.core.instrument.MeterRegistry;

import org.springframework.beans.factory.DisposableBean;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.beans.factory.config.BeanPostProcessor;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBooleanProperty;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.context.annotation.Bean;
import org.springframework.kafka.config.AbstractKafkaListenerContainerFactory;
import org.springframework.kafka.core.DefaultKafkaConsumerFactory;
import org.springframework.kafka.core.DefaultKafkaProducerFactory;
import org.springframework.kafka.core.MicrometerConsumerListener;
import org.springframework.kafka.core.MicrometerProducerListener;
import org.springframework.scheduling.concurrent.ThreadPoolTaskScheduler;

/**
 * One scheduler thread for the Kafka clients' housekeeping, where spring-kafka and
 * Micrometer otherwise start a thread per client: every listener container without a
 * scheduler starts its own {@code ThreadPoolTaskScheduler} for its monitor task, and
 * Boot's Kafka metrics give every consumer and producer its own
 * {@code micrometer-kafka-metrics} thread. The propagator runs seven consumers per shop
 * (main, five retry topics, DLT), so that was two idle threads, and their stacks, per
 * consumer (~44 with three shops; docs/jvm-options.md). The same meters are kept. Off
 * with {@code stocksync.kafka-shared-scheduler=false}.
 */
@AutoConfiguration
@ConditionalOnClass({ AbstractKafkaListenerContainerFactory.class, MeterRegistry.class })
@ConditionalOnBooleanProperty(name = "stocksync.kafka-shared-scheduler", matchIfMissing = true)
public class KafkaClientThreadsAutoConfiguration {

	/*
	 * Not a TaskScheduler bean: @Scheduled methods would run on it, and a long one would
	 * hold up the Kafka housekeeping.
	 */
	@Bean
	static KafkaClientScheduler kafkaClientScheduler() {
		return new KafkaClientScheduler();
	}

	@Bean
	static BeanPostProcessor kafkaClientThreadsPostProcessor(ObjectProvider<KafkaClientScheduler> scheduler,
			ObjectProvider<MeterRegistry> meters) {
		return new BeanPostProcessor() {

			@Override
			public Object postProcessAfterInitialization(Object bean, String beanName) {
				if (bean instanceof AbstractKafkaListenerContainerFactory<?, ?, ?> factory
						&& factory.getContainerProperties().getScheduler() == null) {
					factory.getContainerProperties().setScheduler(scheduler.getObject().tasks());
				}
				else if (bean instanceof DefaultKafkaConsumerFactory<?, ?> consumers) {
					shareConsumerMetrics(consumers, meters, scheduler);
				}
				else if (bean instanceof DefaultKafkaProducerFactory<?, ?> producers) {
					shareProducerMetrics(producers, meters, scheduler);
				}
				return bean;
			}

		};
	}

	/* Boot's listener (a thread per consumer) replaced by one on the shared scheduler. */
	private static <K, V> void shareConsumerMetrics(DefaultKafkaConsumerFactory<K, V> factory,
			ObjectProvider<MeterRegistry> meters, ObjectProvider<KafkaClientScheduler> scheduler) {
		boolean replaced = false;
		for (var listener : List.copyOf(factory.getListeners())) {
			if (listener instanceof MicrometerConsumerListener<K, V>) {
				replaced |= factory.removeListener(listener);
			}
		}
		if (replaced) {
			factory.addListener(new MicrometerConsumerListener<>(meters.getObject(), scheduler.getObject().tasks()));
		}
	}

	private static <K, V> void shareProducerMetrics(DefaultKafkaProducerFactory<K, V> factory,
			ObjectProvider<MeterRegistry> meters, ObjectProvider<KafkaClientScheduler> scheduler) {
		boolean replaced = false;
		for (var listener : List.copyOf(factory.getListeners())) {
			if (listener instanceof MicrometerProducerListener<K, V>) {
				replaced |= factory.removeListener(listener);
			}
		}
		if (replaced) {
			factory.addListener(new MicrometerProducerListener<>(meters.getObject(), scheduler.getObject().tasks()));
		}
	}

	/** The one thread (started on first use, stopped with the context). */
	static final class KafkaClientScheduler implements DisposableBean {

		private final ThreadPoolTaskScheduler tasks = new ThreadPoolTaskScheduler();

		private boolean initialized;

		synchronized ThreadPoolTaskScheduler tasks() {
			if (!this.initialized) {
				this.tasks.setThreadNamePrefix("kafka-clients-");
				this.tasks.setPoolSize(1);
				this.tasks.setDaemon(true);
				this.tasks.initialize();
				this.initialized = true;
			}
			return this.tasks;
		}

		@Override
		public synchronized void destroy() {
			this.tasks.shutdown();
		}

	}

}
