package io.stocksync.woo;

import java.util.ArrayList;
import java.util.List;

import io.stocksync.common.shop.ShopAuth;
import io.stocksync.woo.WooFixtures.Fixture;
import okhttp3.mockwebserver.Dispatcher;
import okhttp3.mockwebserver.MockResponse;
import okhttp3.mockwebserver.MockWebServer;
import okhttp3.mockwebserver.RecordedRequest;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;

class WooClientStockWriteTests {

	private final MockWebServer server = new MockWebServer();

	@AfterEach
	void stopServer() throws Exception {
		this.server.shutdown();
	}

	@Test
	void shouldTurnPerItemBatchErrorsIntoFailedResults() throws Exception {
		Fixture fixture = WooFixtures.load("rest-13-products-batch-mixed-errors");
		this.server.enqueue(fixture.response());
		WooClient client = WooFixtures.client(this.server, ShopAuth.OAUTH1);

		List<StockWriteResult> results = client
			.writeProductStock(List.of(new StockWrite(13, 24), new StockWrite(999999, 1)));

		assertThat(results).containsExactly(StockWriteResult.success(13, 24L),
				StockWriteResult.failure(999999, "woocommerce_rest_product_invalid_id", "Invalid ID."));
		RecordedRequest request = this.server.takeRequest();
		assertThat(request.getMethod()).isEqualTo("POST");
		assertThat(request.getRequestUrl().encodedPath()).isEqualTo("/wp-json/wc/v3/products/batch");
		assertThat(request.getHeader("Content-Type")).isEqualTo("application/json");
		assertThat(request.getHeader("Accept")).isEqualTo("application/json");
		assertThat(WooFixtures.MAPPER.readTree(request.getBody().readUtf8())).isEqualTo(fixture.requestBody());
		WooFixtures.assertSignedCorrectly(request, client.shop());
	}

	@Test
	void shouldSplit101WritesIntoChunksOf100And1() throws Exception {
		this.server.setDispatcher(new EchoBatchDispatcher());
		WooClient client = WooFixtures.client(this.server, ShopAuth.OAUTH1);
		List<StockWrite> writes = new ArrayList<>();
		for (int i = 1; i <= 101; i++) {
			writes.add(new StockWrite(1000 + i, i));
		}

		List<StockWriteResult> results = client.writeProductStock(writes);

		assertThat(results).hasSize(101).allMatch(StockWriteResult::ok);
		assertThat(results).extracting(StockWriteResult::id)
			.containsExactlyElementsOf(writes.stream().map(StockWrite::id).toList());
		assertThat(results.get(100)).isEqualTo(StockWriteResult.success(1101, 101L));
		assertThat(this.server.getRequestCount()).isEqualTo(2);
		JsonNode first = WooFixtures.MAPPER.readTree(this.server.takeRequest().getBody().readUtf8());
		JsonNode second = WooFixtures.MAPPER.readTree(this.server.takeRequest().getBody().readUtf8());
		assertThat(first.path("update").size()).isEqualTo(100);
		assertThat(second.path("update").size()).isEqualTo(1);
		assertThat(second.path("update").get(0).path("id").asLong()).isEqualTo(1101);
		assertThat(second.path("update").get(0).path("stock_quantity").asLong()).isEqualTo(101);
	}

	@Test
	void shouldWriteVariationBatchUnderItsParent() throws Exception {
		Fixture fixture = WooFixtures.load("rest-12-variations-batch-update");
		this.server.enqueue(fixture.response());
		WooClient client = WooFixtures.client(this.server, ShopAuth.OAUTH1);
		List<StockWrite> writes = new ArrayList<>();
		for (JsonNode update : fixture.requestBody().path("update")) {
			writes.add(new StockWrite(update.path("id").asLong(), update.path("stock_quantity").asLong()));
		}

		List<StockWriteResult> results = client.writeVariationStock(14, writes);

		assertThat(results).extracting(StockWriteResult::id, StockWriteResult::ok, StockWriteResult::stockQuantity)
			.containsExactlyElementsOf(
					writes.stream().map((write) -> tuple(write.id(), true, write.quantity())).toList());
		RecordedRequest request = this.server.takeRequest();
		assertThat(request.getRequestUrl().encodedPath()).isEqualTo("/wp-json/wc/v3/products/14/variations/batch");
		assertThat(WooFixtures.MAPPER.readTree(request.getBody().readUtf8())).isEqualTo(fixture.requestBody());
	}

