package io.stocksync.propagator.lag;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import io.stocksync.common.shop.ShopConfig;
import io.stocksync.common.shop.Sites;
import io.stocksync.propagator.system.PropagatorProperties;
import io.stocksync.support.kafka.ConsumerLags;
import io.stocksync.support.kafka.ConsumerLags.GroupTopic;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.beans.factory.DisposableBean;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.kafka.core.KafkaAdmin;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RestController;

/**
 * The propagator's consumer lag per shop: records of the stock-changed topic the shop's
 * group has not committed yet (retry and DLT topics not counted). Kafka not answering
 * within a few seconds (for all shops together) gives 503.
 */
@RestController
class LagController implements DisposableBean {

	private static final Logger logger = LoggerFactory.getLogger(LagController.class);

	private final ConsumerLags lags;

	private final Sites sites;

	private final PropagatorProperties properties;

	LagController(KafkaAdmin kafkaAdmin, Sites sites, PropagatorProperties properties) {
		this.lags = new ConsumerLags(kafkaAdmin.getConfigurationProperties(), Duration.ofSeconds(3));
		this.sites = sites;
		this.properties = properties;
	}

	@GetMapping("/admin/lag")
	ResponseEntity<?> lag() {
		String topic = this.properties.topics().stockChanged();
		List<ShopConfig> shops = this.sites.all();
		List<GroupTopic> groups = shops.stream()
			.map((shop) -> new GroupTopic(this.properties.push().groupIdPrefix() + shop.id(), topic))
			.toList();
		List<Long> lags;
		try {
			lags = this.lags.of(groups);
		}
		catch (IllegalStateException ex) {
			logger.warn("Consumer lag unavailable: {}", ex.getMessage());
			return ResponseEntity.status(HttpStatus.SERVICE_UNAVAILABLE)
				.body(Map.of("error", "kafka_unavailable", "message", ex.getMessage()));
		}
		List<ShopLag> result = new ArrayList<>();
		for (int i = 0; i < shops.size(); i++) {
			result.add(new ShopLag(shops.get(i).id(), groups.get(i).group(), topic, lags.get(i)));
		}
		return ResponseEntity.ok(new Lags(result));
	}

	@Override
	public void destroy() {
		this.lags.close();
	}

	/**
	 * @param lag records of the topic the shop's group has not committed
	 */
	record ShopLag(String shop, String group, String topic, long lag) {
	}

	record Lags(List<ShopLag> shops) {
	}

}
