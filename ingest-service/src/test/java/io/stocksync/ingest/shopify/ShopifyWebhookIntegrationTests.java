package io.stocksync.ingest.shopify;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import io.stocksync.common.event.OrderLine;
import io.stocksync.fakeshop.shopify.FakeShopify;
import io.stocksync.ingest.AsyncMvc;
import io.stocksync.ingest.IngestTestProperties;
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
import org.springframework.test.web.servlet.request.MockHttpServletRequestBuilder;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;
import static org.awaitility.Awaitility.await;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.post;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.jsonPath;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

/**
 * {@code POST /webhooks/shopify/{shopId}} on a real Kafka broker, with a fake Shopify
 * store to read orders from for {@code refunds/create} and {@code orders/edited} (off the
 * request path: the store's request log shows no read before the answer).
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
@AutoConfigureMockMvc
@ActiveProfiles("local")
@Import(PublishedEvents.class)
class ShopifyWebhookIntegrationTests {

	private static final String PREFIX = TestInfrastructure.uniqueTopicPrefix();

	private static final String SECRET = "shopify-client-secret";

	private static final FakeShopify store = FakeShopify.builder().clientSecret(SECRET).start();

	@DynamicPropertySource
	static void infrastructure(DynamicPropertyRegistry registry) {
		IngestTestProperties.register(registry, PREFIX, TestDirectories.create("shopify-webhook-it"),
				ShopifyWebhookIntegrationTests::sitesFile);
		registry.add("stocksync.admin-token", () -> "shopify-admin-token");
		registry.add("stocksync.shopify-order-lookup.backoff", () -> "300ms");
	}

	@AfterAll
	static void stop() {
		store.close();
	}

	@Autowired
	MockMvc mvc;

	@Autowired
	PublishedEvents received;

	@Autowired
	ShopifyOrderPoller poller;

	@Autowired
	io.stocksync.common.shop.Sites sites;

	private static MockHttpServletRequestBuilder delivery(String shopId, String topic, byte[] body, String secret) {
		return post("/webhooks/shopify/" + shopId).contentType(MediaType.APPLICATION_JSON)
			.header("X-Shopify-Topic", topic)
			.header("X-Shopify-Event-Id", UUID.randomUUID().toString())
			.header("X-Shopify-Hmac-Sha256", hmac(body, secret))
			.content(body);
	}

	@Test
	void shouldPublishAnOrderWithShopifysCommittedQuantities() throws Exception {
		byte[] body = ShopifyOrderParserTests.fixture("order-refund-return.json");

		AsyncMvc.perform(this.mvc, delivery("b2c", "orders/updated", body, SECRET))
			.andExpect(status().isOk())
			.andExpect(jsonPath("$.status").value("accepted"))
			.andExpect(jsonPath("$.orderId").value(820982911946154508L));

		await().atMost(Duration.ofSeconds(30))
			.untilAsserted(() -> assertThat(this.received.orders).anySatisfy((snapshot) -> {
				assertThat(snapshot.key()).isEqualTo("b2c:820982911946154508");
				assertThat(snapshot.lines()).extracting(OrderLine::reducedStock).containsExactly(1, 1, 0);
			}));
	}

	@Test
	void shouldAnswerARefundBeforeTheStoreIsAskedAndStillPublishTheOrderItNames() throws Exception {
		store.addVariant("R-1", 10);
		long orderId = store.checkout(Map.of("R-1", 4));
		store.refund(orderId, "R-1", 3, "return");
		byte[] refund = ("{\"id\":1,\"order_id\":" + orderId + ",\"refund_line_items\":[]}")
			.getBytes(StandardCharsets.UTF_8);

		Instant acknowledged = answeredWhileTheStoreHangs("refunds/create", refund, orderId);

		await().atMost(Duration.ofSeconds(30))
			.untilAsserted(
					() -> assertThat(this.received.orders).filteredOn((snapshot) -> snapshot.orderId() == orderId)
						.singleElement()
						.satisfies((snapshot) -> {
							assertThat(snapshot.topic()).isEqualTo("refunds/create");
							assertThat(snapshot.source()).isEqualTo("webhook");
							assertThat(snapshot.dateModifiedGmt()).isNotNull();
							assertThat(snapshot.lines())
								.extracting(OrderLine::sku, OrderLine::quantity, OrderLine::reducedStock,
										OrderLine::restockedRefundQuantity)
								.containsExactly(tuple("R-1", 4, 1, 3));
						}));
		// the store logs a request just after answering it
		await().atMost(Duration.ofSeconds(10))
			.untilAsserted(() -> assertThat(orderReads(orderId)).as("the order was read once, after the answer")
				.singleElement()
				.satisfies((read) -> {
					assertThat(read.status()).isEqualTo(200);
					assertThat(read.answeredAt()).isAfter(acknowledged);
				}));
	}

	@Test
	void shouldAnswerAnOrderEditBeforeTheStoreIsAskedAndStillPublishTheEditedOrder() throws Exception {
		store.addVariant("E-1", 10);
		long orderId = store.checkout(Map.of("E-1", 5));
		// an edit that removes 2 units and restocks them: Shopify records it as a refund
		// line item with restock_type cancel
		store.refund(orderId, "E-1", 2, "cancel");
		byte[] edit = ("{\"order_edit\":{\"id\":77,\"order_id\":" + orderId
				+ ",\"line_items\":{\"additions\":[],\"removals\":[{\"id\":1,\"delta\":2}]}}}")
			.getBytes(StandardCharsets.UTF_8);

		Instant acknowledged = answeredWhileTheStoreHangs("orders/edited", edit, orderId);

		await().atMost(Duration.ofSeconds(30))
			.untilAsserted(
					() -> assertThat(this.received.orders).filteredOn((snapshot) -> snapshot.orderId() == orderId)
						.singleElement()
						.satisfies((snapshot) -> {
							assertThat(snapshot.topic()).isEqualTo("orders/edited");
							assertThat(snapshot.lines())
								.extracting(OrderLine::sku, OrderLine::quantity, OrderLine::reducedStock)
								.containsExactly(tuple("E-1", 5, 3));
						}));
		await().atMost(Duration.ofSeconds(10))
			.untilAsserted(() -> assertThat(orderReads(orderId)).singleElement()
				.satisfies((read) -> assertThat(read.answeredAt()).isAfter(acknowledged)));
	}

	@Test
	void shouldReadTheOrderAgainWhileTheStoreIsDownAndPublishItOnceItAnswers() throws Exception {
		store.addVariant("D-1", 10);
		long orderId = store.checkout(Map.of("D-1", 2));
		store.refund(orderId, "D-1", 1, "return");
		byte[] refund = ("{\"id\":2,\"order_id\":" + orderId + "}").getBytes(StandardCharsets.UTF_8);

		store.down(true);
		try {
			AsyncMvc.perform(this.mvc, delivery("b2c", "refunds/create", refund, SECRET))
				.andExpect(status().isOk())
				.andExpect(jsonPath("$.status").value("accepted"));
			await().atMost(Duration.ofSeconds(30))
				.until(() -> orderReads(orderId).stream().anyMatch((read) -> read.status() == 503));
		}
		finally {
			store.down(false);
		}

		await().atMost(Duration.ofSeconds(30))
			.untilAsserted(
					() -> assertThat(this.received.orders).filteredOn((snapshot) -> snapshot.orderId() == orderId)
						.singleElement()
						.satisfies((snapshot) -> assertThat(snapshot.lines()).extracting(OrderLine::reducedStock)
							.containsExactly(1)));
		await().atMost(Duration.ofSeconds(10))
			.untilAsserted(() -> assertThat(orderReads(orderId)).extracting(FakeShopify.ApiRequest::status)
				.contains(503)
				.endsWith(200));
	}

	@Test
	void shouldParkADeliveryWhoseOrderTheStoreDoesNotHave() throws Exception {
		long unknownOrder = 800_000_000_000L + new java.util.Random().nextInt(1_000_000);
		byte[] refund = ("{\"id\":3,\"order_id\":" + unknownOrder + "}").getBytes(StandardCharsets.UTF_8);

		AsyncMvc.perform(this.mvc, delivery("b2c", "refunds/create", refund, SECRET))
			.andExpect(status().isOk())
			.andExpect(jsonPath("$.status").value("accepted"));

		await().atMost(Duration.ofSeconds(30))
			.untilAsserted(() -> assertThat(this.received.quarantined).anySatisfy((parked) -> {
				assertThat(parked.webhookTopic()).isEqualTo("refunds/create");
				assertThat(parked.reason()).contains("order " + unknownOrder + " could not be read")
					.contains("HTTP 404");
				assertThat(parked.rawBody()).contains(Long.toString(unknownOrder));
			}));
		await().atMost(Duration.ofSeconds(10))
			.untilAsserted(() -> assertThat(orderReads(unknownOrder)).as("a 404 is not asked again")
				.singleElement()
				.satisfies((read) -> assertThat(read.status()).isEqualTo(404)));
		assertThat(this.received.orders).noneMatch((snapshot) -> snapshot.orderId() == unknownOrder);
	}

	/*
	 * Holds the store's order reads, sends the delivery and returns when it was answered
	 * 200; by then the store has answered no read of the order, and the lookup's read
	 * hangs in the store until it is released.
	 */
	private Instant answeredWhileTheStoreHangs(String topic, byte[] body, long orderId) throws Exception {
		store.holdOrderReads(true);
		try {
			AsyncMvc.perform(this.mvc, delivery("b2c", topic, body, SECRET))
				.andExpect(status().isOk())
				.andExpect(jsonPath("$.status").value("accepted"))
				.andExpect(jsonPath("$.orderId").value(orderId));
			Instant acknowledged = Instant.now();
			assertThat(orderReads(orderId)).as("the store answered no read of the order while the webhook waited")
				.isEmpty();
			await().atMost(Duration.ofSeconds(30))
				.untilAsserted(() -> assertThat(store.heldOrderReads())
					.as("the lookup reads the order after the answer (held in the store)")
					.isEqualTo(1));
			return acknowledged;
		}
		finally {
			store.holdOrderReads(false);
		}
	}

	private static List<FakeShopify.ApiRequest> orderReads(long orderId) {
		return store.apiRequests()
			.stream()
			.filter((request) -> request.path().endsWith("/orders/" + orderId + ".json"))
			.toList();
	}

	@Test
	void shouldPollOrdersNoWebhookDeliveredAndNotPublishThemTwice() {
		store.addVariant("P-1", 10);
		long orderId = store.checkout(Map.of("P-1", 2)); // the store has no webhook
															// subscription: "lost"
		io.stocksync.common.shop.ShopConfig shop = this.sites.find("b2c").orElseThrow();

		io.stocksync.ingest.poll.PollReport first = this.poller.poll(shop, "test");
		io.stocksync.ingest.poll.PollReport second = this.poller.poll(shop, "test");

		assertThat(first.error()).isNull();
		assertThat(first.published()).isGreaterThanOrEqualTo(1);
		assertThat(second.published()).isZero();
		assertThat(second.unchanged()).isGreaterThanOrEqualTo(1);
		await().atMost(Duration.ofSeconds(30))
			.untilAsserted(() -> assertThat(this.received.orders).anySatisfy((snapshot) -> {
				assertThat(snapshot.orderId()).isEqualTo(orderId);
				assertThat(snapshot.source()).isEqualTo("poll");
				assertThat(snapshot.lines()).extracting(OrderLine::reducedStock).containsExactly(2);
			}));
	}

	@Test
	void shouldReportInventoryLevelsAsTheStoresStockForTheHandEditCheck() throws Exception {
		AsyncMvc.perform(this.mvc, delivery("b2c", "inventory_levels/update",
				"{\"inventory_item_id\":4711,\"location_id\":2,\"available\":5,\"updated_at\":\"2026-11-30T12:00:00-05:00\"}"
					.getBytes(),
				SECRET))
			.andExpect(status().isOk())
			.andExpect(jsonPath("$.status").value("reported"));
		AsyncMvc
			.perform(this.mvc,
					delivery("b2c", "inventory_levels/update",
							"{\"inventory_item_id\":4712,\"location_id\":2,\"available\":null}".getBytes(), SECRET))
			.andExpect(status().isOk())
			.andExpect(jsonPath("$.status").value("ignored"));
		AsyncMvc.perform(this.mvc, delivery("b2c", "inventory_levels/update", "{\"available\":3}".getBytes(), SECRET))
			.andExpect(status().isAccepted())
			.andExpect(jsonPath("$.status").value("quarantined"));

		await().atMost(Duration.ofSeconds(30))
			.untilAsserted(() -> assertThat(this.received.reports).singleElement().satisfies((report) -> {
				assertThat(report.shopId()).isEqualTo("b2c");
				assertThat(report.sku()).isNull();
				assertThat(report.productId()).isEqualTo(4711);
				assertThat(report.variationId()).isZero();
				assertThat(report.stockQuantity()).isEqualTo(5);
				assertThat(report.key()).isEqualTo("b2c:item:4711");
			}));
	}

	@Test
	void shouldPollAShopifyStoreAndMoveItsWatermarkThroughTheAdminApi() throws Exception {
		store.addVariant("ADMIN-P", 10);
		long orderId = store.checkout(Map.of("ADMIN-P", 1));
		String token = "Bearer shopify-admin-token";

		this.mvc.perform(post("/admin/sites/b2c/poll-orders").header("Authorization", token))
			.andExpect(status().isOk())
			.andExpect(jsonPath("$.shopId").value("b2c"))
			.andExpect(jsonPath("$.error").doesNotExist());
		await().atMost(Duration.ofSeconds(30))
			.untilAsserted(() -> assertThat(this.received.orders)
				.anySatisfy((snapshot) -> assertThat(snapshot.orderId()).isEqualTo(orderId)));

		// the Shopify poll's own watermark: never moved back (by the baseline's
		// hand-over)
		String current = this.poller.watermark(this.sites.find("b2c").orElseThrow()).toString();
		this.mvc
			.perform(org.springframework.test.web.servlet.request.MockMvcRequestBuilders
				.put("/admin/sites/b2c/poll-watermark")
				.header("Authorization", token)
				.contentType(MediaType.APPLICATION_JSON)
				.content("{\"watermark\":\"2020-01-01T00:00:00Z\"}"))
			.andExpect(status().isOk())
			.andExpect(jsonPath("$.watermark").value(current));
		this.mvc
			.perform(org.springframework.test.web.servlet.request.MockMvcRequestBuilders
				.get("/admin/sites/b2c/poll-watermark")
				.header("Authorization", token))
			.andExpect(status().isOk())
			.andExpect(jsonPath("$.watermark").value(current));
		this.mvc.perform(post("/admin/sites/b2c/webhooks/register").header("Authorization", token))
			.andExpect(status().isBadRequest())
			.andExpect(jsonPath("$.error").value("not_woocommerce"));
	}

	@Test
	void shouldQuarantineWhatItCannotUse() throws Exception {
		String marker = UUID.randomUUID().toString();
		byte[] broken = ("{\"id\":7,\"note\":\"" + marker + "\"}").getBytes(StandardCharsets.UTF_8);

		AsyncMvc.perform(this.mvc, delivery("b2c", "orders/create", broken, SECRET))
			.andExpect(status().isAccepted())
			.andExpect(jsonPath("$.status").value("quarantined"));
		AsyncMvc.perform(this.mvc, delivery("b2c", "products/update", "{}".getBytes(), SECRET))
			.andExpect(status().isAccepted());
		AsyncMvc
			.perform(this.mvc,
					delivery("b2c", "refunds/create",
							("{\"id\":9,\"note\":\"" + marker + "\"}").getBytes(StandardCharsets.UTF_8), SECRET))
			.andExpect(status().isAccepted())
			.andExpect(jsonPath("$.status").value("quarantined"));

		await().atMost(Duration.ofSeconds(30))
			.untilAsserted(() -> assertThat(this.received.quarantined).anySatisfy((parked) -> {
				assertThat(parked.rawBody()).contains(marker);
				assertThat(parked.reason()).contains("updated_at");
				assertThat(parked.webhookTopic()).isEqualTo("orders/create");
			}));
		await().atMost(Duration.ofSeconds(30))
			.untilAsserted(() -> assertThat(this.received.quarantined).anySatisfy((parked) -> {
				assertThat(parked.rawBody()).contains(marker);
				assertThat(parked.reason()).contains("no numeric order_id");
				assertThat(parked.webhookTopic()).isEqualTo("refunds/create");
			}));
	}

	@Test
	void shouldAnswer401ForABadHmacAnUnknownStoreOrAWooCommerceSite() throws Exception {
		long rejectedId = 900_000_000_000L + new java.util.Random().nextInt(1_000_000);
		byte[] body = new String(ShopifyOrderParserTests.fixture("order-create.json"), StandardCharsets.UTF_8)
			.replace("820982911946154508", Long.toString(rejectedId))
			.getBytes(StandardCharsets.UTF_8);

		AsyncMvc.perform(this.mvc, delivery("b2c", "orders/create", body, "wrong-secret"))
			.andExpect(status().isUnauthorized())
			.andExpect(jsonPath("$.error").value("invalid_signature"));
		AsyncMvc
			.perform(this.mvc,
					post("/webhooks/shopify/b2c").contentType(MediaType.APPLICATION_JSON)
						.header("X-Shopify-Topic", "orders/create")
						.content(body))
			.andExpect(status().isUnauthorized());
		AsyncMvc.perform(this.mvc, delivery("nope", "orders/create", body, SECRET))
			.andExpect(status().isUnauthorized())
			.andExpect(jsonPath("$.error").value("unknown_shop"));
		AsyncMvc.perform(this.mvc, delivery("woo", "orders/create", body, SECRET)).andExpect(status().isUnauthorized());
		AsyncMvc
			.perform(this.mvc, delivery("b2c", "refunds/create",
					("{\"id\":4,\"order_id\":" + rejectedId + "}").getBytes(StandardCharsets.UTF_8), "wrong-secret"))
			.andExpect(status().isUnauthorized())
			.andExpect(jsonPath("$.error").value("invalid_signature"));

		// nothing on Kafka: a verified delivery sent afterwards arrives, none of the
		// rejected ones did
		long markerId = rejectedId + 1;
		byte[] marker = new String(body, StandardCharsets.UTF_8)
			.replace(Long.toString(rejectedId), Long.toString(markerId))
			.getBytes(StandardCharsets.UTF_8);
		AsyncMvc.perform(this.mvc, delivery("b2c", "orders/create", marker, SECRET)).andExpect(status().isOk());
		await().atMost(Duration.ofSeconds(30))
			.untilAsserted(() -> assertThat(this.received.orders)
				.anySatisfy((snapshot) -> assertThat(snapshot.orderId()).isEqualTo(markerId)));
		assertThat(this.received.orders)
			.noneSatisfy((snapshot) -> assertThat(snapshot.orderId()).isEqualTo(rejectedId));
		assertThat(this.received.quarantined)
			.noneSatisfy((parked) -> assertThat(parked.rawBody()).contains(Long.toString(rejectedId) + ","));
		assertThat(orderReads(rejectedId)).as("a rejected refund is never looked up").isEmpty();
	}

	private static String hmac(byte[] body, String secret) {
		try {
			javax.crypto.Mac mac = javax.crypto.Mac.getInstance("HmacSHA256");
			mac.init(new javax.crypto.spec.SecretKeySpec(secret.getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
			return Base64.getEncoder().encodeToString(mac.doFinal(body));
		}
		catch (java.security.GeneralSecurityException ex) {
			throw new IllegalStateException(ex);
		}
	}

	private static String sitesFile() {
		try {
			Path file = Files.createTempFile("ingest-shopify-sites", ".yml");
			Files.writeString(file, """
					sites:
					  - id: woo
					    base-url: http://127.0.0.1:8080
					    consumer-key: ck_test
					    consumer-secret: cs_test
					    webhook-secret: %s
					  - id: b2c
					    platform: shopify
					    base-url: %s
					    access-token: %s
					    webhook-secret: %s
					""".formatted(SECRET, store.baseUrl(), store.accessToken(), SECRET));
			return file.toString();
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
	}

}
