package io.stocksync.fakeshop.shopify;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;

import com.sun.net.httpserver.HttpServer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The fake store keeps the documented rules of the GraphQL Admin API 2026-01 that
 * stock-sync relies on.
 */
class FakeShopifyTests {

	private static final JsonMapper JSON = JsonMapper.builder().build();

	private static final HttpClient HTTP = HttpClient.newHttpClient();

	private static final String SET = """
			mutation Set($input: InventorySetQuantitiesInput!, $key: String!) {
			  inventorySetQuantities(input: $input) @idempotent(key: $key) {
			    inventoryAdjustmentGroup { id changes { name delta quantityAfterChange } }
			    userErrors { code field message }
			  }
			}""";

	private final FakeShopify store = FakeShopify.builder().start();

	@AfterEach
	void stop() {
		this.store.close();
	}

	private JsonNode graphql(String version, String query, Map<String, Object> variables) throws Exception {
		HttpResponse<String> response = HTTP
			.send(HttpRequest.newBuilder(URI.create(this.store.baseUrl() + "/admin/api/" + version + "/graphql.json"))
				.header("X-Shopify-Access-Token", this.store.accessToken())
				.header("Content-Type", "application/json")
				.POST(HttpRequest.BodyPublishers
					.ofString(JSON.writeValueAsString(Map.of("query", query, "variables", variables))))
				.build(), HttpResponse.BodyHandlers.ofString());
		JsonNode body = JSON.readTree(response.body());
		((tools.jackson.databind.node.ObjectNode) body).put("httpStatus", response.statusCode());
		return body;
	}

	private Map<String, Object> input(long item, long quantity, Object changeFrom) {
		Map<String, Object> entry = new java.util.HashMap<>();
		entry.put("inventoryItemId", "gid://shopify/InventoryItem/" + item);
		entry.put("locationId", "gid://shopify/Location/" + this.store.primaryLocationId());
		entry.put("quantity", quantity);
		entry.put("changeFromQuantity", changeFrom);
		return Map.of("name", "available", "reason", "correction", "referenceDocumentUri", "stock-sync://t",
				"quantities", List.of(entry));
	}

	@Test
	void shouldApplyAKeyOnceAndReturnTheFirstResultToARetry() throws Exception {
		long item = this.store.addVariant("A", 10);

		JsonNode first = graphql("2026-01", SET, Map.of("input", input(item, 7, 10), "key", "k-1"));
		this.store.setAvailableInAdmin("A", 9);
		JsonNode retry = graphql("2026-01", SET, Map.of("input", input(item, 7, 10), "key", "k-1"));
		JsonNode mismatch = graphql("2026-01", SET, Map.of("input", input(item, 8, 10), "key", "k-1"));

		assertThat(first.at("/data/inventorySetQuantities/userErrors")).isEmpty();
		assertThat(first.at("/data/inventorySetQuantities/inventoryAdjustmentGroup/changes/0/delta").asInt())
			.isEqualTo(-3);
		assertThat(retry.at("/data/inventorySetQuantities")).isEqualTo(first.at("/data/inventorySetQuantities"));
		assertThat(this.store.available("A")).as("the retry did not apply again").isEqualTo(9);
		assertThat(mismatch.at("/data/inventorySetQuantities/userErrors/0/code").asString())
			.isEqualTo("IDEMPOTENCY_KEY_PARAMETER_MISMATCH");
	}

	@Test
	void shouldRefuseAStaleChangeFromQuantityWithHttp200AndApplyNothing() throws Exception {
		long item = this.store.addVariant("A", 10);
		long bundle = this.store.addVariant("KIT", 0, true);

		JsonNode stale = graphql("2026-01", SET, Map.of("input", input(item, 7, 4), "key", "k-2"));
		JsonNode unchecked = graphql("2026-01", SET, Map.of("input", input(item, 6, null), "key", "k-3"));
		JsonNode parent = graphql("2026-01", SET, Map.of("input", input(bundle, 6, null), "key", "k-4"));

		assertThat(stale.get("httpStatus").asInt()).isEqualTo(200);
		assertThat(stale.at("/data/inventorySetQuantities/userErrors/0/code").asString())
			.isEqualTo("CHANGE_FROM_QUANTITY_STALE");
		assertThat(stale.at("/data/inventorySetQuantities/userErrors/0/field").toString())
			.isEqualTo("[\"input\",\"quantities\",\"0\",\"changeFromQuantity\"]");
		assertThat(unchecked.at("/data/inventorySetQuantities/userErrors")).isEmpty();
		assertThat(this.store.available("A")).isEqualTo(6);
		assertThat(parent.at("/data/inventorySetQuantities/userErrors/0/code").asString())
			.isEqualTo("NON_MUTABLE_INVENTORY_ITEM");
	}

