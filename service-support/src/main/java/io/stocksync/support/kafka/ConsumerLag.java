package io.stocksync.support.kafka;

import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.ListOffsetsResult.ListOffsetsResultInfo;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.KafkaFuture;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.UnknownTopicOrPartitionException;

/**
 * A consumer group's lag on a topic: records written to the topic that the group has not
 * committed yet. Plain Kafka, no Spring: the services' {@code GET /admin/lag} use it with
 * an {@link Admin} of their own.
 */
public final class ConsumerLag {

	private ConsumerLag() {
	}

	/**
	 * An {@link Admin} whose calls give up after {@code timeout}, from the service's
	 * admin client properties.
	 */
	public static Admin admin(Map<String, Object> properties, Duration timeout) {
		Map<String, Object> config = new HashMap<>(properties);
		config.put(AdminClientConfig.REQUEST_TIMEOUT_MS_CONFIG, (int) timeout.toMillis());
		config.put(AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, (int) timeout.toMillis());
		return Admin.create(config);
	}

	/**
	 * Records of {@code topic} that {@code group} has not committed: per partition the
	 * end offset less the committed one; a partition the group has no committed offset
	 * for counts whole (end less start). A topic that does not exist has no lag.
	 * @param timeout the most the whole computation may take
	 * @throws IllegalStateException when Kafka does not answer in time, or answers with
	 * an error
	 */
	public static long lag(Admin admin, String group, String topic, Duration timeout) {
		long deadline = System.nanoTime() + timeout.toNanos();
		try {
			List<Integer> partitions;
			try {
				partitions = get(admin.describeTopics(Set.of(topic)).allTopicNames(), deadline).get(topic)
					.partitions()
					.stream()
					.map((partition) -> partition.partition())
					.toList();
			}
			catch (ExecutionException ex) {
				if (ex.getCause() instanceof UnknownTopicOrPartitionException) {
					return 0;
				}
				throw ex;
			}
			Map<TopicPartition, OffsetAndMetadata> committed = get(
					admin.listConsumerGroupOffsets(group).partitionsToOffsetAndMetadata(), deadline);
			Map<TopicPartition, OffsetSpec> ends = new HashMap<>();
			Map<TopicPartition, OffsetSpec> starts = new HashMap<>();
			for (int partition : partitions) {
				TopicPartition key = new TopicPartition(topic, partition);
				ends.put(key, OffsetSpec.latest());
				if (committed.get(key) == null) {
					starts.put(key, OffsetSpec.earliest());
				}
			}
			Map<TopicPartition, ListOffsetsResultInfo> end = get(admin.listOffsets(ends).all(), deadline);
			Map<TopicPartition, ListOffsetsResultInfo> start = starts.isEmpty() ? Map.of()
					: get(admin.listOffsets(starts).all(), deadline);
			long lag = 0;
			for (Map.Entry<TopicPartition, ListOffsetsResultInfo> entry : end.entrySet()) {
				OffsetAndMetadata position = committed.get(entry.getKey());
				long from = (position != null) ? position.offset() : start.get(entry.getKey()).offset();
				lag += Math.max(0, entry.getValue().offset() - from);
			}
			return lag;
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			throw new IllegalStateException("interrupted while reading the lag of group " + group, ex);
		}
		catch (TimeoutException ex) {
			throw new IllegalStateException(
					"Kafka did not answer within " + timeout + " for the lag of group " + group + " on " + topic, ex);
		}
		catch (ExecutionException ex) {
			Throwable cause = (ex.getCause() != null) ? ex.getCause() : ex;
			throw new IllegalStateException("cannot read the lag of group " + group + " on " + topic + ": "
					+ cause.getClass().getSimpleName() + " " + cause.getMessage(), cause);
		}
	}

	private static <T> T get(KafkaFuture<T> future, long deadline)
			throws InterruptedException, ExecutionException, TimeoutException {
		long left = Math.max(1, TimeUnit.NANOSECONDS.toMillis(deadline - System.nanoTime()));
		return future.get(left, TimeUnit.MILLISECONDS);
	}

}
