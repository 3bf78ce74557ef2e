package io.stocksync.propagator;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.stream.Collectors;

import io.micrometer.core.instrument.Meter;
import io.micrometer.core.instrument.MeterRegistry;
import io.stocksync.fakeshop.FakeShop;
import io.stocksync.fakeshop.FakeShopOptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import tools.jackson.databind.JsonNode;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.kafka.config.KafkaListenerEndpointRegistry;
import org.springframework.kafka.listener.MessageListenerContainer;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

import static io.stocksync.propagator.PropagatorTestSupport.change;
import static io.stocksync.propagator.PropagatorTestSupport.json;
import static io.stocksync.propagator.PropagatorTestSupport.sitesFile;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The Kafka client meters on a real Kafka, with fake shops ka and kb: each shop's main
 * consumer has them (lag and fetch rates, also through {@code /actuator/metrics}), its
 * five retry consumers and its DLT consumer, running and assigned, have none.
 */
@PropagatorIntegrationTest(token = "meters-test-token")
class KafkaClientMetersIntegrationTests {

	private static final String LAG = "kafka.consumer.fetch.manager.records.lag.max";

	private static final String FETCH_RATE = "kafka.consumer.fetch.manager.fetch.rate";

	@RegisterExtension
	static final FakeShops shops = new FakeShops();

	static {
		for (String id : List.of("ka", "kb")) {
			FakeShop shop = FakeShop.start(FakeShopOptions.defaults(id));
			shop.addSimpleProduct("METER-1", 99);
			shops.put(id, shop);
		}
	}

	@DynamicPropertySource
	static void properties(DynamicPropertyRegistry registry) {
		registry.add("stocksync.sites-file", () -> sitesFile(shops.values(), (shop) -> ""));
		registry.add("stocksync.reconcile.enabled", () -> "false");
	}

	@Autowired
	PropagatorTestSupport propagator;

	@Autowired
	MeterRegistry meters;

	@Autowired
	KafkaListenerEndpointRegistry listeners;

	@Test
	void shouldMeterOnlyTheMainConsumerOfEachShop() {
		// given every consumer of both shops running with its partitions, and a change
		// written
		List<MessageListenerContainer> containers = List.copyOf(this.listeners.getListenerContainers());
		await().atMost(Duration.ofSeconds(60))
			.until(() -> containers.stream()
				.allMatch((container) -> container.isRunning() && container.getAssignedPartitions() != null
						&& !container.getAssignedPartitions().isEmpty()));
		this.propagator.send(change("METER-1", 10, 1));
		await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> {
			assertThat(shops.get("ka").stockOf("METER-1")).isEqualTo(10);
			assertThat(shops.get("kb").stockOf("METER-1")).isEqualTo(10);
		});

		for (String shop : List.of("ka", "kb")) {
			// then the shop has seven consumers: main, five retry topics, DLT
			Set<String> clientIds = clientIdsOf(containers, "propagator-" + shop);
			String main = "propagator-" + shop + "-0";
			assertThat(clientIds).hasSize(7)
				.contains(main, "propagator-" + shop + "-" + shop + "-retry-0-0",
						"propagator-" + shop + "-" + shop + "-dlt-0");

			// and only the main one has client meters, among them lag and fetch rate
			Map<String, Integer> metered = meteredClients();
			assertThat(metered.keySet()).as("client ids with kafka.consumer meters: %s", metered)
				.filteredOn(clientIds::contains)
				.containsExactly(main);
			assertThat(this.meters.find(LAG).tag("client.id", main).meters()).isNotEmpty();
			assertThat(this.meters.find(FETCH_RATE).tag("client.id", main).meters()).isNotEmpty();

			// and operators read the lag where they always did
			JsonNode lag = json(this.propagator.admin("GET", "/actuator/metrics/" + LAG + "?tag=client.id:" + main));
			assertThat(lag.path("measurements").get(0).path("value").isNumber()).isTrue();
		}
	}

	/* The client ids of a group's consumers: its containers' prefixes, numbered. */
	private static Set<String> clientIdsOf(List<MessageListenerContainer> containers, String group) {
		return containers.stream()
			.filter((container) -> group.equals(container.getGroupId())
					|| container.getListenerId().startsWith(group + "-"))
			.map((container) -> container.getContainerProperties().getClientId() + "-0")
			.collect(Collectors.toSet());
	}

	/* client.id -> number of kafka.consumer meters */
	private Map<String, Integer> meteredClients() {
		Map<String, Integer> clients = new TreeMap<>();
		for (Meter meter : this.meters.getMeters()) {
			if (meter.getId().getName().startsWith("kafka.consumer.")) {
				clients.merge(String.valueOf(meter.getId().getTag("client.id")), 1, Integer::sum);
			}
		}
		return clients;
	}

}