	@Test
	void shouldApplyTheVersionRulesAndThe250Limit() throws Exception {
		long item = this.store.addVariant("A", 10);
		Map<String, Object> many = new java.util.HashMap<>(input(item, 1, null));
		many.put("quantities",
				java.util.Collections.nCopies(251, ((List<?>) input(item, 1, null).get("quantities")).get(0)));

		JsonNode tooMany = graphql("2026-01", SET, Map.of("input", many, "key", "k-5"));
		JsonNode old = graphql("2025-10", SET, Map.of("input", input(item, 3, 10), "key", "k-6"));
		JsonNode noKey = graphql("2026-04", """
				mutation Set($input: InventorySetQuantitiesInput!) {
				  inventorySetQuantities(input: $input) { userErrors { code } }
				}""", Map.of("input", input(item, 3, 10)));

		assertThat(tooMany.at("/errors/0/message").asString()).contains("maximum allowed of 250");
		assertThat(old.at("/errors/0/message").asString()).contains("changeFromQuantity");
		assertThat(noKey.at("/errors/0/message").asString()).contains("@idempotent");
		assertThat(this.store.available("A")).isEqualTo(10);
	}

	@Test
	void shouldThrottleARequestTheBucketCannotHoldAndReportTheCost() throws Exception {
		this.store.rateLimit(100, 0.01, 0);
		this.store.throttledStatus(429);

		JsonNode throttled = graphql("2026-01", "query { location { id } }", Map.of());
		this.store.rateLimit(100, 1, 50);
		JsonNode ok = graphql("2026-01", "query { location { id } }", Map.of());
		JsonNode page = graphql("2026-01", "query { productVariants(first: 200) { nodes { id } } }", Map.of());

		assertThat(this.store.throttledResponses()).isEqualTo(1);
		assertThat(throttled.get("httpStatus").asInt()).isEqualTo(429);
		assertThat(throttled.at("/errors/0/extensions/code").asString()).isEqualTo("THROTTLED");
		assertThat(ok.at("/extensions/cost/requestedQueryCost").asInt()).isEqualTo(1);
		assertThat(ok.at("/extensions/cost/throttleStatus/maximumAvailable").asDouble()).isEqualTo(100.0);
		assertThat(page.at("/errors/0/extensions/code").asString()).isEqualTo("MAX_COST_EXCEEDED");
	}

	@Test
	void shouldPageVariantsByCursor() throws Exception {
		for (int i = 0; i < 5; i++) {
			this.store.addVariant("P-" + i, i);
		}
		String query = "query($after: String) { productVariants(first: 2, after: $after) { edges { node { sku } }"
				+ " pageInfo { hasNextPage endCursor } } }";
		List<String> skus = new java.util.ArrayList<>();
		String after = null;
		do {
			Map<String, Object> variables = new java.util.HashMap<>();
			variables.put("after", after);
			JsonNode connection = graphql("2026-01", query, variables).at("/data/productVariants");
			connection.get("edges").forEach((edge) -> skus.add(edge.at("/node/sku").asString()));
			after = connection.at("/pageInfo/hasNextPage").asBoolean() ? connection.at("/pageInfo/endCursor").asString()
					: null;
		}
		while (after != null);

		assertThat(skus).containsExactly("P-0", "P-1", "P-2", "P-3", "P-4");
	}

