package io.stocksync.fakeshop;

import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The captured webhook scenario (rest-w01..w14 / wh-001..023) replayed against the fake
 * shop: WooCommerce's stock rules, which deliveries each step produces and in which
 * order, what the payloads look like, and that a local receiver gets correctly signed
 * requests.
 */
class WebhookScenarioTests {

	private static final String SECRET = "wcpeer-webhook-secret-2026";

	private static final List<String> TOPICS = List.of("order.created", "order.updated", "order.deleted",
			"product.updated");

	private FakeShop shop;

	private WcClient client;

	private WebhookReceiver receiver;

	@BeforeEach
	void start() {
		this.receiver = new WebhookReceiver();
	}

	@AfterEach
	void stop() {
		this.shop.close();
		this.receiver.close();
	}

	private void startShop(boolean async) {
		this.shop = FakeShop
			.start(FakeShopOptions.defaults("scenario").withWebhookSecret(SECRET).withAsyncWebhooks(async));
		FakeShopMain.seed(this.shop);
		this.client = new WcClient(this.shop);
	}

	@Test
	void shouldReplayTheCapturedScenarioWithWooCommerceStockRules() {
		startShop(false);
		// given the four webhooks, created through the REST API like rest-w01..w04 (each
		// answered by a ping)
		for (String topic : TOPICS) {
			HttpResponse<String> created = this.client.call("POST", "webhooks", null,
					"{\"name\": \"wcpeer " + topic + "\", \"topic\": \"" + topic + "\", \"delivery_url\": \""
							+ this.receiver.url("/webhook/" + topic) + "\", \"secret\": \"" + SECRET
							+ "\", \"status\": \"active\"}");
			assertThat(created.statusCode()).isEqualTo(201);
			assertThat(Fixtures.shape(WcClient.json(created))).isEqualTo(Fixtures
				.shape(Fixtures.load("rest-w01-create-webhook-order_created.json").get("response").get("body")));
		}
		assertThat(this.receiver.received()).hasSize(4).allSatisfy((ping) -> {
			assertThat(ping.bodyString()).matches("webhook_id=\\d+");
			assertThat(ping.header("Content-Type")).isEqualTo("application/x-www-form-urlencoded");
			assertThat(ping.header("X-WC-Webhook-Signature")).isNull();
			assertThat(ping.header("User-Agent")).isEqualTo("WooCommerce/9.9.5 Hookshot (WordPress/6.8.8)");
		});
		long mug = this.shop.productId("WCP-MUG");
		long tshirt = this.shop.productId("WCP-TSHIRT");
		long small = this.shop.productId("WCP-TSHIRT-S");

		// order A created pending: order.created + order.updated, no stock change
		int mark = deliveries().size();
		HttpResponse<String> createdA = this.client.call("POST", "orders", null, "{\"status\": \"pending\", "
				+ "\"billing\": {\"first_name\": \"Erika\", \"last_name\": \"Muster\", \"email\": \"erika@example.test\"}, "
				+ "\"payment_method\": \"bacs\", \"payment_method_title\": \"Direct bank transfer\", \"line_items\": "
				+ "[{\"product_id\": " + mug + ", \"quantity\": 2}, {\"product_id\": " + tshirt + ", \"variation_id\": "
				+ small + ", \"quantity\": 1}]}");
		assertThat(createdA.statusCode()).isEqualTo(201);
		assertThat(createdA.headers().firstValue("Location")).isPresent();
		long orderA = WcClient.json(createdA).get("id").asLong();
		assertThat(topicsSince(mark)).containsExactly("order.created:" + orderA, "order.updated:" + orderA);
		assertThat(this.shop.stockOf("WCP-MUG")).isEqualTo(20);

		// pending -> processing: stock reduced, _reduced_stock meta, order.updated then
		// one product.updated per item
		mark = deliveries().size();
		assertThat(putStatus(orderA, "processing").statusCode()).isEqualTo(200);
		assertThat(topicsSince(mark)).containsExactly("order.updated:" + orderA, "product.updated:" + mug,
				"product.updated:" + small);
		assertThat(this.shop.stockOf("WCP-MUG")).isEqualTo(18);
		assertThat(this.shop.stockOf("WCP-TSHIRT-S")).isEqualTo(9);
		JsonNode processing = body(deliveries().get(mark));
		assertThat(Fixtures.shape(processing)).isEqualTo(shapeOf("wh-007-order_updated-orderA-processing.json"));
		assertThat(meta(processing.get("line_items").get(0))).containsExactly("_reduced_stock=2");
		assertThat(meta(processing.get("line_items").get(1))).containsExactly("size=S", "_reduced_stock=1");
		assertThat(processing.get("date_paid").isNull()).isFalse();
		assertThat(Fixtures.shape(body(deliveries().get(mark + 1))))
			.isEqualTo(shapeOf("wh-008-product_updated-orderA-processing.json"));
		JsonNode variationPayload = body(deliveries().get(mark + 2));
		assertThat(Fixtures.shape(variationPayload))
			.isEqualTo(shapeOf("wh-009-product_updated-orderA-processing.json"));
		assertThat(variationPayload.get("type").asString()).isEqualTo("variation");
		assertThat(variationPayload.get("stock_quantity").asInt()).isEqualTo(9);

		// processing -> completed: order.updated only
		mark = deliveries().size();
		putStatus(orderA, "completed");
		assertThat(topicsSince(mark)).containsExactly("order.updated:" + orderA);
		assertThat(this.shop.stockOf("WCP-MUG")).isEqualTo(18);

		// refund 1 mug with restock (rest-w11): product.updated, then order.updated like
		// wh-020
		long mugLine = processing.get("line_items").get(0).get("id").asLong();
		mark = deliveries().size();
		HttpResponse<String> refund = this.client.call("POST", "orders/" + orderA + "/refunds", null,
				"{\"reason\": \"wcpeer test refund\", \"api_refund\": false, \"api_restock\": true, \"line_items\": "
						+ "[{\"id\": " + mugLine + ", \"quantity\": 1, \"refund_total\": 12.5}]}");
		assertThat(refund.statusCode()).isEqualTo(201);
		JsonNode refundBody = WcClient.json(refund);
		assertThat(Fixtures.shape(refundBody)).isEqualTo(
				Fixtures.shape(Fixtures.load("rest-w11-orderA-refund-restock.json").get("response").get("body")));
		assertThat(refundBody.get("amount").asString()).isEqualTo("12.50");
		assertThat(refundBody.get("line_items").get(0).get("quantity").asInt()).isEqualTo(-1);
		assertThat(topicsSince(mark)).containsExactly("product.updated:" + mug, "order.updated:" + orderA);
		assertThat(this.shop.stockOf("WCP-MUG")).isEqualTo(19);
		JsonNode refunded = body(deliveries().get(mark + 1));
		assertThat(Fixtures.shape(refunded)).isEqualTo(shapeOf("wh-020-order_updated-orderA-refund-restock.json"));
		assertThat(refunded.get("status").asString()).isEqualTo("completed");
		assertThat(refunded.get("line_items").get(0).get("quantity").asInt()).isEqualTo(2);
		assertThat(meta(refunded.get("line_items").get(0))).containsExactly("_reduced_stock=1",
				"_restock_refunded_items=1");
		assertThat(refunded.get("refunds").get(0).get("reason").asString()).isEqualTo("wcpeer test refund");
		assertThat(refunded.get("refunds").get(0).get("total").asString()).isEqualTo("-12.50");
		JsonNode refunds = WcClient.json(this.client.call("GET", "orders/" + orderA + "/refunds", null, null));
		assertThat(Fixtures.shape(refunds))
			.isEqualTo(Fixtures.shape(Fixtures.load("rest-43-order-refunds-list.json").get("response").get("body")));

		// order B: pending -> processing -> cancelled restores the stock and removes
		// _reduced_stock (wh-016..018)
		long cap = this.shop.productId("WCP-CAP");
		long medium = this.shop.productId("WCP-TSHIRT-M");
		long orderB = WcClient.json(this.client.call("POST", "orders", null,
				"{\"status\": \"pending\", \"line_items\": " + "[{\"product_id\": " + cap
						+ ", \"quantity\": 1}, {\"product_id\": " + tshirt + ", \"variation_id\": " + medium
						+ ", \"quantity\": 2}]}"))
			.get("id")
			.asLong();
		putStatus(orderB, "processing");
		assertThat(this.shop.stockOf("WCP-CAP")).isEqualTo(14);
		assertThat(this.shop.stockOf("WCP-TSHIRT-M")).isEqualTo(6);
		mark = deliveries().size();
		putStatus(orderB, "cancelled");
		assertThat(topicsSince(mark)).containsExactly("order.updated:" + orderB, "product.updated:" + cap,
				"product.updated:" + medium);
		assertThat(this.shop.stockOf("WCP-CAP")).isEqualTo(15);
		assertThat(this.shop.stockOf("WCP-TSHIRT-M")).isEqualTo(8);
		JsonNode cancelled = body(deliveries().get(mark));
		assertThat(cancelled.get("status").asString()).isEqualTo("cancelled");
		assertThat(meta(cancelled.get("line_items").get(0))).isEmpty();
		assertThat(meta(cancelled.get("line_items").get(1))).containsExactly("size=M");

		// trash (rest-w14): order.deleted with {"id":N}, no restock
		mark = deliveries().size();
		HttpResponse<String> trashed = this.client.call("DELETE", "orders/" + orderB, null, null);
		assertThat(trashed.statusCode()).isEqualTo(200);
		assertThat(WcClient.json(trashed).get("status").asString()).isEqualTo("cancelled");
		assertThat(topicsSince(mark)).containsExactly("order.deleted:" + orderB);
		assertThat(deliveries().get(mark).bodyString()).isEqualTo("{\"id\":" + orderB + "}");
		assertThat(this.shop.stockOf("WCP-CAP")).isEqualTo(15);

		// every delivery reached the receiver, signed over the raw bytes it received
		List<WebhookReceiver.Received> signed = this.receiver.received()
			.stream()
			.filter((r) -> r.header("X-WC-Webhook-Signature") != null)
			.toList();
		assertThat(signed).hasSize(deliveries().size() - 4).allSatisfy((request) -> {
			assertThat(request.header("X-WC-Webhook-Signature"))
				.isEqualTo(WebhookDispatcher.signature(SECRET, request.body()));
			assertThat(request.header("X-WC-Webhook-Source")).isEqualTo(this.shop.baseUrl() + "/");
			assertThat(request.header("X-WC-Webhook-Delivery-ID")).matches("[0-9a-f]{32}");
			assertThat(request.header("Content-Type")).isEqualTo("application/json");
			assertThat(request.path()).isEqualTo("/webhook/" + request.header("X-WC-Webhook-Topic"));
			assertThat(new String(request.body(), StandardCharsets.US_ASCII))
				.isEqualTo(new String(request.body(), StandardCharsets.UTF_8));
		});
		assertThat(deliveries()).allSatisfy((delivery) -> assertThat(delivery.status()).isEqualTo(200));
	}

