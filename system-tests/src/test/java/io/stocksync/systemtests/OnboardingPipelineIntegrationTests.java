package io.stocksync.systemtests;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import io.stocksync.common.json.JsonMappers;
import io.stocksync.fakeshop.FakeShop;
import io.stocksync.fakeshop.FakeShopOptions;
import io.stocksync.testsupport.ServiceProcess;
import io.stocksync.testsupport.TestInfrastructure;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Onboarding for real: two fake WooCommerce shops that already have orders when the three
 * services start (shop1: a processing order with {@code _reduced_stock}, an on-hold one,
 * a pending one, a processing one with a partial restocked refund; shop2: a processing
 * order). Webhooks are registered, the pool is imported from shop1 with the baseline,
 * then ingest's real order poll and real webhook redeliveries bring every order again,
 * pre-existing orders are cancelled and refunded, a new order is placed, and the ledger
 * is rebuilt.
 */
class OnboardingPipelineIntegrationTests {

	private static final String ADMIN_TOKEN = "onboarding-system-test-token";

	private static final Duration CONVERGE = Duration.ofSeconds(90);

	private static final HttpClient HTTP = HttpClient.newHttpClient();

	private static final String PREFIX = "onb" + UUID.randomUUID().toString().substring(0, 8) + ".";

	private static final List<ServiceProcess> services = new ArrayList<>();

	private static FakeShop shop1;

	private static FakeShop shop2;

	private static KafkaOffsets kafka;

	private static ServiceProcess ingest;

	private static ServiceProcess ledger;

	private static long processing;

	private static long onHold;

	private static long pending;

	private static long refunded;

	private static long otherShops;

	@BeforeAll
	static void startTheSystem() throws IOException {
		shop1 = FakeShop.start(FakeShopOptions.defaults("shop1"));
		shop2 = FakeShop.start(FakeShopOptions.defaults("shop2"));
		StringBuilder sites = new StringBuilder("sites:\n");
		for (FakeShop shop : List.of(shop1, shop2)) {
			shop.addSimpleProduct("ON-MUG", 20);
			shop.addSimpleProduct("ON-CAP", 10);
			shop.addSimpleProduct("ON-HAT", 5);
			sites.append(shop.sitesEntry());
		}
		// Orders placed before the stack starts.
		processing = shop1.placeOrder("processing", Map.of("ON-MUG", 2));
		onHold = shop1.placeOrder("on-hold", Map.of("ON-CAP", 1));
		pending = shop1.placeOrder("pending", Map.of("ON-MUG", 1));
		refunded = shop1.placeOrder("processing", Map.of("ON-HAT", 3));
		shop1.refundLine(refunded, shop1.lineItemIds(refunded).get("ON-HAT"), 1, true);
		otherShops = shop2.placeOrder("processing", Map.of("ON-MUG", 4));

		TestInfrastructure infrastructure = TestInfrastructure.get();
		kafka = new KafkaOffsets(infrastructure.kafkaBootstrapServers());
		Path sitesFile = Files.createTempFile("onboarding-sites", ".yml");
		Files.writeString(sitesFile, sites);
		Map<String, String> env = ServiceProcess.stackEnvironment(infrastructure, sitesFile, ADMIN_TOKEN);
		// Topics and groups of their own: the rebuild below replays only this test's log.
		env.put("STOCKSYNC_TOPICS_ORDER_EVENTS", PREFIX + "order-events");
		env.put("STOCKSYNC_TOPICS_REFUND_LOOKUPS", PREFIX + "refund-lookups");
		env.put("STOCKSYNC_TOPICS_SHOPIFY_ORDER_LOOKUPS", PREFIX + "shopify-order-lookups");
		env.put("STOCKSYNC_TOPICS_ADJUSTMENTS", PREFIX + "stock-adjustments");
		env.put("STOCKSYNC_TOPICS_STOCK_CHANGED", PREFIX + "stock-changed");
		env.put("STOCKSYNC_TOPICS_QUARANTINE", PREFIX + "quarantine");
		env.put("STOCKSYNC_GROUPS_ORDERS", PREFIX + "ledger-orders");
		env.put("STOCKSYNC_GROUPS_ADJUSTMENTS", PREFIX + "ledger-adjustments");
		env.put("STOCKSYNC_PUSH_GROUP_ID_PREFIX", PREFIX + "propagator-");
		ingest = ServiceProcess.start("ingest", env);
		env.put("STOCKSYNC_ONBOARDING_INGEST_URL", ingest.url(""));
		ledger = ServiceProcess.start("ledger", env);
		ServiceProcess propagator = ServiceProcess.start("propagator", env);
		services.addAll(List.of(ingest, ledger, propagator));
		services.forEach((service) -> service.awaitHealthy(Duration.ofSeconds(180)));
	}

	@AfterAll
	static void stopTheSystem() {
		services.forEach(ServiceProcess::close);
		if (shop1 != null) {
			shop1.close();
			shop2.close();
		}
		if (kafka != null) {
			kafka.close();
		}
	}

