package io.stocksync.systemtests;

import java.util.HashMap;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ExecutionException;
import java.util.stream.Collectors;

import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.ListOffsetsResult.ListOffsetsResultInfo;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.TopicPartition;

/**
 * Reads end offsets and consumer group positions, to tell "nothing was written" and
 * "everything was consumed".
 */
final class KafkaOffsets implements AutoCloseable {

	private final Admin admin;

	KafkaOffsets(String bootstrapServers) {
		this.admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers));
	}

	/**
	 * Total number of records ever written to every topic that exists (internal topics
	 * excluded).
	 */
	Map<String, Long> recordsPerTopic() {
		try {
			Set<String> topics = this.admin.listTopics().names().get();
			Map<TopicPartition, OffsetSpec> request = new HashMap<>();
			this.admin.describeTopics(topics)
				.allTopicNames()
				.get()
				.forEach((name, description) -> description.partitions()
					.forEach((partition) -> request.put(new TopicPartition(name, partition.partition()),
							OffsetSpec.latest())));
			Map<TopicPartition, ListOffsetsResultInfo> offsets = this.admin.listOffsets(request).all().get();
			return offsets.entrySet()
				.stream()
				.collect(Collectors.groupingBy((entry) -> entry.getKey().topic(),
						Collectors.summingLong((entry) -> entry.getValue().offset())));
		}
		catch (InterruptedException | ExecutionException ex) {
			throw new IllegalStateException(ex);
		}
	}

	/** Whether the group has committed every record of the topic. */
	boolean hasConsumedAll(String groupId, String topic) {
		return lag(groupId, topic) == 0;
	}

	/** Records of the topic the group has not committed yet, over all partitions. */
	long lag(String groupId, String topic) {
		try {
			Map<TopicPartition, OffsetAndMetadata> committed = this.admin.listConsumerGroupOffsets(groupId)
				.partitionsToOffsetAndMetadata()
				.get();
			Map<TopicPartition, OffsetSpec> request = new HashMap<>();
			this.admin.describeTopics(Set.of(topic))
				.allTopicNames()
				.get()
				.get(topic)
				.partitions()
				.forEach((partition) -> request.put(new TopicPartition(topic, partition.partition()),
						OffsetSpec.latest()));
			long lag = 0;
			for (Map.Entry<TopicPartition, ListOffsetsResultInfo> end : this.admin.listOffsets(request)
				.all()
				.get()
				.entrySet()) {
				OffsetAndMetadata position = committed.get(end.getKey());
				long consumed = (position != null) ? position.offset() : 0;
				lag += Math.max(0, end.getValue().offset() - consumed);
			}
			return lag;
		}
		catch (InterruptedException | ExecutionException ex) {
			throw new IllegalStateException(ex);
		}
	}

	@Override
	public void close() {
		this.admin.close();
	}

}