	@Test
	void shouldSendHeadersInWooCommerceOrder() {
		startShop(false);
		this.shop.registerWebhook("order.updated", this.receiver.url("/hook"));
		this.client.call("POST", "webhooks", null,
				"{\"topic\": \"order.created\", \"delivery_url\": \"" + this.receiver.url("/hook") + "\"}");
		this.shop.placeOrder("processing", Map.of("WCP-MUG", 1));

		WebhookDelivery ping = deliveries().stream().filter((d) -> d.topic().equals("ping")).findFirst().orElseThrow();
		WebhookDelivery updated = deliveries().stream()
			.filter((d) -> d.topic().equals("order.updated"))
			.findFirst()
			.orElseThrow();
		assertThat(names(ping)).isEqualTo(fixtureNames("wh-001-ping-create-webhook-order_created.json"));
		assertThat(names(updated)).isEqualTo(fixtureNames("wh-007-order_updated-orderA-processing.json"));
		assertThat(updated.header("X-WC-Webhook-Resource")).isEqualTo("order");
		assertThat(updated.header("X-WC-Webhook-Event")).isEqualTo("updated");
		assertThat(updated.header("Content-Length")).isEqualTo(Integer.toString(updated.body().length));
		assertThat(updated.bodyString()).contains("\"currency_symbol\":\"\\u20ac\"").contains("http:\\/\\/127.0.0.1");
	}

