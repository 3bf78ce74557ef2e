package io.stocksync.propagator.lag;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import io.stocksync.common.shop.ShopConfig;
import io.stocksync.common.shop.Sites;
import io.stocksync.propagator.system.PropagatorProperties;
import io.stocksync.support.kafka.ConsumerLag;
import org.apache.kafka.clients.admin.Admin;
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

	private static final Duration TIMEOUT = Duration.ofSeconds(3);

	private final Admin admin;

	private final Sites sites;

	private final PropagatorProperties properties;

	LagController(KafkaAdmin kafkaAdmin, Sites sites, PropagatorProperties properties) {
		this.admin = ConsumerLag.admin(kafkaAdmin.getConfigurationProperties(), TIMEOUT);
		this.sites = sites;
		this.properties = properties;
	}

	@GetMapping("/admin/lag")
	ResponseEntity<?> lag() {
		String topic = this.properties.topics().stockChanged();
		List<ShopLag> lags = new ArrayList<>();
		long deadline = System.nanoTime() + TIMEOUT.toNanos(); // the whole answer, to
																// stay within callers'
																// timeouts
		try {
			for (ShopConfig shop : this.sites.all()) {
				String group = this.properties.push().groupIdPrefix() + shop.id();
				lags.add(new ShopLag(shop.id(), group, topic,
						ConsumerLag.lag(this.admin, group, topic, left(deadline))));
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

	/**
	 * @param lag records of the topic the shop's group has not committed
	 */
	record ShopLag(String shop, String group, String topic, long lag) {
	}

	record Lags(List<ShopLag> shops) {
	}

}
