package io.stocksync.support.kafka;

import java.time.Duration;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.DescribeClusterOptions;

import org.springframework.beans.factory.DisposableBean;
import org.springframework.boot.health.contributor.Health;
import org.springframework.boot.health.contributor.HealthIndicator;
import org.springframework.boot.kafka.autoconfigure.KafkaProperties;

/**
 * Health of the Kafka connection ({@code kafka} in the readiness group): UP while the
 * cluster answers a metadata request within a few seconds. Without Kafka this service can
 * do nothing useful, so it takes itself out of the load balancer and comes back when the
 * brokers answer again.
 */

final class KafkaHealthIndicator implements HealthIndicator, DisposableBean {

	private static final Duration TIMEOUT = Duration.ofSeconds(3);

	private final Admin admin;

	KafkaHealthIndicator(KafkaProperties kafka) {
		Map<String, Object> config = kafka.buildAdminProperties();
		config.put(AdminClientConfig.REQUEST_TIMEOUT_MS_CONFIG, (int) TIMEOUT.toMillis());
		config.put(AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, (int) TIMEOUT.toMillis());
		this.admin = Admin.create(config);
	}

	@Override
	public Health health() {
		try {
			String clusterId = this.admin
				.describeCluster(new DescribeClusterOptions().timeoutMs((int) TIMEOUT.toMillis()))
				.clusterId()
				.get(TIMEOUT.toMillis() + 500, TimeUnit.MILLISECONDS);
			return Health.up().withDetail("clusterId", clusterId).build();
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			return Health.down(ex).build();
		}
		catch (Exception ex) {
			return Health.down().withDetail("error", ex.getClass().getSimpleName()).build();
		}
	}

	@Override
	public void destroy() {
		this.admin.close(Duration.ofSeconds(1));
	}

}