	@Test
	void shouldListOrdersByCursorWithTheirRefundsAndFilterThemBySearchTerms() throws Exception {
		this.store.addVariant("O-1", 10);
		long first = this.store.checkout(Map.of("O-1", 3));
		this.store.refund(first, "O-1", 1, "return");
		long second = this.store.checkout(Map.of("O-1", 1));
		this.store.cancel(second, true);
		long third = this.store.checkout(Map.of("O-1", 2));
		String query = "query($after: String, $query: String) { orders(first: 2, after: $after, query: $query) {"
				+ " nodes { id updatedAt cancelledAt lineItems(first: 5) { nodes { id sku quantity } }"
				+ " refunds(first: 5) { refundLineItems(first: 5) { nodes { lineItem { id } quantity restockType } } } }"
				+ " pageInfo { hasNextPage endCursor } } }";

		List<JsonNode> all = new java.util.ArrayList<>();
		String after = null;
		int pages = 0;
		do {
			Map<String, Object> variables = new java.util.HashMap<>();
			variables.put("after", after);
			JsonNode connection = graphql("2026-01", query, variables).at("/data/orders");
			connection.get("nodes").forEach(all::add);
			pages++;
			after = connection.at("/pageInfo/hasNextPage").asBoolean() ? connection.at("/pageInfo/endCursor").asString()
					: null;
		}
		while (after != null);

		assertThat(pages).isEqualTo(2);
		assertThat(all).extracting((order) -> order.get("id").asString())
			.containsExactly("gid://shopify/Order/" + first, "gid://shopify/Order/" + second,
					"gid://shopify/Order/" + third);
		JsonNode refunded = all.get(0).at("/refunds/0/refundLineItems/nodes/0");
		assertThat(refunded.get("restockType").asString()).isEqualTo("RETURN");
		assertThat(refunded.get("quantity").asInt()).isEqualTo(1);
		assertThat(refunded.at("/lineItem/id").asString()).isEqualTo(all.get(0).at("/lineItems/nodes/0/id").asString());
		assertThat(all.get(1).get("cancelledAt").isNull()).isFalse();

		Map<String, Object> open = new java.util.HashMap<>();
		open.put("query", "status:open updated_at:>='2020-01-01T00:00:00Z'");
		assertThat(graphql("2026-01", query, open).at("/data/orders/nodes"))
			.extracting((order) -> order.get("id").asString())
			.containsExactly("gid://shopify/Order/" + first, "gid://shopify/Order/" + third);
		Map<String, Object> future = new java.util.HashMap<>();
		future.put("query", "updated_at:>'2999-01-01T00:00:00Z'");
		assertThat(graphql("2026-01", query, future).at("/data/orders/nodes")).isEmpty();
		Map<String, Object> unknown = new java.util.HashMap<>();
		unknown.put("query", "financial_status:paid");
		assertThat(graphql("2026-01", query, unknown).get("errors")).isNotEmpty();
	}

	@Test
	void shouldSignWebhooksAndRedeliverWithTheSameEventIdUntilAnswered2xx() throws IOException {
		AtomicInteger calls = new AtomicInteger();
		List<String> eventIds = new CopyOnWriteArrayList<>();
		List<String> hmacs = new CopyOnWriteArrayList<>();
		HttpServer receiver = HttpServer.create(new java.net.InetSocketAddress("127.0.0.1", 0), 0);
		receiver.createContext("/", (exchange) -> {
			eventIds.add(exchange.getRequestHeaders().getFirst("X-Shopify-Event-Id"));
			hmacs.add(exchange.getRequestHeaders().getFirst("X-Shopify-Hmac-Sha256") + " "
					+ WebhookSender.sign(exchange.getRequestBody().readAllBytes(), "secret"));
			exchange.sendResponseHeaders((calls.incrementAndGet() < 3) ? 500 : 200, -1);
			exchange.close();
		});
		receiver.start();
		try (FakeShopify shop = FakeShopify.builder()
			.clientSecret("secret")
			.webhooks(Duration.ofSeconds(5), Duration.ofMillis(50))
			.start()) {
			shop.addVariant("A", 5);
			shop.subscribe("orders/create", "http://127.0.0.1:" + receiver.getAddress().getPort() + "/hook");

			shop.checkout(Map.of("A", 2));

			await().atMost(Duration.ofSeconds(10)).until(() -> calls.get() >= 3);
			assertThat(eventIds).hasSize(3).containsOnly(eventIds.get(0));
			assertThat(hmacs).allSatisfy((pair) -> assertThat(pair.split(" ")[0]).isEqualTo(pair.split(" ")[1]));
			assertThat(shop.deliveries()).extracting(FakeShopify.Delivery::status).containsExactly(500, 500, 200);
			assertThat(shop.available("A")).isEqualTo(3);
		}
		finally {
			receiver.stop(0);
		}
	}

}
