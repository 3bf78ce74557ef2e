package io.stocksync.systemtests;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.security.GeneralSecurityException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

import io.stocksync.common.json.JsonMappers;
import io.stocksync.fakeshop.FakeShop;
import io.stocksync.fakeshop.FakeShopOptions;
import io.stocksync.fakeshop.shopify.FakeShopify;
import io.stocksync.testsupport.ServiceProcess;
import io.stocksync.testsupport.TestInfrastructure;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import tools.jackson.databind.JsonNode;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * One pool serving two fake WooCommerce shops and one fake Shopify store (GraphQL Admin
 * API 2026-01, webhooks signed as Shopify signs them), with ingest, ledger and propagator
 * as separate processes on a real Kafka broker and a real PostgreSQL. The steps build on
 * each other: MUG starts at 20 everywhere, CAP at 15.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class MixedPoolIntegrationTests {

	private static final String ADMIN_TOKEN = "mixed-pool-admin-token";

	private static final String CLIENT_SECRET = "shopify-app-client-secret";

	private static final String ADOPTING_SECRET = "shopify-adopting-store-secret";

	private static final Duration CONVERGE = Duration.ofSeconds(90);

	private static final HttpClient HTTP = HttpClient.newHttpClient();

	private static final List<FakeShop> woo = new ArrayList<>();

	private static final List<ServiceProcess> services = new ArrayList<>();

	private static SystemStack stack;

	private static FakeShopify shopify;

	/* a second store, hand-edits: adopt */
	private static FakeShopify adopting;

	private static ServiceProcess propagator;

	private static KafkaOffsets kafka;

	private static ServiceProcess ingest;

	private static ServiceProcess ledger;

	private static long shopifyOrder;

	@BeforeAll
	static void startTheSystem() throws IOException {
		kafka = new KafkaOffsets(TestInfrastructure.get().kafkaBootstrapServers());
		StringBuilder sites = new StringBuilder("sites:\n");
		for (int i = 1; i <= 2; i++) {
			FakeShop shop = FakeShop.start(FakeShopOptions.defaults("woo" + i));
			shop.addSimpleProduct("MIX-MUG", 20);
			shop.addSimpleProduct("MIX-CAP", 15);
			shop.addSimpleProduct("MIX-HAND", 20);
			woo.add(shop);
			sites.append(shop.sitesEntry());
		}
		shopify = FakeShopify.builder().clientSecret(CLIENT_SECRET).start();
		shopify.addVariant("MIX-MUG", 20);
		shopify.addVariant("MIX-CAP", 15);
		shopify.addVariant("MIX-HAND", 20);
		adopting = FakeShopify.builder().clientSecret(ADOPTING_SECRET).start();
		adopting.addVariant("MIX-HAND", 20);
		for (Map.Entry<String, FakeShopify> store : Map.of("b2c", shopify, "b2b", adopting).entrySet()) {
			sites.append("  - id: ")
				.append(store.getKey())
				.append('\n')
				.append("    platform: shopify\n")
				.append("    base-url: ")
				.append(store.getValue().baseUrl())
				.append('\n')
				.append("    access-token: ")
				.append(store.getValue().accessToken())
				.append('\n')
				.append("    webhook-secret: ")
				.append((store.getValue() == shopify) ? CLIENT_SECRET : ADOPTING_SECRET)
				.append('\n')
				.append((store.getValue() == adopting) ? "    hand-edits: adopt\n" : "");
		}
		stack = SystemStack.start(sites, ADMIN_TOKEN, Duration.ofSeconds(180));
		ledger = stack.ledger();
		ingest = stack.ingest();
		propagator = stack.propagator();
		services.addAll(stack.services());
		woo.forEach(stack::registerOrderWebhooks);
		for (String topic : List.of("orders/create", "orders/updated", "orders/cancelled", "refunds/create",
				"inventory_levels/update")) {
			shopify.subscribe(topic, ingest.url("/webhooks/shopify/b2c"));
			adopting.subscribe(topic, ingest.url("/webhooks/shopify/b2b"));
		}
		HttpResponse<String> imported = stack.admin("POST", ledger.url("/admin/stock/import?fromShop=woo1"));
		assertThat(imported.statusCode()).as(imported.body()).isEqualTo(202);
		await().atMost(CONVERGE).untilAsserted(() -> {
			assertThat(stack.onHand("MIX-MUG")).isEqualTo(20);
			assertThat(stack.onHand("MIX-CAP")).isEqualTo(15);
			assertThat(stack.onHand("MIX-HAND")).isEqualTo(20);
		});
	}

	@AfterAll
	static void stopTheSystem() {
		services.forEach(ServiceProcess::close);
		woo.forEach(FakeShop::close);
		if (shopify != null) {
			shopify.close();
		}
		if (adopting != null) {
			adopting.close();
		}
		if (kafka != null) {
			kafka.close();
		}
	}

	@Test
	@Order(1)
	void shouldLowerThePoolAndBothWooShopsWhenShopifySells() {
		shopifyOrder = shopify.checkout(Map.of("MIX-MUG", 3));

		await().atMost(CONVERGE).untilAsserted(() -> {
			assertThat(stack.onHand("MIX-MUG")).isEqualTo(17);
			for (FakeShop shop : woo) {
				assertThat(shop.stockOf("MIX-MUG")).as(shop.id()).isEqualTo(17);
			}
			assertThat(shopify.available("MIX-MUG")).isEqualTo(17);
		});
	}

	@Test
	@Order(2)
	void shouldLowerShopifysAvailableWhenAWooShopSells() {
		woo.get(0).placeOrder("processing", Map.of("MIX-CAP", 2));

		await().atMost(CONVERGE).untilAsserted(() -> {
			assertThat(stack.onHand("MIX-CAP")).isEqualTo(13);
			assertThat(shopify.available("MIX-CAP")).isEqualTo(13);
			assertThat(woo.get(1).stockOf("MIX-CAP")).isEqualTo(13);
		});
	}

	@Test
	@Order(3)
	void shouldReleaseExactlyTheReturnedUnitsOfAShopifyRefund() {
		shopify.refund(shopifyOrder, "MIX-MUG", 1, "return");

		await().atMost(CONVERGE).untilAsserted(() -> {
			assertThat(stack.onHand("MIX-MUG")).isEqualTo(18);
			for (FakeShop shop : woo) {
				assertThat(shop.stockOf("MIX-MUG")).as(shop.id()).isEqualTo(18);
			}
			assertThat(shopify.available("MIX-MUG")).isEqualTo(18);
		});
	}

	@Test
	@Order(4)
	void shouldReleaseNothingForARefundWithoutRestock() {
		long versionBefore = stack.version("MIX-MUG");
		shopify.refund(shopifyOrder, "MIX-MUG", 1, "no_restock");

		await().atMost(CONVERGE)
			.until(() -> shopify.deliveries()
				.stream()
				.filter((delivery) -> delivery.topic().equals("orders/updated") && delivery.status() == 200)
				.count() >= 2);
		await().atMost(CONVERGE).until(() -> kafka.hasConsumedAll("ledger-orders", "stocksync.order-events"));
		assertThat(stack.onHand("MIX-MUG")).isEqualTo(18);
		assertThat(stack.version("MIX-MUG")).isEqualTo(versionBefore);
	}

	@Test
	@Order(5)
	void shouldChangeNothingMoreWhenAShopifyWebhookIsDeliveredAgain() throws Exception {
		FakeShopify.Delivery last = shopify.deliveries()
			.stream()
			.filter((delivery) -> delivery.topic().equals("orders/updated"))
			.reduce((first, second) -> second)
			.orElseThrow();
		long versionBefore = stack.version("MIX-MUG");
		byte[] body = last.body().getBytes(StandardCharsets.UTF_8);

		for (int i = 0; i < 3; i++) {
			assertThat(
					postShopify("b2c", body, "orders/updated", last.eventId(), sign(body, CLIENT_SECRET)).statusCode())
				.isEqualTo(200);
		}
		assertThat(postShopify("b2c", body, "orders/updated", UUID.randomUUID().toString(), sign(body, CLIENT_SECRET))
			.statusCode()).isEqualTo(200);

		await().atMost(CONVERGE).until(() -> kafka.hasConsumedAll("ledger-orders", "stocksync.order-events"));
		assertThat(stack.onHand("MIX-MUG")).isEqualTo(18);
		assertThat(stack.version("MIX-MUG")).isEqualTo(versionBefore);
	}

	@Test
	@Order(6)
	void shouldRestoreTheRemainingUnitsWhenTheShopifyOrderIsCancelledWithRestock() {
		shopify.cancel(shopifyOrder, true);

		// 3 sold, 1 returned, 1 refunded without restock (gone), 1 restocked by the
		// cancel: the pool holds 19
		await().atMost(CONVERGE).untilAsserted(() -> {
			assertThat(stack.onHand("MIX-MUG")).isEqualTo(19);
			for (FakeShop shop : woo) {
				assertThat(shop.stockOf("MIX-MUG")).as(shop.id()).isEqualTo(19);
			}
			assertThat(shopify.available("MIX-MUG")).isEqualTo(19);
		});
	}

	@Test
	@Order(7)
	void shouldAnswer401AndWriteNothingForABadHmacOrAnUnknownStore() throws Exception {
		byte[] body = "{\"id\":1,\"updated_at\":\"2026-11-30T10:00:00-05:00\",\"line_items\":[]}"
			.getBytes(StandardCharsets.UTF_8);
		// The stores' own inventory_levels/update deliveries (echoes of earlier
		// writes) may still reach the product-stock topic: the bad deliveries are sent
		// again until a window in which nothing else was written shows they wrote
		// nothing.
		await().atMost(CONVERGE).untilAsserted(() -> {
			Map<String, Long> before = kafka.recordsPerTopic();

			HttpResponse<String> badHmac = postShopify("b2c", body, "orders/create", "e1",
					sign(body, "not-the-secret"));
			HttpResponse<String> noHmac = postShopify("b2c", body, "orders/create", "e2", null);
			HttpResponse<String> unknown = postShopify("nope", body, "orders/create", "e3", sign(body, CLIENT_SECRET));
			HttpResponse<String> wooShop = postShopify("woo1", body, "orders/create", "e4", sign(body, CLIENT_SECRET));

			assertThat(badHmac.statusCode()).isEqualTo(401);
			assertThat(badHmac.body()).contains("invalid_signature");
			assertThat(noHmac.statusCode()).isEqualTo(401);
			assertThat(unknown.statusCode()).isEqualTo(401);
			assertThat(wooShop.statusCode()).as("a WooCommerce site is not a Shopify store").isEqualTo(401);
			assertThat(kafka.recordsPerTopic()).isEqualTo(before);
		});
	}

	@Test
	@Order(8)
	void shouldRestoreAHandEditOnAShopifyStoreAndRecordIt() {
		// the import's write reached both stores (a hand edit is judged against it)
		await().atMost(CONVERGE).untilAsserted(() -> {
			assertThat(shopify.setQuantitiesCalls()).isNotEmpty();
			assertThat(adopting.setQuantitiesCalls()).isNotEmpty();
		});
		long versionBefore = stack.version("MIX-HAND");

		shopify.setAvailableInAdmin("MIX-HAND", 4); // b2c: hand-edits restore (default)

		await().atMost(CONVERGE).untilAsserted(() -> {
			assertThat(handEdits("b2c")).anySatisfy((edit) -> {
				assertThat(edit.path("sku").asString()).isEqualTo("MIX-HAND");
				assertThat(edit.path("found").asLong()).isEqualTo(4);
				assertThat(edit.path("expected").asLong()).isEqualTo(20);
				assertThat(edit.path("action").asString()).isEqualTo("restore");
			});
			assertThat(shopify.available("MIX-HAND")).isEqualTo(20);
		});
		assertThat(stack.onHand("MIX-HAND")).isEqualTo(20);
		assertThat(stack.version("MIX-HAND")).isEqualTo(versionBefore);
		for (FakeShop shop : woo) {
			assertThat(shop.stockOf("MIX-HAND")).as(shop.id()).isEqualTo(20);
		}
	}

	@Test
	@Order(9)
	void shouldAdoptAHandEditOnAnAdoptingShopifyStoreIntoThePool() {
		adopting.setAvailableInAdmin("MIX-HAND", 25); // b2b: hand-edits adopt, +5

		await().atMost(CONVERGE).untilAsserted(() -> {
			assertThat(stack.onHand("MIX-HAND")).isEqualTo(25);
			for (FakeShop shop : woo) {
				assertThat(shop.stockOf("MIX-HAND")).as(shop.id()).isEqualTo(25);
			}
			assertThat(shopify.available("MIX-HAND")).isEqualTo(25);
		});
		assertThat(adopting.available("MIX-HAND")).isEqualTo(25);
		assertThat(history("MIX-HAND")).anySatisfy(
				(movement) -> assertThat(movement.toString()).contains("hand edit on b2b").contains("\"delta\":5"));
		assertThat(handEdits("b2b")).singleElement()
			.satisfies((edit) -> assertThat(edit.path("action").asString()).isEqualTo("adopt"));
	}

	@Test
	@Order(10)
	void shouldTakeTheEchoesOfItsOwnShopifyWritesForNoHandEdit() {
		int restored = handEdits("b2c").size();
		int adopted = handEdits("b2b").size();
		long echoesBefore = echoes(adopting, 24);

		woo.get(1).placeOrder("processing", Map.of("MIX-HAND", 1)); // the pool moves: we
																	// write both stores

		await().atMost(CONVERGE).untilAsserted(() -> {
			assertThat(stack.onHand("MIX-HAND")).isEqualTo(24);
			assertThat(shopify.available("MIX-HAND")).isEqualTo(24);
			assertThat(adopting.available("MIX-HAND")).isEqualTo(24);
			assertThat(echoes(shopify, 24)).isPositive();
			assertThat(echoes(adopting, 24)).isGreaterThan(echoesBefore);
		});
		long version = stack.version("MIX-HAND");
		// past the propagator's hand-edit settle time (2 s) the echoes have changed
		// nothing
		await().during(Duration.ofSeconds(6)).atMost(Duration.ofSeconds(30)).untilAsserted(() -> {
			assertThat(stack.version("MIX-HAND")).isEqualTo(version);
			assertThat(handEdits("b2c")).hasSize(restored);
			assertThat(handEdits("b2b")).hasSize(adopted);
			assertThat(shopify.available("MIX-HAND")).isEqualTo(24);
			assertThat(adopting.available("MIX-HAND")).isEqualTo(24);
		});
	}

	@Test
	@Order(11)
	void shouldNeverWriteTheShopifySecretsToALog() throws IOException {
		for (ServiceProcess service : services) {
			String log = Files.readString(service.log());
			assertThat(log).as(service + " log")
				.doesNotContain(CLIENT_SECRET, shopify.accessToken(), ADOPTING_SECRET, adopting.accessToken());
		}
	}

	/* inventory_levels/update deliveries of the store showing that quantity, answered. */
	private static long echoes(FakeShopify store, int available) {
		return store.deliveries()
			.stream()
			.filter((delivery) -> delivery.topic().equals("inventory_levels/update") && delivery.status() == 200
					&& delivery.body().contains("\"available\":" + available + ","))
			.count();
	}

	private static List<JsonNode> handEdits(String shop) {
		HttpResponse<String> response = stack.admin("GET", propagator.url("/admin/hand-edits?shop=" + shop));
		assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
		List<JsonNode> edits = new ArrayList<>();
		JsonMappers.standard().readTree(response.body()).forEach(edits::add);
		return edits;
	}

	private static List<JsonNode> history(String sku) {
		HttpResponse<String> response = stack.admin("GET", ledger.url("/admin/stock/" + sku + "/history"));
		assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
		List<JsonNode> movements = new ArrayList<>();
		JsonMappers.standard().readTree(response.body()).path("movements").forEach(movements::add);
		return movements;
	}

	private static HttpResponse<String> postShopify(String shopId, byte[] body, String topic, String eventId,
			String hmac) throws IOException, InterruptedException {
		HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(ingest.url("/webhooks/shopify/" + shopId)))
			.POST(HttpRequest.BodyPublishers.ofByteArray(body))
			.header("Content-Type", "application/json")
			.header("X-Shopify-Topic", topic)
			.header("X-Shopify-Event-Id", eventId)
			.header("X-Shopify-Shop-Domain", shopify.shopDomain());
		if (hmac != null) {
			request.header("X-Shopify-Hmac-Sha256", hmac);
		}
		return HTTP.send(request.build(), HttpResponse.BodyHandlers.ofString());
	}

	private static String sign(byte[] body, String secret) throws GeneralSecurityException {
		Mac mac = Mac.getInstance("HmacSHA256");
		mac.init(new SecretKeySpec(secret.getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
		return Base64.getEncoder().encodeToString(mac.doFinal(body));
	}

}