	@Test
	void shouldReportItemsMissingFromTheAnswerAsFailed() throws Exception {
		this.server.enqueue(new MockResponse().setBody("{\"update\":[{\"id\":12,\"stock_quantity\":\"5\"}]}"));
		WooClient client = WooFixtures.client(this.server, ShopAuth.OAUTH1);

		List<StockWriteResult> results = client
			.writeProductStock(List.of(new StockWrite(11, 4), new StockWrite(12, 5)));

		assertThat(results)
			.extracting(StockWriteResult::id, StockWriteResult::ok, StockWriteResult::stockQuantity,
					StockWriteResult::errorCode)
			.containsExactly(tuple(11L, false, null, "woo_client_missing_result"), tuple(12L, true, 5L, null));
	}

	@Test
	void shouldSendNothingForNoWrites() {
		WooClient client = WooFixtures.client(this.server, ShopAuth.OAUTH1);

		assertThat(client.writeProductStock(List.of())).isEmpty();
		assertThat(this.server.getRequestCount()).isZero();
	}

	@Test
	void shouldPutSingleProductAndVariationStock() throws Exception {
		Fixture product = WooFixtures.load("rest-09-product-put-stock");
		Fixture variation = WooFixtures.load("rest-10-variation-put-stock");
		this.server.enqueue(product.response());
		this.server.enqueue(variation.response());
		WooClient client = WooFixtures.client(this.server, ShopAuth.OAUTH1);

		client.writeStock(new CatalogueItem("WCP-MUG", 11, 0, "simple", true, 16L), 17);
		client.writeStock(new CatalogueItem("WCP-TSHIRT-S", 14, 15, "variation", true, 9L), 7);

		RecordedRequest first = this.server.takeRequest();
		assertThat(first.getMethod()).isEqualTo("PUT");
		assertThat(first.getRequestUrl().encodedPath()).isEqualTo("/wp-json/wc/v3/products/11");
		assertThat(WooFixtures.MAPPER.readTree(first.getBody().readUtf8())).isEqualTo(product.requestBody());
		assertThat(first.getHeader("Content-Type")).isEqualTo("application/json");
		WooFixtures.assertSignedCorrectly(first, client.shop());
		RecordedRequest second = this.server.takeRequest();
		assertThat(second.getMethod()).isEqualTo("PUT");
		assertThat(second.getRequestUrl().encodedPath()).isEqualTo("/wp-json/wc/v3/products/14/variations/15");
		assertThat(WooFixtures.MAPPER.readTree(second.getBody().readUtf8())).isEqualTo(variation.requestBody());
	}

	/**
	 * Answers a batch like WooCommerce does when every item succeeds: one object per
	 * update, in request order.
	 */
	private static final class EchoBatchDispatcher extends Dispatcher {

		@Override
		public MockResponse dispatch(RecordedRequest request) {
			// clone(): leave the recorded body readable for the assertions.
			JsonNode body = WooFixtures.MAPPER.readTree(request.getBody().clone().readUtf8());
			ObjectNode answer = WooFixtures.MAPPER.createObjectNode();
			for (JsonNode update : body.path("update")) {
				answer.withArray("update")
					.addObject()
					.put("id", update.path("id").asLong())
					.put("manage_stock", true)
					.put("stock_quantity", update.path("stock_quantity").asLong());
			}
			return new MockResponse().setHeader("Content-Type", "application/json; charset=UTF-8")
				.setBody(WooFixtures.MAPPER.writeValueAsString(answer));
		}

	}

}
