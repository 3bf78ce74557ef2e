package io.stocksync.fakeshop;

import java.net.URI;
import java.net.http.HttpResponse;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import tools.jackson.databind.JsonNode;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * REST behaviour over real HTTP: OAuth forms, paging headers, JSON shapes, faults and
 * request counting.
 */
class RestApiTests {

	@RegisterExtension
	final SeededShop seeded = new SeededShop("rest");

	@Test
	void shouldAcceptOAuthInQueryAndHeaderWithSha256AndSha1() {
		for (WcClient.Auth auth : List.of(WcClient.Auth.QUERY, WcClient.Auth.HEADER)) {
			for (String method : List.of("HMAC-SHA256", "HMAC-SHA1")) {
				this.seeded.client().auth = auth;
				this.seeded.client().signatureMethod = method;
				HttpResponse<String> response = this.seeded.client()
					.call("GET", "products", Map.of("per_page", "1"), null);
				assertThat(response.statusCode()).as(auth + " " + method).isEqualTo(200);
				assertThat(WcClient.json(response).size()).isEqualTo(1);
			}
		}
	}

	@Test
	void shouldFormatPagingHeadersLikeRest01AndRest02() {
		Map<String, String> query = new LinkedHashMap<>();
		query.put("per_page", "2");
		query.put("page", "1");
		HttpResponse<String> first = this.seeded.client().call("GET", "products", query, null);
		query.put("page", "2");
		HttpResponse<String> second = this.seeded.client().call("GET", "products", query, null);

		JsonNode fixture1 = Fixtures.load("rest-01-products-list-page1.json").get("response").get("headers");
		JsonNode fixture2 = Fixtures.load("rest-02-products-list-page2.json").get("response").get("headers");
		assertThat(first.headers().firstValue("X-WP-Total")).hasValue(Fixtures.header(fixture1, "X-WP-Total"));
		assertThat(first.headers().firstValue("X-WP-TotalPages"))
			.hasValue(Fixtures.header(fixture1, "X-WP-TotalPages"));
		assertThat(second.headers().firstValue("X-WP-Total")).hasValue(Fixtures.header(fixture2, "X-WP-Total"));
		String next = first.headers().firstValue("Link").orElseThrow();
		String prev = second.headers().firstValue("Link").orElseThrow();
		String pattern = "<" + this.seeded.shop().baseUrl().replace(".", "\\.")
				+ "/wp-json/wc/v3/products\\?per_page=2&page=%d&oauth_consumer_key=ck_[0-9a-f]{40}&oauth_nonce=[0-9a-f]{32}"
				+ "&oauth_signature_method=HMAC-SHA256&oauth_timestamp=\\d+&oauth_signature=([A-Za-z0-9+]|%%2F)+>; rel=\"%s\"";
		assertThat(next).matches(String.format(pattern, 2, "next"));
		assertThat(prev).matches(String.format(pattern, 1, "prev"));
		assertThat(Fixtures.header(fixture1, "Link")).matches(String.format(pattern, 2, "next")
			.replace(this.seeded.shop().baseUrl().replace(".", "\\."), "http://127\\.0\\.0\\.1:8080"));
		assertThat(WcClient.json(first).size() + WcClient.json(second).size()).isEqualTo(4);
	}

	@Test
	void shouldBuildTheCapturedLinkHeadersExactly() {
		for (String name : List.of("rest-01-products-list-page1.json", "rest-02-products-list-page2.json")) {
			JsonNode fixture = Fixtures.load(name);
			URI uri = URI.create(fixture.get("request").get("path").asString());
			int page = name.contains("page1") ? 2 : 1;
			String rel = name.contains("page1") ? "next" : "prev";
			String link = "<" + PhpUrls.pageLink(Fixtures.CAPTURED_HOME, uri.getRawPath(),
					PhpUrls.parseQuery(uri.getRawQuery()), page) + ">; rel=\"" + rel + "\"";
			assertThat(link).as(name).isEqualTo(Fixtures.header(fixture.get("response").get("headers"), "Link"));
		}
	}

