package io.stocksync.propagator;

import java.util.concurrent.ConcurrentLinkedQueue;

import io.stocksync.common.event.StockAdjustmentRequested;
import org.apache.kafka.clients.admin.NewTopic;

import org.springframework.boot.test.context.TestConfiguration;
import org.springframework.context.annotation.Bean;
import org.springframework.kafka.annotation.KafkaListener;
import org.springframework.kafka.config.TopicBuilder;

/**
 * The adjustment requests the propagator publishes (hand edits adopted into the pool),
 * read back from the test class's own adjustments topic. A
 * {@link PropagatorIntegrationTest} that needs them imports {@link Listener}.
 */
class Adjustments {

	final ConcurrentLinkedQueue<StockAdjustmentRequested> received = new ConcurrentLinkedQueue<>();

	/* The group is named after the class's own topic: no two test contexts share it. */
	@KafkaListener(id = "test-adjustments", groupId = "${stocksync.topics.adjustments}",
			topics = "${stocksync.topics.adjustments}")
	void onAdjustment(StockAdjustmentRequested adjustment) {
		this.received.add(adjustment);
	}

	@TestConfiguration(proxyBeanMethods = false)
	static class Listener {

		@Bean
		Adjustments adjustments() {
			return new Adjustments();
		}

		/* The ledger's topic; here only the test reads it. */
		@Bean
		NewTopic adjustmentsTopic(PropagatorTestSupport propagator) {
			return TopicBuilder.name(propagator.adjustments()).partitions(1).build();
		}

	}

}
