package io.stocksync.ledger.lag;

import java.time.Duration;
import java.util.Map;
import java.util.TreeMap;
import java.util.UUID;

import io.stocksync.common.event.AdjustmentType;
import io.stocksync.ledger.LedgerIntegrationTest;
import io.stocksync.ledger.LedgerTestSupport;
import io.stocksync.support.kafka.ConsumerLag;
import io.stocksync.testsupport.TestInfrastructure;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.kafka.config.KafkaListenerEndpointRegistry;
import org.springframework.kafka.listener.MessageListenerContainer;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * {@code GET /admin/lag} on a real Kafka: records the ledger's groups have not committed,
 * while the adjustments consumer is paused, and none once it has caught up; a group that
 * never committed counts the whole topic.
 */
@LedgerIntegrationTest(token = "lag-test-token")
class LagIntegrationTests {

	@Autowired
	LedgerTestSupport ledger;

	@Autowired
	KafkaListenerEndpointRegistry listeners;

	@Test
	void shouldCountRecordsNotConsumedYetPerGroup() throws Exception {
		// given the adjustments group has consumed (and committed) a first record
		adjust("LAG-A", 1);
		this.ledger.awaitOnHand("LAG-A", 1);
		await().atMost(Duration.ofSeconds(30))
			.until(() -> lags().equals(Map.of("ledger-orders", 0L, "ledger-adjustments", 0L)));

		// when it is paused and five more arrive
		MessageListenerContainer adjustments = this.listeners.getListenerContainer("ledger-adjustments");
		adjustments.pause();
		await().atMost(Duration.ofSeconds(30)).until(adjustments::isContainerPaused);
		for (int i = 2; i <= 6; i++) {
			adjust("LAG-A", i);
		}
		this.ledger.kafka().flush();

		// then its lag is five, and a group that never consumed the topic has all six to
		// go
		await().atMost(Duration.ofSeconds(30))
			.until(() -> lags().equals(Map.of("ledger-orders", 0L, "ledger-adjustments", 5L)));
		assertThat(lagJson().path("groups").get(1).path("topic").asString()).isEqualTo(this.ledger.adjustments());
		try (Admin admin = Admin.create(
				Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, TestInfrastructure.get().kafkaBootstrapServers()))) {
			// lag counts offsets, and a transaction's commit marker takes one too: six
			// records, maybe a marker
			assertThat(ConsumerLag.lag(admin, "nobody-" + UUID.randomUUID(), this.ledger.adjustments(),
					Duration.ofSeconds(10)))
				.isBetween(6L, 12L);
			assertThat(ConsumerLag.lag(admin, "ledger-adjustments", this.ledger.prefix() + "no-such-topic",
					Duration.ofSeconds(10)))
				.isZero();
		}

		// and once resumed, none
		adjustments.resume();
		this.ledger.awaitOnHand("LAG-A", 6);
		await().atMost(Duration.ofSeconds(30))
			.until(() -> lags().equals(Map.of("ledger-orders", 0L, "ledger-adjustments", 0L)));
	}

	private Map<String, Long> lags() throws Exception {
		Map<String, Long> lags = new TreeMap<>();
		lagJson().path("groups")
			.forEach((group) -> lags.put(group.path("group").asString(), group.path("lag").asLong()));
		return lags;
	}

	private JsonNode lagJson() throws Exception {
		return this.ledger.admin().json("/admin/lag");
	}

	private void adjust(String sku, long quantity) {
		this.ledger.adjust(sku, AdjustmentType.SET, quantity, sku + "-" + quantity);
	}

}
