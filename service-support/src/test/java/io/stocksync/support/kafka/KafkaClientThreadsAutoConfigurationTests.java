package io.stocksync.support.kafka;

import java.util.concurrent.ScheduledExecutorService;

import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.junit.jupiter.api.Test;

import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.kafka.autoconfigure.KafkaAutoConfiguration;
import org.springframework.boot.kafka.autoconfigure.metrics.KafkaMetricsAutoConfiguration;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.kafka.config.ConcurrentKafkaListenerContainerFactory;
import org.springframework.kafka.core.DefaultKafkaConsumerFactory;
import org.springframework.kafka.core.DefaultKafkaProducerFactory;
import org.springframework.kafka.core.MicrometerConsumerListener;
import org.springframework.kafka.core.MicrometerProducerListener;
import org.springframework.test.util.ReflectionTestUtils;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The containers' monitor task and the Kafka clients' metrics share one scheduler thread
 * instead of one thread per container and per client; off, Boot's defaults stay.
 */
class KafkaClientThreadsAutoConfigurationTests {

	private final ApplicationContextRunner runner = new ApplicationContextRunner()
		.withConfiguration(AutoConfigurations.of(KafkaAutoConfiguration.class, KafkaMetricsAutoConfiguration.class,
				KafkaClientThreadsAutoConfiguration.class))
		.withBean(MeterRegistry.class, SimpleMeterRegistry::new);

	@Test
	void shouldGiveContainersAndClientMetricsOneSharedScheduler() {
		this.runner.run((context) -> {
			ScheduledExecutorService shared = context
				.getBean(KafkaClientThreadsAutoConfiguration.KafkaClientScheduler.class)
				.tasks()
				.getScheduledExecutor();
			ConcurrentKafkaListenerContainerFactory<?, ?> containers = context
				.getBean(ConcurrentKafkaListenerContainerFactory.class);
			assertThat(containers.getContainerProperties().getScheduler())
				.isSameAs(context.getBean(KafkaClientThreadsAutoConfiguration.KafkaClientScheduler.class).tasks());

			DefaultKafkaConsumerFactory<?, ?> consumers = context.getBean(DefaultKafkaConsumerFactory.class);
			assertThat(consumers.getListeners()).singleElement()
				.isInstanceOf(MicrometerConsumerListener.class)
				.extracting((listener) -> ReflectionTestUtils.getField(listener, "scheduler"))
				.isSameAs(shared);
			DefaultKafkaProducerFactory<?, ?> producers = context.getBean(DefaultKafkaProducerFactory.class);
			assertThat(producers.getListeners()).singleElement()
				.isInstanceOf(MicrometerProducerListener.class)
				.extracting((listener) -> ReflectionTestUtils.getField(listener, "scheduler"))
				.isSameAs(shared);
		});
	}

	@Test
	void shouldLeaveBootsThreadPerClientWhenSwitchedOff() {
		this.runner.withPropertyValues("stocksync.kafka-shared-scheduler=false").run((context) -> {
			assertThat(context).doesNotHaveBean(KafkaClientThreadsAutoConfiguration.KafkaClientScheduler.class);
			assertThat(context.getBean(ConcurrentKafkaListenerContainerFactory.class)
				.getContainerProperties()
				.getScheduler()).isNull();
			DefaultKafkaConsumerFactory<?, ?> consumers = context.getBean(DefaultKafkaConsumerFactory.class);
			assertThat(consumers.getListeners()).singleElement()
				.extracting((listener) -> ReflectionTestUtils.getField(listener, "scheduler"))
				.as("no scheduler given: each client's metrics start a thread of their own")
				.isNull();
		});
	}

}
