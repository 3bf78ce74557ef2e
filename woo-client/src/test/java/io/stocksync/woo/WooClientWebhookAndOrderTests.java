package io.stocksync.woo;

import java.time.Instant;
import java.util.List;
import java.util.Map;

import io.stocksync.common.shop.ShopAuth;
import io.stocksync.woo.WooFixtures.Fixture;
import okhttp3.mockwebserver.MockResponse;
import okhttp3.mockwebserver.MockWebServer;
import okhttp3.mockwebserver.RecordedRequest;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

import static org.assertj.core.api.Assertions.assertThat;

class WooClientWebhookAndOrderTests {

	private final MockWebServer server = new MockWebServer();

	private final WooClient client = WooFixtures.client(this.server, ShopAuth.OAUTH1);

	@AfterEach
	void stopServer() throws Exception {
		this.server.shutdown();
	}

	@Test
	void shouldListWebhooks() throws Exception {
		this.server.enqueue(WooFixtures.load("rest-33-webhooks-list").response());

		List<WooWebhook> webhooks = this.client.listWebhooks();

		assertThat(webhooks).hasSize(4)
			.first()
			.isEqualTo(new WooWebhook(8, "wcpeer product.updated", "active", "product.updated",
					"http://127.0.0.1:8090/webhook/product.updated"));
		RecordedRequest request = this.server.takeRequest();
		assertThat(request.getRequestUrl().encodedPath()).isEqualTo("/wp-json/wc/v3/webhooks");
		assertThat(request.getRequestUrl().queryParameter("page")).isEqualTo("1");
	}

	@Test
	void shouldCreateActiveWebhook() throws Exception {
		Fixture fixture = WooFixtures.load("rest-w01-create-webhook-order_created");
		this.server.enqueue(fixture.response());
		JsonNode sent = fixture.requestBody();

		WooWebhook webhook = this.client.createWebhook(sent.path("name").stringValue(),
				sent.path("topic").stringValue(), sent.path("delivery_url").stringValue(),
				sent.path("secret").stringValue());

		assertThat(webhook).isEqualTo(new WooWebhook(5, "wcpeer order.created", "active", "order.created",
				"http://127.0.0.1:8090/webhook/order.created"));
		RecordedRequest request = this.server.takeRequest();
		assertThat(request.getMethod()).isEqualTo("POST");
		assertThat(request.getRequestUrl().encodedPath()).isEqualTo("/wp-json/wc/v3/webhooks");
		assertThat(request.getHeader("Content-Type")).isEqualTo("application/json");
		assertThat(WooFixtures.MAPPER.readTree(request.getBody().readUtf8())).isEqualTo(sent);
	}

	@Test
	void shouldActivateWebhook() throws Exception {
		ObjectNode answer = (ObjectNode) WooFixtures.load("rest-33-webhooks-list").responseBody().get(0).deepCopy();
		this.server.enqueue(new MockResponse().setBody(WooFixtures.MAPPER.writeValueAsString(answer)));

		WooWebhook webhook = this.client.activateWebhook(8);

		assertThat(webhook.status()).isEqualTo("active");
		RecordedRequest request = this.server.takeRequest();
		assertThat(request.getMethod()).isEqualTo("PUT");
		assertThat(request.getRequestUrl().encodedPath()).isEqualTo("/wp-json/wc/v3/webhooks/8");
		assertThat(request.getBody().readUtf8()).isEqualTo("{\"status\":\"active\"}");
	}

	@Test
	void shouldListOrdersModifiedAfterAcrossAllPages() throws Exception {
		JsonNode order = WooFixtures.load("rest-w06-orderA-processing").responseBody();
		ArrayNode page1 = WooFixtures.MAPPER.createArrayNode().add(order);
		ArrayNode page2 = WooFixtures.MAPPER.createArrayNode().add(((ObjectNode) order.deepCopy()).put("id", 21));
		this.server.enqueue(pageOf(page1, 2));
		this.server.enqueue(pageOf(page2, 2));

		List<JsonNode> orders = this.client.listOrdersModifiedAfter(Instant.parse("2026-11-22T13:30:00.750Z"));

		assertThat(orders).extracting((node) -> node.path("id").asLong()).containsExactly(20L, 21L);
		assertThat(orders.get(0).path("line_items")).hasSize(2);
		for (int page = 1; page <= 2; page++) {
			RecordedRequest request = this.server.takeRequest();
			assertThat(request.getRequestUrl().encodedPath()).isEqualTo("/wp-json/wc/v3/orders");
			assertThat(request.getRequestUrl().encodedQuery()).startsWith("per_page=100&page=" + page
					+ "&modified_after=2026-11-22T13%3A30%3A00&dates_are_gmt=true&orderby=modified&order=asc&");
			assertThat(WooFixtures.query(request.getRequestUrl())).containsAllEntriesOf(
					Map.of("modified_after", "2026-11-22T13:30:00", "orderby", "modified", "order", "asc"));
			WooFixtures.assertSignedCorrectly(request, this.client.shop());
		}
	}

	@Test
	void shouldListRefundsOfOrder() throws Exception {
		this.server.enqueue(WooFixtures.load("rest-43-order-refunds-list").response());

		List<JsonNode> refunds = this.client.listRefunds(20);

		assertThat(refunds).singleElement().satisfies((refund) -> {
			assertThat(refund.path("id").asLong()).isEqualTo(22);
			assertThat(refund.path("line_items").get(0).path("quantity").asLong()).isEqualTo(-1);
		});
		assertThat(this.server.takeRequest().getRequestUrl().encodedPath())
			.isEqualTo("/wp-json/wc/v3/orders/20/refunds");
	}

	@Test
	void shouldKeepPagingWithoutTotalPagesHeaderWhilePagesAreFull() throws Exception {
		ArrayNode full = WooFixtures.MAPPER.createArrayNode();
		for (int i = 1; i <= 100; i++) {
			full.addObject().put("id", i);
		}
		this.server.enqueue(new MockResponse().setBody(WooFixtures.MAPPER.writeValueAsString(full)));
		this.server.enqueue(new MockResponse().setBody("[{\"id\":101}]"));

		List<JsonNode> refunds = this.client.listRefunds(20);

		assertThat(refunds).hasSize(101);
		assertThat(this.server.getRequestCount()).isEqualTo(2);
	}

	private static MockResponse pageOf(ArrayNode items, int totalPages) {
		return new MockResponse().setHeader("Content-Type", "application/json; charset=UTF-8")
			.setHeader("X-WP-TotalPages", Integer.toString(totalPages))
			.setBody(WooFixtures.MAPPER.writeValueAsString(items));
	}

}