	@Test
	void shouldDeliverCheckoutLikeThePhpCapture() {
		startShop(false);
		TOPICS.forEach((topic) -> this.shop.registerWebhook(topic, this.receiver.url("/webhook/" + topic)));
		long order = this.shop.placeOrder("processing", Map.of("WCP-CAP", 1, "WCP-TSHIRT-M", 1));

		assertThat(deliveries()).extracting(WebhookDelivery::topic)
			.containsExactly("order.created", "order.updated", "product.updated", "product.updated");
		JsonNode created = body(deliveries().get(0));
		assertThat(created.get("status").asString()).isEqualTo("processing");
		assertThat(created.get("created_via").asString()).isEqualTo("checkout");
		assertThat(Fixtures.shape(created))
			.isEqualTo(shapeOf("wh-201-order_created-php-checkout-order-processing.json"));
		assertThat(body(deliveries().get(1)).get("id").asLong()).isEqualTo(order);
		assertThat(this.shop.stockOf("WCP-CAP")).isEqualTo(14);
		assertThat(this.shop.stockOf("WCP-TSHIRT-M")).isEqualTo(7);
		await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> assertThat(this.receiver.received()).hasSize(4));
	}

	@Test
	void shouldFireOneProductUpdatedPerSuccessfulBatchItem() {
		startShop(false);
		this.shop.registerWebhook("product.updated", this.receiver.url("/hook"));
		long poster = this.shop.productId("WCP-POSTER");
		this.client.call("POST", "products/batch", null, "{\"update\": [{\"id\": " + poster
				+ ", \"stock_quantity\": 24}, {\"id\": 999999, \"stock_quantity\": 1}]}");

		assertThat(deliveries()).extracting(WebhookDelivery::resourceId).containsExactly(poster);
		assertThat(body(deliveries().get(0)).get("stock_quantity").asInt()).isEqualTo(24);
	}

	@Test
	void shouldCoalesceQueuedDeliveriesAndBuildPayloadsWhenSentInAsyncMode() {
		startShop(true);
		this.shop.registerWebhook("product.updated", this.receiver.url("/hook"));
		CountDownLatch release = new CountDownLatch(1);
		this.receiver.holdFirst = release;
		this.shop.setStock("WCP-MUG", 5);
		await().atMost(Duration.ofSeconds(10)).until(() -> this.receiver.received().size() == 1);

		// while the first delivery is in flight, two changes of the poster queue only one
		// delivery (like wh-301)
		this.shop.setStock("WCP-POSTER", 23);
		this.shop.setStock("WCP-POSTER", 22);
		release.countDown();

		await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> {
			assertThat(this.shop.pendingDeliveries()).isZero();
			assertThat(deliveries()).hasSize(2);
		});
		assertThat(body(deliveries().get(1)).get("stock_quantity").asInt()).isEqualTo(22);
		assertThat(this.receiver.received()).hasSize(2);
	}

	@Test
	void shouldLogARestWriteBeforeItsEffectCanBeSeen() throws Exception {
		startShop(false);
		this.shop.registerWebhook("product.updated", this.receiver.url("/hook"));
		CountDownLatch release = new CountDownLatch(1);
		this.receiver.holdFirst = release;
		String path = "/wp-json/wc/v3/products/" + this.shop.productId("WCP-MUG");
		long writesBefore = this.shop.requestCount("PUT", path);

		// a synchronous delivery holds the PUT after its stock change, before its answer
		CompletableFuture<HttpResponse<String>> put = CompletableFuture.supplyAsync(() -> this.client.call("PUT",
				"products/" + this.shop.productId("WCP-MUG"), null, "{\"stock_quantity\": 5}"));
		await().atMost(Duration.ofSeconds(10)).until(() -> this.receiver.received().size() == 1);
		try {
			assertThat(this.shop.stockOf("WCP-MUG")).isEqualTo(5);
			assertThat(this.shop.requestCount("PUT", path)).isEqualTo(writesBefore + 1);
			assertThat(this.shop.recentRequests()).last()
				.satisfies((request) -> assertThat(request.method() + " " + request.path() + " " + request.status())
					.isEqualTo("PUT " + path + " 200"));
		}
		finally {
			release.countDown();
		}
		assertThat(put.get(10, TimeUnit.SECONDS).statusCode()).isEqualTo(200);
	}

	@Test
	void shouldDisableWebhookAfterMoreThanFiveFailuresAndNeverRedeliver() {
		startShop(false);
		long webhook = this.shop.registerWebhook("product.updated", this.receiver.url("/hook"));
		this.receiver.status = 500;
		for (int i = 1; i <= 5; i++) {
			this.shop.setStock("WCP-MUG", i);
		}
		assertThat(this.shop.webhookStatus(webhook)).isEqualTo("active");
		this.shop.setStock("WCP-MUG", 6);
		this.shop.setStock("WCP-MUG", 7);

		assertThat(this.shop.webhookStatus(webhook)).isEqualTo("disabled");
		assertThat(deliveries()).hasSize(6).allSatisfy((delivery) -> assertThat(delivery.status()).isEqualTo(500));
		JsonNode listed = WcClient.json(this.client.call("GET", "webhooks", null, null));
		assertThat(listed.get(0).get("status").asString()).isEqualTo("disabled");

		// re-activated like an operator would (PUT webhooks/{id} {"status":"active"})
		this.receiver.status = 200;
		this.client.call("PUT", "webhooks/" + webhook, null, "{\"status\": \"active\"}");
		this.shop.setStock("WCP-MUG", 8);
		assertThat(deliveries()).hasSize(7);
		assertThat(deliveries().get(6).status()).isEqualTo(200);
	}

	private HttpResponse<String> putStatus(long orderId, String status) {
		return this.client.call("PUT", "orders/" + orderId, null, "{\"status\": \"" + status + "\"}");
	}

	private List<WebhookDelivery> deliveries() {
		return this.shop.deliveries();
	}

	private List<String> topicsSince(int mark) {
		return deliveries().subList(mark, deliveries().size())
			.stream()
			.map((delivery) -> delivery.topic() + ":" + delivery.resourceId())
			.toList();
	}

	private static JsonNode body(WebhookDelivery delivery) {
		return Fixtures.MAPPER.readTree(delivery.body());
	}

	private static String shapeOf(String webhookFixture) {
		return Fixtures.shape(Fixtures.MAPPER.readTree(Fixtures.load(webhookFixture).get("raw_body").asString()));
	}

	private static List<String> meta(JsonNode lineItem) {
		List<String> meta = new ArrayList<>();
		lineItem.get("meta_data")
			.forEach((entry) -> meta.add(entry.get("key").asString() + "=" + entry.get("value").asString()));
		return meta;
	}

	private static List<String> names(WebhookDelivery delivery) {
		return delivery.headers().stream().map(Map.Entry::getKey).toList();
	}

	private static List<String> fixtureNames(String name) {
		List<String> names = new ArrayList<>();
		Fixtures.load(name).get("headers").forEach((pair) -> names.add(pair.get(0).asString()));
		return names;
	}

}