	@Test
	void shouldPageStablyByIdAscending() {
		Map<String, String> query = new LinkedHashMap<>();
		query.put("per_page", "2");
		query.put("orderby", "id");
		query.put("order", "asc");
		query.put("page", "1");
		JsonNode first = WcClient.json(this.seeded.client().call("GET", "products", query, null));
		query.put("page", "2");
		JsonNode second = WcClient.json(this.seeded.client().call("GET", "products", query, null));
		assertThat(List.of(first.get(0).get("sku").asString(), first.get(1).get("sku").asString(),
				second.get(0).get("sku").asString(), second.get(1).get("sku").asString()))
			.containsExactly("WCP-MUG", "WCP-CAP", "WCP-POSTER", "WCP-TSHIRT");
	}

	@Test
	void shouldFindProductsAndVariationsBySku() {
		JsonNode multi = WcClient
			.json(this.seeded.client().call("GET", "products", Map.of("sku", "WCP-MUG,WCP-TSHIRT-S"), null));
		HttpResponse<String> none = this.seeded.client().call("GET", "products", Map.of("sku", "NO-SUCH-SKU"), null);
		assertThat(multi.size()).isEqualTo(2);
		assertThat(multi.findValuesAsString("type")).containsExactlyInAnyOrder("simple", "variation");
		assertThat(none.body()).isEqualTo("[]");
		assertThat(none.headers().firstValue("X-WP-Total")).hasValue("0");
	}

	@Test
	void shouldShapeResourcesLikeTheFixtures() {
		long tshirt = this.seeded.shop().productId("WCP-TSHIRT");
		long small = this.seeded.shop().productId("WCP-TSHIRT-S");
		JsonNode mug = WcClient
			.json(this.seeded.client().call("GET", "products/" + this.seeded.shop().productId("WCP-MUG"), null, null));
		JsonNode variationViaProducts = WcClient
			.json(this.seeded.client().call("GET", "products/" + small, null, null));
		JsonNode variations = WcClient
			.json(this.seeded.client().call("GET", "products/" + tshirt + "/variations", null, null));
		JsonNode parent = WcClient.json(this.seeded.client().call("GET", "products/" + tshirt, null, null));
		JsonNode put = WcClient.json(this.seeded.client()
			.call("PUT", "products/" + this.seeded.shop().productId("WCP-MUG"), null, "{\"stock_quantity\": 17}"));
		JsonNode putVariation = WcClient.json(this.seeded.client()
			.call("PUT", "products/" + tshirt + "/variations/" + small, null, "{\"stock_quantity\": 7}"));

		assertThat(Fixtures.shape(mug)).isEqualTo(shapeOfWebhook("wh-008-product_updated-orderA-processing.json"));
		assertThat(Fixtures.shape(variationViaProducts)).isEqualTo(Fixtures
			.shape(Fixtures.load("rest-08-product-get-variation-id-via-products.json").get("response").get("body")));
		assertThat(Fixtures.shape(variations.get(0))).isEqualTo(
				Fixtures.shape(Fixtures.load("rest-03-variations-list.json").get("response").get("body").get(0)));
		assertThat(Fixtures.shape(parent)).isEqualTo(
				Fixtures.shape(Fixtures.load("rest-01-products-list-page1.json").get("response").get("body").get(0)));
		assertThat(Fixtures.shape(put))
			.isEqualTo(Fixtures.shape(Fixtures.load("rest-09-product-put-stock.json").get("response").get("body")));
		assertThat(Fixtures.shape(putVariation))
			.isEqualTo(Fixtures.shape(Fixtures.load("rest-10-variation-put-stock.json").get("response").get("body")));
		assertThat(parent.get("manage_stock").asBoolean()).isFalse();
		assertThat(parent.get("stock_quantity").isNull()).isTrue();
		assertThat(variationViaProducts.get("parent_id").asLong()).isEqualTo(tshirt);
		assertThat(this.seeded.shop().stockOf("WCP-TSHIRT-S")).isEqualTo(7);
	}

