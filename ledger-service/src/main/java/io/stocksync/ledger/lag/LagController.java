package io.stocksync.ledger.lag;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import io.stocksync.ledger.system.LedgerProperties;
import io.stocksync.support.kafka.ConsumerLag;
import org.apache.kafka.clients.admin.Admin;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.beans.factory.DisposableBean;
import org.springframework.core.env.Environment;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.kafka.core.KafkaAdmin;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RestController;

/**
 * The ledger's consumer lag: records of the order-events and adjustments topics its
 * groups have not committed yet. Kafka not answering within a few seconds (for all groups
 * together) gives 503.
 */
@RestController
class LagController implements DisposableBean {

	private static final Logger logger = LoggerFactory.getLogger(LagController.class);

	private static final Duration TIMEOUT = Duration.ofSeconds(3);

	private final Admin admin;

	private final List<GroupTopic> groups;

	LagController(KafkaAdmin kafkaAdmin, LedgerProperties properties, Environment environment) {
		this.admin = ConsumerLag.admin(kafkaAdmin.getConfigurationProperties(), TIMEOUT);
		this.groups = List.of(
				new GroupTopic(environment.getProperty("stocksync.groups.orders", "ledger-orders"),
						properties.topics().orderEvents()),
				new GroupTopic(environment.getProperty("stocksync.groups.adjustments", "ledger-adjustments"),
						properties.topics().adjustments()));
	}

	@GetMapping("/admin/lag")
	ResponseEntity<?> lag() {
		List<GroupLag> lags = new ArrayList<>();
		long deadline = System.nanoTime() + TIMEOUT.toNanos(); // the whole answer, to
																// stay within callers'
																// timeouts
		try {
			for (GroupTopic group : this.groups) {
				lags.add(new GroupLag(group.group(), group.topic(),
						ConsumerLag.lag(this.admin, group.group(), group.topic(), left(deadline))));
			}
		}
		catch (IllegalStateException ex) {
			logger.warn("Consumer lag unavailable: {}", ex.getMessage());
			return ResponseEntity.status(HttpStatus.SERVICE_UNAVAILABLE)
				.body(Map.of("error", "kafka_unavailable", "message", ex.getMessage()));
		}
		return ResponseEntity.ok(new Lags(lags));
	}

	private static Duration left(long deadline) {
		long left = deadline - System.nanoTime();
		if (left <= 0) {
			throw new IllegalStateException("Kafka did not answer within " + TIMEOUT + " for the consumer lag");
		}
		return Duration.ofNanos(left);
	}

	@Override
	public void destroy() {
		this.admin.close(Duration.ofSeconds(1));
	}

	private record GroupTopic(String group, String topic) {
	}

	/**
	 * @param lag records of the topic the group has not committed
	 */
	record GroupLag(String group, String topic, long lag) {
	}

	record Lags(List<GroupLag> groups) {
	}

}
