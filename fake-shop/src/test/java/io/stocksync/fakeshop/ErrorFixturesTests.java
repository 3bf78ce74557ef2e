package io.stocksync.fakeshop;

import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Instant;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import tools.jackson.databind.JsonNode;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Each captured error exchange, replayed against the fake shop: same status, same JSON
 * body.
 */
class ErrorFixturesTests {

	@RegisterExtension
	final SeededShop seeded = new SeededShop("errors");

	@Test
	void shouldRejectBatchOverLimitLikeRest14() {
		StringBuilder body = new StringBuilder("{\"update\":[");
		for (int i = 0; i < 101; i++) {
			body.append((i > 0) ? "," : "")
				.append("{\"id\":")
				.append(id("WCP-POSTER"))
				.append(",\"stock_quantity\":24}");
		}
		body.append("]}");
		assertMatches(this.seeded.client().call("POST", "products/batch", null, body.toString()),
				"rest-14-products-batch-over-limit.json");
		assertThat(this.seeded.shop().stockOf("WCP-POSTER")).isEqualTo(30);
	}

	@Test
	void shouldAnswerUnknownProductGetLikeRest17() {
		assertMatches(this.seeded.client().call("GET", "products/999999", null, null),
				"rest-17-error-404-unknown-product-get.json");
	}

	@Test
	void shouldAnswerUnknownProductPutLikeRest18() {
		assertMatches(this.seeded.client().call("PUT", "products/999999", null, "{\"stock_quantity\": 3}"),
				"rest-18-error-404-unknown-product-put.json");
	}

	@Test
	void shouldAnswerVariationUnderWrongParentLikeRest19() {
		assertMatches(this.seeded.client()
			.call("PUT", "products/" + id("WCP-MUG") + "/variations/" + id("WCP-TSHIRT-S"), null,
					"{\"stock_quantity\": 3}"),
				"rest-19-error-variation-wrong-parent.json");
	}

	@Test
	void shouldRejectNonIntegerStockLikeRest20() {
		assertMatches(
				this.seeded.client().call("PUT", "products/" + id("WCP-MUG"), null, "{\"stock_quantity\": \"abc\"}"),
				"rest-20-error-400-invalid-stock.json");
		assertThat(this.seeded.shop().stockOf("WCP-MUG")).isEqualTo(20);
	}

	@Test
	void shouldCoerceNumericStringAndAcceptNegativeStockLikeRest21AndRest15() {
		HttpResponse<String> coerced = this.seeded.client()
			.call("PUT", "products/" + id("WCP-MUG"), null, "{\"stock_quantity\": \"16\"}");
		HttpResponse<String> negative = this.seeded.client()
			.call("PUT", "products/" + id("WCP-POSTER"), null, "{\"stock_quantity\": -2}");
		assertThat(coerced.statusCode()).isEqualTo(200);
		assertThat(WcClient.json(coerced).get("stock_quantity").asInt()).isEqualTo(16);
		assertThat(negative.statusCode()).isEqualTo(200);
		assertThat(this.seeded.shop().stockOf("WCP-POSTER")).isEqualTo(-2);
	}

	@Test
	void shouldRejectMalformedJsonLikeRest22() {
		JsonNode fixture = Fixtures.load("rest-22-error-400-invalid-json.json");
		assertMatches(
				this.seeded.client()
					.call("PUT", "products/" + id("WCP-MUG"), null, fixture.get("request").get("raw_body").asString()),
				"rest-22-error-400-invalid-json.json");
	}

	@Test
	void shouldRejectWrongSecretLikeRest23() {
		assertMatches(this.seeded.client()
			.call("GET", "products", Map.of("per_page", "1"), null, this.seeded.shop().consumerKey(), "cs_wrong",
					"nonce23", now()),
				"rest-23-error-401-wrong-consumer-secret.json");
	}

	@Test
	void shouldRejectUnknownKeyLikeRest24() {
		assertMatches(this.seeded.client()
			.call("GET", "products", Map.of("per_page", "1"), null, "ck_0000000000000000000000000000000000000000",
					this.seeded.shop().consumerSecret(), "nonce24", now()),
				"rest-24-error-401-unknown-consumer-key.json");
	}

	@Test
	void shouldIgnoreBasicAuthOverHttpLikeRest25() {
		String basic = Base64.getEncoder()
			.encodeToString((this.seeded.shop().consumerKey() + ":" + this.seeded.shop().consumerSecret()).getBytes());
		assertMatches(this.seeded.client()
			.raw(HttpRequest.newBuilder(URI.create(this.seeded.shop().baseUrl() + "/wp-json/wc/v3/products?per_page=1"))
				.header("Authorization", "Basic " + basic)), "rest-25-error-401-basic-auth-over-http.json");
	}

