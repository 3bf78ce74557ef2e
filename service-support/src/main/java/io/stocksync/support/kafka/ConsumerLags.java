package io.stocksync.support.kafka;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import org.apache.kafka.clients.admin.Admin;

/**
 * The lag of several consumer groups, each on its topic, read with an {@link Admin} of
 * its own within one timeout for all of them together: the services'
 * {@code GET /admin/lag} must answer within their callers' timeouts. Close it with the
 * bean that made it.
 */
public final class ConsumerLags implements AutoCloseable {

	private final Admin admin;

	private final Duration timeout;

	/**
	 * @param adminProperties the service's admin client properties
	 * ({@code KafkaAdmin#getConfigurationProperties()})
	 * @param timeout the most one {@link #of} may take
	 */
	public ConsumerLags(Map<String, Object> adminProperties, Duration timeout) {
		this.admin = ConsumerLag.admin(adminProperties, timeout);
		this.timeout = timeout;
	}

	/**
	 * The lag of each group on its topic, in the order given (see
	 * {@link ConsumerLag#lag}).
	 * @throws IllegalStateException when Kafka does not answer within the timeout (all
	 * groups together), or answers with an error
	 */
	public List<Long> of(List<GroupTopic> groups) {
		long deadline = System.nanoTime() + this.timeout.toNanos();
		List<Long> lags = new ArrayList<>();
		for (GroupTopic group : groups) {
			lags.add(ConsumerLag.lag(this.admin, group.group(), group.topic(), left(deadline)));
		}
		return lags;
	}

	private Duration left(long deadline) {
		long left = deadline - System.nanoTime();
		if (left <= 0) {
			throw new IllegalStateException("Kafka did not answer within " + this.timeout + " for the consumer lag");
		}
		return Duration.ofNanos(left);
	}

	@Override
	public void close() {
		this.admin.close(Duration.ofSeconds(1));
	}

	/** A consumer group and the topic whose lag is read. */
	public record GroupTopic(String group, String topic) {
	}

}