	@Test
	void shouldInjectFaultsWithRetryAfterAndCountRequests() {
		this.seeded.shop().failNextRequests(429, 2);
		HttpResponse<String> first = this.seeded.client().call("GET", "products", null, null);
		HttpResponse<String> second = this.seeded.client().call("POST", "products/batch", null, "{\"update\":[]}");
		HttpResponse<String> third = this.seeded.client().call("GET", "products", null, null);
		this.seeded.shop().failAllRequests(503);
		HttpResponse<String> unavailable = this.seeded.client().call("GET", "products", null, null);
		this.seeded.shop().clearFaults();
		HttpResponse<String> healthy = this.seeded.client().call("GET", "products", null, null);

		assertThat(first.statusCode()).isEqualTo(429);
		assertThat(first.headers().firstValue("Retry-After")).hasValue("1");
		assertThat(WcClient.json(first).get("data").get("status").asInt()).isEqualTo(429);
		assertThat(second.statusCode()).isEqualTo(429);
		assertThat(third.statusCode()).isEqualTo(200);
		assertThat(unavailable.statusCode()).isEqualTo(503);
		assertThat(healthy.statusCode()).isEqualTo(200);
		assertThat(this.seeded.shop().requestCount("POST", "/wp-json/wc/v3/products/batch")).isEqualTo(1);
		assertThat(this.seeded.shop().requestCount("GET", "/wp-json/wc/v3/products")).isEqualTo(4);
		assertThat(this.seeded.shop().recentRequests()).extracting(RecordedRequest::status)
			.containsExactly(429, 429, 200, 503, 200);
	}

	@Test
	void shouldServeTheDemoEndpointsWithoutAuth() {
		this.seeded.client().auth = WcClient.Auth.NONE;
		Map<String, String> query = new LinkedHashMap<>();
		query.put("sku", "WCP-MUG");
		query.put("qty", "2");
		HttpResponse<String> checkout = this.seeded.client().call("POST", "/checkout", query, null);
		HttpResponse<String> stock = this.seeded.client().call("GET", "/stock", null, null);
		assertThat(checkout.statusCode()).isEqualTo(200);
		assertThat(WcClient.json(checkout).get("order_id").asLong()).isPositive();
		assertThat(WcClient.json(stock).get("WCP-MUG").asInt()).isEqualTo(18);
		assertThat(WcClient.json(stock).get("WCP-TSHIRT").isNull()).isTrue();
	}

	@Test
	void shouldListOrdersModifiedAfterAndAdjustStockOnLineEdits() {
		long first = this.seeded.shop().placeOrder("processing", Map.of("WCP-MUG", 2));
		long second = this.seeded.shop().placeOrder("pending", Map.of("WCP-CAP", 1));
		long mugLine = this.seeded.shop().lineItemIds(first).get("WCP-MUG");
		HttpResponse<String> edited = this.seeded.client()
			.call("PUT", "orders/" + first, null, "{\"line_items\": [{\"id\": " + mugLine + ", \"quantity\": 5}]}");
		Map<String, String> query = new LinkedHashMap<>();
		query.put("modified_after", "2000-01-01T00:00:00");
		query.put("orderby", "id");
		query.put("order", "asc");
		HttpResponse<String> listed = this.seeded.client().call("GET", "orders", query, null);
		query.put("modified_after", "2999-01-01T00:00:00");
		HttpResponse<String> none = this.seeded.client().call("GET", "orders", query, null);

		assertThat(edited.statusCode()).isEqualTo(200);
		assertThat(this.seeded.shop().stockOf("WCP-MUG")).isEqualTo(15);
		assertThat(WcClient.json(edited).get("line_items").get(0).get("meta_data").get(0).get("value").asString())
			.isEqualTo("5");
		assertThat(WcClient.json(listed).findValuesAsString("number")).containsExactly(Long.toString(first),
				Long.toString(second));
		assertThat(listed.headers().firstValue("X-WP-Total")).hasValue("2");
		assertThat(none.body()).isEqualTo("[]");
	}

	private static String shapeOfWebhook(String name) {
		return Fixtures.shape(Fixtures.MAPPER.readTree(Fixtures.load(name).get("raw_body").asString()));
	}

}
