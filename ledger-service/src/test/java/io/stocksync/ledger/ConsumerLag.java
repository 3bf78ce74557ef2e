package io.stocksync.ledger;

import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ExecutionException;

import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.ListOffsetsResult.ListOffsetsResultInfo;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.common.TopicPartition;

/**
 * Tells whether a consumer group has committed every record of a topic: the ledger is
 * idle.
 */
public final class ConsumerLag implements AutoCloseable {

	private final Admin admin;

	public ConsumerLag(String bootstrapServers) {
		this.admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers));
	}

	/**
	 * Records of the topic the group has not committed yet, as the services' own
	 * {@code GET /admin/lag} counts them.
	 */
	public long lag(String groupId, String topic) {
		return io.stocksync.support.kafka.ConsumerLag.lag(this.admin, groupId, topic, Duration.ofSeconds(10));
	}

	/** Records ever written to the topic; 0 when it does not exist. */
	public long records(String topic) {
		try {
			if (!this.admin.listTopics().names().get().contains(topic)) {
				return 0;
			}
			Map<TopicPartition, OffsetSpec> request = new HashMap<>();
			this.admin.describeTopics(Set.of(topic))
				.allTopicNames()
				.get()
				.get(topic)
				.partitions()
				.forEach((partition) -> request.put(new TopicPartition(topic, partition.partition()),
						OffsetSpec.latest()));
			return this.admin.listOffsets(request)
				.all()
				.get()
				.values()
				.stream()
				.mapToLong(ListOffsetsResultInfo::offset)
				.sum();
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			throw new IllegalStateException(ex);
		}
		catch (ExecutionException ex) {
			throw new IllegalStateException(ex);
		}
	}

	@Override
	public void close() {
		this.admin.close();
	}

}
