package io.stocksync.ledger.onboarding;

import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.IntConsumer;

import io.stocksync.common.event.OrderSnapshot;
import io.stocksync.ledger.system.LedgerProperties;
import org.apache.kafka.clients.admin.AdminClient;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.TopicPartition;

import org.springframework.core.env.Environment;
import org.springframework.kafka.core.KafkaAdmin;
import org.springframework.kafka.core.KafkaTemplate;
import org.springframework.kafka.support.SendResult;
import org.springframework.stereotype.Component;

/**
 * Puts the baseline snapshots on the order-events topic (key {@code shopId:orderId}, like
 * every snapshot of the order, so they take their place in the order's own sequence and a
 * rebuild replays them) and waits until the ledger's order consumer group has committed
 * past every one of them, i.e. until they are applied.
 */
@Component
class BaselineLog {

	private final KafkaTemplate<String, Object> template;

	private final KafkaAdmin admin;

	private final LedgerProperties properties;

	private final String ordersGroup;

	private final Clock clock;

	BaselineLog(KafkaTemplate<String, Object> template, KafkaAdmin admin, LedgerProperties properties,
			Environment environment, Clock clock) {
		this.template = template;
		this.admin = admin;
		this.properties = properties;
		this.ordersGroup = environment.getProperty("stocksync.groups.orders", "ledger-orders");
		this.clock = clock;
	}

	/** Publishes the snapshots; {@code acknowledged} hears how many Kafka has so far. */
	Map<TopicPartition, Long> publish(List<OrderSnapshot> snapshots, IntConsumer acknowledged) {
		List<CompletableFuture<SendResult<String, Object>>> sends = new ArrayList<>(snapshots.size());
		for (OrderSnapshot snapshot : snapshots) {
			sends.add(this.template.send(this.properties.topics().orderEvents(), snapshot.key(), snapshot));
		}
		Map<TopicPartition, Long> last = new HashMap<>();
		int done = 0;
		for (CompletableFuture<SendResult<String, Object>> send : sends) {
			SendResult<String, Object> result;
			try {
				result = send.get(this.properties.kafkaAckTimeout().toMillis() * 6, TimeUnit.MILLISECONDS);
			}
			catch (InterruptedException ex) {
				Thread.currentThread().interrupt();
				throw new IllegalStateException("interrupted while publishing the baseline", ex);
			}
			catch (Exception ex) {
				throw new IllegalStateException("Kafka did not acknowledge a baseline event: " + ex.getMessage(), ex);
			}
			last.merge(new TopicPartition(result.getRecordMetadata().topic(), result.getRecordMetadata().partition()),
					result.getRecordMetadata().offset(), Math::max);
			acknowledged.accept(++done);
		}
		return last;
	}

	/**
	 * Waits until the ledger's order consumer group has committed past the given offsets.
	 */
	void awaitApplied(Map<TopicPartition, Long> offsets, java.time.Duration timeout) throws InterruptedException {
		if (offsets.isEmpty()) {
			return;
		}
		Instant deadline = this.clock.instant().plus(timeout);
		try (AdminClient client = AdminClient.create(this.admin.getConfigurationProperties())) {
			while (true) {
				Map<TopicPartition, OffsetAndMetadata> committed;
				try {
					committed = client.listConsumerGroupOffsets(this.ordersGroup)
						.partitionsToOffsetAndMetadata()
						.get(30, TimeUnit.SECONDS);
				}
				catch (java.util.concurrent.ExecutionException | java.util.concurrent.TimeoutException ex) {
					throw new IllegalStateException("cannot read the offsets of group " + this.ordersGroup + ": " + ex,
							ex);
				}
				boolean applied = offsets.entrySet().stream().allMatch((entry) -> {
					OffsetAndMetadata offset = committed.get(entry.getKey());
					return offset != null && offset.offset() > entry.getValue();
				});
				if (applied) {
					return;
				}
				if (this.clock.instant().isAfter(deadline)) {
					throw new IllegalStateException("the ledger (group " + this.ordersGroup
							+ ") did not apply the baseline within " + timeout + "; is it consuming?");
				}
				Thread.sleep(200);
			}
		}
	}

}
