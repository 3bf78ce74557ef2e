package io.stocksync.ledger.lag;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import io.stocksync.ledger.system.LedgerProperties;
import io.stocksync.support.kafka.ConsumerLags;
import io.stocksync.support.kafka.ConsumerLags.GroupTopic;
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

	private final ConsumerLags lags;

	private final List<GroupTopic> groups;

	LagController(KafkaAdmin kafkaAdmin, LedgerProperties properties, Environment environment) {
		this.lags = new ConsumerLags(kafkaAdmin.getConfigurationProperties(), Duration.ofSeconds(3));
		this.groups = List.of(
				new GroupTopic(environment.getProperty("stocksync.groups.orders", "ledger-orders"),
						properties.topics().orderEvents()),
				new GroupTopic(environment.getProperty("stocksync.groups.adjustments", "ledger-adjustments"),
						properties.topics().adjustments()));
	}

	@GetMapping("/admin/lag")
	ResponseEntity<?> lag() {
		List<Long> lags;
		try {
			lags = this.lags.of(this.groups);
		}
		catch (IllegalStateException ex) {
			logger.warn("Consumer lag unavailable: {}", ex.getMessage());
			return ResponseEntity.status(HttpStatus.SERVICE_UNAVAILABLE)
				.body(Map.of("error", "kafka_unavailable", "message", ex.getMessage()));
		}
		List<GroupLag> result = new ArrayList<>();
		for (int i = 0; i < this.groups.size(); i++) {
			result.add(new GroupLag(this.groups.get(i).group(), this.groups.get(i).topic(), lags.get(i)));
		}
		return ResponseEntity.ok(new Lags(result));
	}

	@Override
	public void destroy() {
		this.lags.close();
	}

	/**
	 * @param lag records of the topic the group has not committed
	 */
	record GroupLag(String group, String topic, long lag) {
	}

	record Lags(List<GroupLag> groups) {
	}

}