	@Test
	void shouldAccountOrdersThatExistedBeforeOnboardingOnceAndMoveThePoolByExactlyTheirLaterChanges() {
		// given: the webhooks are registered first
		for (FakeShop shop : List.of(shop1, shop2)) {
			for (String topic : List.of("order.created", "order.updated", "order.deleted", "order.restored")) {
				shop.registerWebhook(topic, ingest.url("/webhooks/woocommerce/" + shop.id()));
			}
		}

		// when: the pool is imported from shop1, with the baseline
		HttpResponse<String> started = admin("POST", ledger.url("/admin/stock/import?fromShop=shop1"));
		assertThat(started.statusCode()).as(started.body()).isEqualTo(202);
		JsonNode[] job = new JsonNode[1];
		await().atMost(CONVERGE).untilAsserted(() -> {
			job[0] = json(admin("GET", ledger.url("/admin/orders/baseline")));
			assertThat(job[0].path("state").asString()).isNotEqualTo("running");
		});

		// then: the pool is shop1's stock, and every shop shows it
		assertThat(job[0].path("state").asString()).as(job[0].toString()).isEqualTo("completed");
		Map<String, Long> expected = Map.of("ON-MUG", 18L, "ON-CAP", 9L, "ON-HAT", 3L);
		awaitEverywhere(expected);
		Instant handedOver = Instant.parse(job[0].at("/shops/0/watermark").asString());
		assertThat(job[0].at("/shops/0/watermarkNote").isNull()).as(job[0].toString()).isTrue();
		JsonNode watermark = json(admin("GET", ingest.url("/admin/sites/shop1/poll-watermark")));
		assertThat(Instant.parse(watermark.path("watermark").asString())).isAfterOrEqualTo(handedOver);

		// when: ingest's order poll and a webhook redelivery bring every pre-existing
		// order again
		for (String shop : List.of("shop1", "shop2")) {
			HttpResponse<String> polled = admin("POST", ingest.url("/admin/sites/" + shop + "/poll-orders"));
			assertThat(polled.statusCode()).as(polled.body()).isEqualTo(200);
		}
		for (long order : List.of(processing, onHold, pending, refunded)) {
			shop1.setOrderStatus(order, shop1.orderStatus(order)); // an order.updated of
																	// the unchanged order
		}
		shop2.setOrderStatus(otherShops, "processing");
		awaitConsumed();

		// then: nothing moved
		assertThat(pool()).isEqualTo(expected);

		// when: a pre-existing processing order is cancelled
		shop1.setOrderStatus(processing, "cancelled");
		// then: exactly its 2 units come back, on every shop
		awaitEverywhere(Map.of("ON-MUG", 20L, "ON-CAP", 9L, "ON-HAT", 3L));

		// when: one more unit of the partly refunded order is refunded with restock
		shop1.refundLine(refunded, shop1.lineItemIds(refunded).get("ON-HAT"), 1, true);
		// then: exactly one unit comes back
		awaitEverywhere(Map.of("ON-MUG", 20L, "ON-CAP", 9L, "ON-HAT", 4L));

		// when: shop2's pre-existing order is cancelled, and an order is placed after the
		// baseline
		shop2.setOrderStatus(otherShops, "cancelled");
		shop2.placeOrder("processing", Map.of("ON-HAT", 1));
		// then: 4 units back, 1 taken
		awaitEverywhere(Map.of("ON-MUG", 24L, "ON-CAP", 9L, "ON-HAT", 3L));

		// then: a rebuild from the topics gives the same stock
		awaitConsumed();
		HttpResponse<String> rebuilt = admin("POST", ledger.url("/admin/rebuild"));
		assertThat(rebuilt.statusCode()).as(rebuilt.body()).isEqualTo(200);
		assertThat(json(rebuilt).path("differences").isEmpty()).as(rebuilt.body()).isTrue();
	}

	private static void awaitEverywhere(Map<String, Long> expected) {
		await().atMost(CONVERGE).untilAsserted(() -> {
			assertThat(pool()).isEqualTo(expected);
			for (FakeShop shop : List.of(shop1, shop2)) {
				expected.forEach((sku, quantity) -> assertThat(shop.stockOf(sku).longValue()).as(shop.id() + " " + sku)
					.isEqualTo(quantity));
			}
		});
	}

	private static void awaitConsumed() {
		await().atMost(CONVERGE)
			.until(() -> kafka.hasConsumedAll(PREFIX + "ledger-orders", PREFIX + "order-events")
					&& kafka.hasConsumedAll(PREFIX + "ledger-adjustments", PREFIX + "stock-adjustments"));
	}

	private static Map<String, Long> pool() {
		Map<String, Long> pool = new HashMap<>();
		for (String sku : List.of("ON-MUG", "ON-CAP", "ON-HAT")) {
			pool.put(sku, json(admin("GET", ledger.url("/admin/stock/" + sku))).path("onHand").asLong());
		}
		return pool;
	}

	private static JsonNode json(HttpResponse<String> response) {
		return JsonMappers.standard().readTree(response.body());
	}

	private static HttpResponse<String> admin(String method, String url) {
		try {
			return HTTP.send(HttpRequest.newBuilder(URI.create(url))
				.method(method, HttpRequest.BodyPublishers.noBody())
				.header("Authorization", "Bearer " + ADMIN_TOKEN)
				.timeout(Duration.ofSeconds(120))
				.build(), HttpResponse.BodyHandlers.ofString());
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			throw new IllegalStateException(ex);
		}
	}

}
