package io.stocksync.bench;

import java.util.HashMap;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.clients.admin.TopicDescription;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.TopicPartition;

/**
 * Consumer group progress: records written to a topic (sum of end offsets) and records a
 * group has committed. The ledger's throughput is read from here, not from its logs.
 */
final class KafkaProgress implements AutoCloseable {

	static final String ORDER_EVENTS = "stocksync.order-events";

	static final String STOCK_CHANGED = "stocksync.stock-changed";

	static final String LEDGER_GROUP = "ledger-orders";

	private final Admin admin;

	KafkaProgress(String bootstrap) {
		this.admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap,
				AdminClientConfig.REQUEST_TIMEOUT_MS_CONFIG, 5000, AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG,
				10000));
	}

	/** Records ever written to the topic; 0 if it does not exist yet. */
	long end(String topic) {
		return orZero(() -> {
			Map<String, TopicDescription> topics = this.admin.describeTopics(Set.of(topic))
				.allTopicNames()
				.get(10, TimeUnit.SECONDS);
			Map<TopicPartition, OffsetSpec> request = new HashMap<>();
			topics.get(topic)
				.partitions()
				.forEach((p) -> request.put(new TopicPartition(topic, p.partition()), OffsetSpec.latest()));
			return this.admin.listOffsets(request)
				.all()
				.get(10, TimeUnit.SECONDS)
				.values()
				.stream()
				.mapToLong((info) -> info.offset())
				.sum();
		});
	}

	/** Records of the topic the group has committed; 0 if it has committed none. */
	long committed(String group, String topic) {
		return orZero(() -> {
			Map<TopicPartition, OffsetAndMetadata> offsets = this.admin.listConsumerGroupOffsets(group)
				.partitionsToOffsetAndMetadata()
				.get(10, TimeUnit.SECONDS);
			return offsets.entrySet()
				.stream()
				.filter((e) -> e.getKey().topic().equals(topic) && e.getValue() != null)
				.mapToLong((e) -> e.getValue().offset())
				.sum();
		});
	}

	/*
	 * The count, or 0 where Kafka answers with an error (no such topic or group yet); an
	 * exception where it does not answer in time.
	 */
	private static long orZero(AdminCount count) {
		try {
			return count.get();
		}
		catch (ExecutionException ex) {
			return 0;
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			throw new IllegalStateException(ex);
		}
		catch (TimeoutException ex) {
			throw new IllegalStateException("Kafka did not answer in time", ex);
		}
	}

	@FunctionalInterface
	private interface AdminCount {

		long get() throws ExecutionException, InterruptedException, TimeoutException;

	}

	long lag(String group, String topic) {
		return end(topic) - committed(group, topic);
	}

	@Override
	public void close() {
		this.admin.close();
	}

}
