package io.stocksync.woo;

import java.util.ArrayList;
import java.util.List;

import io.stocksync.common.shop.ShopAuth;
import io.stocksync.woo.WooFixtures.Fixture;
import okhttp3.HttpUrl;
import okhttp3.mockwebserver.Dispatcher;
import okhttp3.mockwebserver.MockResponse;
import okhttp3.mockwebserver.MockWebServer;
import okhttp3.mockwebserver.RecordedRequest;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;

class WooClientCatalogueTests {

	private final MockWebServer server = new MockWebServer();

	private final Fixture page1 = WooFixtures.load("rest-34-products-list-orderby-id-page1");

	private final Fixture page2 = WooFixtures.load("rest-35-products-list-orderby-id-page2");

	private final Fixture variations = WooFixtures.load("rest-03-variations-list");

	private JsonNode page1Body = this.page1.responseBody();

	private JsonNode variationsBody = this.variations.responseBody();

	@BeforeEach
	void startServer() throws Exception {
		this.server.setDispatcher(new Dispatcher() {
			@Override
			public MockResponse dispatch(RecordedRequest request) {
				HttpUrl url = request.getRequestUrl();
				String page = url.queryParameter("page");
				return switch (url.encodedPath()) {
					case "/wp-json/wc/v3/products" -> "1".equals(page)
							? WooClientCatalogueTests.this.page1.response(WooClientCatalogueTests.this.page1Body)
							: WooClientCatalogueTests.this.page2.response();
					case "/wp-json/wc/v3/products/14/variations" ->
						WooClientCatalogueTests.this.variations.response(WooClientCatalogueTests.this.variationsBody);
					default -> new MockResponse().setResponseCode(404);
				};
			}
		});
		this.server.start();
	}

	@AfterEach
	void stopServer() throws Exception {
		this.server.shutdown();
	}

	@Test
	void shouldPageProductsByIdUpToTotalPagesAndCollectVariations() throws Exception {
		WooClient client = WooFixtures.client(this.server, ShopAuth.OAUTH1);

		Catalogue catalogue = client.fetchCatalogue();

		assertThat(catalogue.items())
			.extracting(CatalogueItem::sku, CatalogueItem::productId, CatalogueItem::variationId, CatalogueItem::type,
					CatalogueItem::manageStock, CatalogueItem::stockQuantity)
			.containsExactly(tuple("WCP-MUG", 11L, 0L, "simple", true, 16L),
					tuple("WCP-CAP", 12L, 0L, "simple", true, 13L), tuple("WCP-POSTER", 13L, 0L, "simple", true, 24L),
					tuple("WCP-TSHIRT", 14L, 0L, "variable", false, null),
					tuple("WCP-TSHIRT-M", 14L, 16L, "variation", true, 6L),
					tuple("WCP-TSHIRT-S", 14L, 15L, "variation", true, 9L));
		assertThat(catalogue.items()).filteredOn(CatalogueItem::isVariation).hasSize(2);
		assertThat(catalogue.duplicateSkus()).isEmpty();
		assertThat(catalogue.withoutSku()).isZero();
		// Three requests, all to this server: the Link header (pointing at the capture
		// host) was never followed.
		assertThat(this.server.getRequestCount()).isEqualTo(3);
		List<RecordedRequest> requests = takeAll(3);
		assertThat(requests).extracting((request) -> request.getRequestUrl().encodedPath())
			.containsExactly("/wp-json/wc/v3/products", "/wp-json/wc/v3/products",
					"/wp-json/wc/v3/products/14/variations");
		assertThat(requests.get(0).getRequestUrl().encodedQuery())
			.startsWith("per_page=100&page=1&orderby=id&order=asc&oauth_consumer_key=");
		assertThat(requests.get(1).getRequestUrl().encodedQuery())
			.startsWith("per_page=100&page=2&orderby=id&order=asc&oauth_consumer_key=");
		assertThat(requests.get(2).getRequestUrl().encodedQuery())
			.startsWith("per_page=100&page=1&orderby=id&order=asc&oauth_consumer_key=");
		for (RecordedRequest request : requests) {
			assertThat(request.getMethod()).isEqualTo("GET");
			assertThat(request.getHeader("Accept")).isEqualTo("application/json");
			assertThat(request.getHeader("Authorization")).isNull();
			WooFixtures.assertSignedCorrectly(request, client.shop());
		}
		assertThat(requests).extracting((request) -> request.getRequestUrl().queryParameter("oauth_nonce"))
			.doesNotHaveDuplicates();
	}

	@Test
	void shouldReportDuplicateSkusAndItemsWithoutSku() {
		ArrayNode body = (ArrayNode) this.variations.responseBody().deepCopy();
		((ObjectNode) body.get(0)).put("sku", "WCP-MUG");
		((ObjectNode) body.get(1)).put("sku", "");
		this.variationsBody = body;
		WooClient client = WooFixtures.client(this.server, ShopAuth.OAUTH1);

		Catalogue catalogue = client.fetchCatalogue();

		assertThat(catalogue.duplicateSkus()).containsExactly("WCP-MUG");
		assertThat(catalogue.bySku().get("WCP-MUG")).extracting(CatalogueItem::productId, CatalogueItem::variationId)
			.containsExactly(tuple(11L, 0L), tuple(14L, 16L));
		assertThat(catalogue.withoutSku()).isEqualTo(1);
		assertThat(catalogue.items()).filteredOn((item) -> item.variationId() == 15)
			.singleElement()
			.satisfies((item) -> assertThat(item.sku()).isNull());
	}

	@Test
	void shouldParseStockQuantityGivenAsNumericString() {
		ArrayNode body = (ArrayNode) this.page1.responseBody().deepCopy();
		((ObjectNode) body.get(0)).put("stock_quantity", "16");
		this.page1Body = body;
		ArrayNode variationBody = (ArrayNode) this.variations.responseBody().deepCopy();
		((ObjectNode) variationBody.get(0)).put("manage_stock", "parent");
		this.variationsBody = variationBody;
		WooClient client = WooFixtures.client(this.server, ShopAuth.OAUTH1);

		Catalogue catalogue = client.fetchCatalogue();

		assertThat(catalogue.bySku().get("WCP-MUG")).singleElement()
			.extracting(CatalogueItem::stockQuantity)
			.isEqualTo(16L);
		assertThat(catalogue.bySku().get("WCP-TSHIRT-M")).singleElement()
			.satisfies((item) -> assertThat(item.manageStock()).isFalse())
			.satisfies((item) -> assertThat(item.stockQuantity()).isNull());
	}

	private List<RecordedRequest> takeAll(int count) throws InterruptedException {
		List<RecordedRequest> requests = new ArrayList<>();
		for (int i = 0; i < count; i++) {
			requests.add(this.server.takeRequest());
		}
		return requests;
	}

}