	@Test
	void shouldIgnoreQueryKeysOverHttpLikeRest26() {
		this.seeded.client().auth = WcClient.Auth.NONE;
		Map<String, String> query = new LinkedHashMap<>();
		query.put("per_page", "1");
		query.put("consumer_key", this.seeded.shop().consumerKey());
		query.put("consumer_secret", this.seeded.shop().consumerSecret());
		assertMatches(this.seeded.client().call("GET", "products", query, null),
				"rest-26-error-401-query-keys-over-http.json");
	}

	@Test
	void shouldRejectAnonymousLikeRest27() {
		this.seeded.client().auth = WcClient.Auth.NONE;
		assertMatches(this.seeded.client().call("GET", "products", Map.of("per_page", "1"), null),
				"rest-27-error-401-no-auth.json");
	}

	@Test
	void shouldRejectNonceReuseLikeRest29() {
		long timestamp = now();
		HttpResponse<String> first = this.seeded.client()
			.call("GET", "products", Map.of("per_page", "1"), null, this.seeded.shop().consumerKey(),
					this.seeded.shop().consumerSecret(), "fixednonce" + timestamp, timestamp);
		assertThat(first.statusCode()).isEqualTo(200);
		assertMatches(
				this.seeded.client()
					.call("GET", "products", Map.of("per_page", "1"), null, this.seeded.shop().consumerKey(),
							this.seeded.shop().consumerSecret(), "fixednonce" + timestamp, timestamp + 1),
				"rest-29-error-401-oauth-nonce-reuse.json");
	}

	@Test
	void shouldRejectOldTimestampLikeRest30() {
		assertMatches(
				this.seeded.client()
					.call("GET", "products", Map.of("per_page", "1"), null, this.seeded.shop().consumerKey(),
							this.seeded.shop().consumerSecret(), "nonce30", now() - 20 * 60),
				"rest-30-error-401-oauth-old-timestamp.json");
	}

	@Test
	void shouldRejectPerPageOver100LikeRest36() {
		assertMatches(this.seeded.client().call("GET", "products", Map.of("per_page", "101"), null),
				"rest-36-products-list-per-page-101.json");
	}

	@Test
	void shouldRefuseGatewayRefundByDefaultLikeRest42() {
		long orderId = this.seeded.shop().placeOrder("processing", Map.of("WCP-CAP", 1, "WCP-TSHIRT-M", 1));
		long lineId = this.seeded.shop().lineItemIds(orderId).get("WCP-CAP");
		assertMatches(
				this.seeded.client()
					.call("POST", "orders/" + orderId + "/refunds", null,
							"{\"reason\": \"gateway refund attempt\", \"line_items\": [{\"id\": " + lineId
									+ ", \"quantity\": 1, \"refund_total\": 15.0}]}"),
				"rest-42-error-refund-api_refund-default-true.json");
		assertThat(this.seeded.shop().stockOf("WCP-CAP")).isEqualTo(14);
	}

	@Test
	void shouldReportPerItemErrorsInsideBatchLikeRest13() {
		JsonNode fixture = Fixtures.load("rest-13-products-batch-mixed-errors.json");
		HttpResponse<String> response = this.seeded.client()
			.call("POST", "products/batch", null, "{\"update\": [{\"id\": " + id("WCP-POSTER")
					+ ", \"stock_quantity\": 24}, {\"id\": 999999, \"stock_quantity\": 1}]}");
		assertThat(response.statusCode()).isEqualTo(200);
		JsonNode update = WcClient.json(response).get("update");
		assertThat(update.get(0).get("stock_quantity").asInt()).isEqualTo(24);
		assertThat(update.get(1)).isEqualTo(fixture.get("response").get("body").get("update").get(1));
		assertThat(Fixtures.shape(update.get(0)))
			.isEqualTo(Fixtures.shape(fixture.get("response").get("body").get("update").get(0)));
	}

	private long id(String sku) {
		return this.seeded.shop().productId(sku);
	}

	private static long now() {
		return Instant.now().getEpochSecond();
	}

	private static void assertMatches(HttpResponse<String> response, String fixtureName) {
		JsonNode expected = Fixtures.load(fixtureName).get("response");
		assertThat(response.statusCode()).as(fixtureName).isEqualTo(expected.get("status").asInt());
		JsonNode body = WcClient.json(response);
		assertThat(body.get("code")).as(fixtureName).isEqualTo(expected.get("body").get("code"));
		assertThat(body.get("message")).as(fixtureName).isEqualTo(expected.get("body").get("message"));
		assertThat(body).as(fixtureName).isEqualTo(expected.get("body"));
	}

}
