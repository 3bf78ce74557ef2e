package io.stocksync.ingest.poll;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.stocksync.common.event.OrderSnapshot;
import io.stocksync.fakeshop.FakeShop;
import io.stocksync.fakeshop.FakeShopOptions;
import io.stocksync.fakeshop.WebhookDelivery;
import io.stocksync.ingest.PublishedEvents;
import io.stocksync.ingest.TestDirectories;
import io.stocksync.testsupport.TestInfrastructure;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.webmvc.test.autoconfigure.AutoConfigureMockMvc;
import org.springframework.context.annotation.Import;
import org.springframework.http.MediaType;
import org.springframework.test.context.ActiveProfiles;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import org.springframework.test.web.servlet.MockMvc;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.contains;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.everyItem;
import static org.hamcrest.Matchers.hasItem;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.post;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.put;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.jsonPath;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

/**
 * Lost deliveries, against fake WooCommerce shops over real HTTP and a real Kafka broker:
 * an order whose webhook went to a wrong URL is recovered by the order poll; a webhook
 * WooCommerce disabled after failed deliveries is re-activated by the scheduled health
 * check, which then polls the orders it lost; registration creates the webhooks a shop
 * needs (WooCommerce's ping included) and repairs them.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.DEFINED_PORT)
@AutoConfigureMockMvc
@ActiveProfiles("local")
@Import(PublishedEvents.class)
class LostWebhookIntegrationTests {

	private static final String TOKEN = "Bearer poll-test-token";

	private static final String PREFIX = TestInfrastructure.uniqueTopicPrefix();

	private static final Path DATA_DIR = TestDirectories.create("lost-webhook-it");

	private static final int PORT = freePort();

	private static final String INGEST = "http://127.0.0.1:" + PORT;

	private static final FakeShop wrongUrlShop = FakeShop.start(FakeShopOptions.defaults("shopa"));

	private static final FakeShop failingShop = FakeShop.start(FakeShopOptions.defaults("shopb"));

	private static final FakeShop newShop = FakeShop.start(FakeShopOptions.defaults("shopc"));

	@DynamicPropertySource
	static void infrastructure(DynamicPropertyRegistry registry) throws IOException {
		StringBuilder sites = new StringBuilder("sites:\n");
		for (FakeShop shop : List.of(wrongUrlShop, failingShop, newShop)) {
			shop.addSimpleProduct("WCP-MUG", 100);
			sites.append(shop.sitesEntry());
		}
		Path sitesFile = Files.writeString(DATA_DIR.resolve("sites.yml"), sites);
		registry.add("spring.kafka.bootstrap-servers", () -> TestInfrastructure.get().kafkaBootstrapServers());
		registry.add("stocksync.topics.order-events", () -> PREFIX + "order-events");
		registry.add("stocksync.topics.refund-lookups", () -> PREFIX + "refund-lookups");
		registry.add("stocksync.topics.shopify-order-lookups", () -> PREFIX + "shopify-order-lookups");
		registry.add("stocksync.topics.quarantine", () -> PREFIX + "quarantine");
		registry.add("stocksync.topics.product-stock", () -> PREFIX + "product-stock");
		registry.add("stocksync.sites-file", sitesFile::toString);
		registry.add("stocksync.data-dir", () -> DATA_DIR.toString());
		registry.add("stocksync.admin-token", () -> "poll-test-token");
		registry.add("server.port", () -> PORT);
		registry.add("stocksync.public-base-url", () -> INGEST);
		registry.add("stocksync.poll.enabled", () -> "false");
		registry.add("stocksync.webhook-health.interval", () -> "2s");
	}

	@AfterAll
	static void stopShops() {
		List.of(wrongUrlShop, failingShop, newShop).forEach(FakeShop::close);
	}

	@Autowired
	MockMvc mvc;

	@Autowired
	PublishedEvents received;

	@Autowired
	MeterRegistry meters;

	@Test
	void shouldRecoverAnOrderWhoseWebhookWentToAWrongUrlWithTheOrderPoll() throws Exception {
		wrongUrlShop.registerWebhook("order.created", INGEST + "/webhook/woocommerce/shopa"); // typo
																								// in
																								// the
																								// path
		long orderId = wrongUrlShop.placeOrder("processing", Map.of("WCP-MUG", 2));
		assertThat(wrongUrlShop.deliveries()).isNotEmpty().noneMatch(WebhookDelivery::succeeded);

		this.mvc.perform(post("/admin/sites/shopa/poll-orders").header("Authorization", TOKEN))
			.andExpect(status().isOk())
			.andExpect(jsonPath("$.published").value(1))
			.andExpect(jsonPath("$.error").doesNotExist());

		await().atMost(Duration.ofSeconds(30))
			.untilAsserted(() -> assertThat(this.received.orders).anySatisfy((snapshot) -> {
				assertThat(snapshot.key()).isEqualTo("shopa:" + orderId);
				assertThat(snapshot.source()).isEqualTo("poll");
				assertThat(snapshot.status()).isEqualTo("processing");
				assertThat(snapshot.lines()).singleElement()
					.satisfies((line) -> assertThat(line.reducedStock()).isEqualTo(2));
			}));
		assertThat(DATA_DIR.resolve("watermarks/shopa.json")).exists();
		// The shop's orders change, yet no webhook brought this one: its webhooks are not
		// healthy, whatever they say.
		this.mvc.perform(get("/admin/sites/shopa/webhooks").header("Authorization", TOKEN))
			.andExpect(status().isOk())
			.andExpect(jsonPath("$.healthy").value(false))
			.andExpect(jsonPath("$.ordersWithoutWebhook.orders").value(1));
		// Polling again finds the same order, already published: nothing new on the
		// topic.
		this.mvc.perform(post("/admin/sites/shopa/poll-orders").header("Authorization", TOKEN))
			.andExpect(status().isOk())
			.andExpect(jsonPath("$.published").value(0))
			.andExpect(jsonPath("$.unchanged").value(1));
		this.mvc.perform(post("/admin/sites/shopa/poll-orders")).andExpect(status().isUnauthorized());
		this.mvc.perform(post("/admin/sites/nope/poll-orders").header("Authorization", TOKEN))
			.andExpect(status().isNotFound());
	}

	@Test
	void shouldStartTheFirstPollAfterTheBaselineAtTheWatermarkItHandedOverAndNeverMoveItBack() throws Exception {
		// A cut a minute ahead: later than any watermark that ingest's own polls (other
		// tests, the schedule) may have stored meanwhile.
		Instant cut = Instant.now().plusSeconds(60).truncatedTo(ChronoUnit.SECONDS);

		this.mvc
			.perform(put("/admin/sites/shopa/poll-watermark").header("Authorization", TOKEN)
				.contentType(MediaType.APPLICATION_JSON)
				.content("{\"watermark\":\"" + cut + "\"}"))
			.andExpect(status().isOk())
			.andExpect(jsonPath("$.watermark").value(cut.toString()));
		// an older one (a second baseline handing over an earlier cut) does not move it
		// back
		this.mvc
			.perform(put("/admin/sites/shopa/poll-watermark").header("Authorization", TOKEN)
				.contentType(MediaType.APPLICATION_JSON)
				.content("{\"watermark\":\"" + cut.minusSeconds(3600) + "\"}"))
			.andExpect(status().isOk())
			.andExpect(jsonPath("$.previous").value(cut.toString()))
			.andExpect(jsonPath("$.watermark").value(cut.toString()));
		this.mvc.perform(get("/admin/sites/shopa/poll-watermark").header("Authorization", TOKEN))
			.andExpect(status().isOk())
			.andExpect(jsonPath("$.watermark").value(cut.toString()));

		// the poll reads from the handed-over watermark (minus the overlap), not earlier
		this.mvc.perform(post("/admin/sites/shopa/poll-orders").header("Authorization", TOKEN))
			.andExpect(status().isOk())
			.andExpect(jsonPath("$.modifiedAfter").value(cut.minus(Duration.ofMinutes(10)).toString()));

		this.mvc
			.perform(put("/admin/sites/shopa/poll-watermark").header("Authorization", TOKEN)
				.contentType(MediaType.APPLICATION_JSON)
				.content("{\"watermark\":\"yesterday\"}"))
			.andExpect(status().isBadRequest());
		this.mvc
			.perform(put("/admin/sites/nope/poll-watermark").header("Authorization", TOKEN)
				.contentType(MediaType.APPLICATION_JSON)
				.content("{\"watermark\":\"" + cut + "\"}"))
			.andExpect(status().isNotFound());
		this.mvc
			.perform(put("/admin/sites/shopa/poll-watermark").contentType(MediaType.APPLICATION_JSON)
				.content("{\"watermark\":\"" + cut + "\"}"))
			.andExpect(status().isUnauthorized());
	}

	@Test
	void shouldReactivateAWebhookWooCommerceDisabledAfterFailedDeliveriesAndPollTheOrdersItLost() throws Exception {
		// Our URL, but a secret ingest does not know: every delivery is answered 401.
		long webhookId = failingShop.registerWebhook("order.updated", INGEST + "/webhooks/woocommerce/shopb",
				"a-secret-ingest-does-not-know");
		List<Long> orders = new ArrayList<>();
		for (int i = 0; i < 3; i++) {
			long order = failingShop.placeOrder("on-hold", Map.of("WCP-MUG", 1));
			failingShop.setOrderStatus(order, "processing");
			orders.add(order);
		}
		// Six failures in a row: WooCommerce disables the webhook (the check below may
		// already have re-activated it).
		assertThat(failingShop.deliveries()).hasSize(6)
			.allSatisfy((delivery) -> assertThat(delivery.status()).isEqualTo(401));

		// The scheduled check (every 2 s here) re-activates it, reports it and polls the
		// shop.
		await().atMost(Duration.ofSeconds(30))
			.until(() -> reactivations("shopb") >= 1 && "active".equals(failingShop.webhookStatus(webhookId)));
		await().atMost(Duration.ofSeconds(30))
			.untilAsserted(
					() -> assertThat(this.received.orders).filteredOn((snapshot) -> snapshot.shopId().equals("shopb"))
						.extracting(OrderSnapshot::orderId)
						.containsAll(orders));
		assertThat(this.received.orders).filteredOn((snapshot) -> snapshot.shopId().equals("shopb"))
			.allSatisfy((snapshot) -> assertThat(snapshot.source()).isEqualTo("poll"));
		// the check stores its report once its poll has returned: a moment after the
		// orders are on the topic
		await().atMost(Duration.ofSeconds(30))
			.untilAsserted(() -> this.mvc.perform(get("/admin/sites/shopb/webhooks").header("Authorization", TOKEN))
				.andExpect(status().isOk())
				.andExpect(jsonPath("$.webhooks[?(@.id == " + webhookId + ")].status").value(contains("active")))
				.andExpect(jsonPath("$.lastCheck").exists()));
	}

	@Test
	void shouldRegisterTheWebhooksAShopNeedsAndRepairThemWhenRunAgain() throws Exception {
		this.mvc.perform(get("/admin/sites/shopc/webhooks").header("Authorization", TOKEN))
			.andExpect(status().isOk())
			.andExpect(jsonPath("$.healthy").value(false))
			.andExpect(jsonPath("$.missingTopics").value(hasItem("order.updated")));

		this.mvc.perform(post("/admin/sites/shopc/webhooks/register").header("Authorization", TOKEN))
			.andExpect(status().isOk())
			.andExpect(jsonPath("$.deliveryUrl").value(INGEST + "/webhooks/woocommerce/shopc"))
			.andExpect(jsonPath("$.actions.length()").value(5))
			.andExpect(jsonPath("$.confirmed").value(true))
			.andExpect(jsonPath("$.actions").value(everyItem(containsString("ping received"))));
		assertThat(newShop.deliveries()).filteredOn((delivery) -> delivery.topic().equals("ping"))
			.hasSize(5)
			.allSatisfy((ping) -> assertThat(ping.status()).isEqualTo(200));

		long orderId = newShop.placeOrder("processing", Map.of("WCP-MUG", 1));
		await().atMost(Duration.ofSeconds(30))
			.untilAsserted(() -> assertThat(this.received.orders).anySatisfy((snapshot) -> {
				assertThat(snapshot.key()).isEqualTo("shopc:" + orderId);
				assertThat(snapshot.source()).isEqualTo("webhook");
			}));

		long updated = newShop.webhookIds("order.updated").get(0);
		newShop.setWebhookStatus(updated, "paused");
		this.mvc.perform(post("/admin/sites/shopc/webhooks/register").header("Authorization", TOKEN))
			.andExpect(status().isOk())
			.andExpect(jsonPath("$.actions").value(hasItem(containsString("order.updated: reactivated " + updated))))
			.andExpect(jsonPath("$.actions").value(hasItem(containsString("order.created: ok"))));
		assertThat(newShop.webhookStatus(updated)).isEqualTo("active");
		this.mvc.perform(get("/admin/sites/shopc/webhooks").header("Authorization", TOKEN))
			.andExpect(status().isOk())
			.andExpect(jsonPath("$.healthy").value(true));
		this.mvc.perform(post("/admin/sites/shopc/webhooks/register")).andExpect(status().isUnauthorized());
	}

	private double reactivations(String shopId) {
		return this.meters.find("stocksync.ingest.webhooks.reactivated")
			.tag("shop", shopId)
			.counters()
			.stream()
			.mapToDouble(Counter::count)
			.sum();
	}

	private static int freePort() {
		try (ServerSocket socket = new ServerSocket(0)) {
			return socket.getLocalPort();
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
	}

}
