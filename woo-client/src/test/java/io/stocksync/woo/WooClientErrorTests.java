package io.stocksync.woo;

import java.time.Duration;
import java.util.List;

import io.stocksync.common.shop.ShopAuth;
import io.stocksync.woo.WooFixtures.Fixture;
import okhttp3.mockwebserver.MockResponse;
import okhttp3.mockwebserver.MockWebServer;
import okhttp3.mockwebserver.SocketPolicy;
import org.assertj.core.api.ThrowableAssert.ThrowingCallable;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

class WooClientErrorTests {

	private final MockWebServer server = new MockWebServer();

	private final WooClient client = WooFixtures.client(this.server, ShopAuth.OAUTH1);

	@AfterEach
	void stopServer() throws Exception {
		this.server.shutdown();
	}

	@Test
	void shouldNotRetryAuthenticationFailure() {
		WooApiException ex = failureFor(WooFixtures.load("rest-23-error-401-wrong-consumer-secret"),
				this.client::fetchCatalogue);

		assertThat(ex.status()).isEqualTo(401);
		assertThat(ex.code()).isEqualTo("woocommerce_rest_authentication_error");
		assertThat(ex.retryable()).isFalse();
		assertThat(ex.retryAfter()).isEmpty();
		assertThat(ex).hasMessage("WooCommerce shop1: GET /wp-json/wc/v3/products -> HTTP 401 "
				+ "woocommerce_rest_authentication_error: Invalid signature - provided signature does not match.");
	}

	@Test
	void shouldNotRetryInvalidParameter() {
		WooApiException ex = failureFor(WooFixtures.load("rest-20-error-400-invalid-stock"),
				() -> this.client.writeStock(new CatalogueItem("WCP-MUG", 11, 0, "simple", true, 16L), 3));

		assertThat(ex.status()).isEqualTo(400);
		assertThat(ex.code()).isEqualTo("rest_invalid_param");
		assertThat(ex.retryable()).isFalse();
		assertThat(ex).hasMessageContaining("PUT /wp-json/wc/v3/products/11")
			.hasMessageContaining("Invalid parameter(s): stock_quantity");
	}

	@Test
	void shouldNotRetryUnknownProduct() {
		WooApiException ex = failureFor(WooFixtures.load("rest-17-error-404-unknown-product-get"),
				this.client::listWebhooks);

		assertThat(ex.status()).isEqualTo(404);
		assertThat(ex.code()).isEqualTo("woocommerce_rest_product_invalid_id");
		assertThat(ex.retryable()).isFalse();
		assertThat(ex).hasMessageContaining("Invalid ID.");
	}

	@Test
	void shouldNotRetryOversizedBatch() {
		WooApiException ex = failureFor(WooFixtures.load("rest-14-products-batch-over-limit"),
				() -> this.client.writeProductStock(List.of(new StockWrite(13, 24))));

		assertThat(ex.status()).isEqualTo(413);
		assertThat(ex.code()).isEqualTo("woocommerce_rest_request_entity_too_large");
		assertThat(ex.retryable()).isFalse();
		assertThat(ex).hasMessageContaining("POST /wp-json/wc/v3/products/batch")
			.hasMessageContaining("Unable to accept more than 100 items for this request.");
	}

	@Test
	void shouldRetryTooManyRequestsAfterTheRequestedDelay() {
		this.server.enqueue(new MockResponse().setResponseCode(429)
			.setHeader("Retry-After", "7")
			.setHeader("Content-Type", "application/json")
			.setBody("{\"code\":\"too_many_requests\",\"message\":\"Slow down.\",\"data\":{\"status\":429}}"));

		WooApiException ex = catchWooApiException(this.client::fetchCatalogue);

		assertThat(ex.status()).isEqualTo(429);
		assertThat(ex.code()).isEqualTo("too_many_requests");
		assertThat(ex.retryable()).isTrue();
		assertThat(ex.retryAfter()).contains(Duration.ofSeconds(7));
		assertThat(ex).hasMessageContaining("Slow down.");
		assertSafe(ex);
	}

	@Test
	void shouldReadRetryAfterGivenAsHttpDate() {
		this.server
			.enqueue(new MockResponse().setResponseCode(503).setHeader("Retry-After", "Sun, 22 Nov 2026 13:31:00 GMT"));

		WooApiException ex = catchWooApiException(this.client::fetchCatalogue);

		assertThat(ex.retryable()).isTrue();
		assertThat(ex.retryAfter()).contains(Duration.ofSeconds(30));
	}

	@Test
	void shouldRetryServerError() {
		WooApiException ex = failureFor(WooFixtures.load("rest-42-error-refund-api_refund-default-true"),
				() -> this.client.listRefunds(23));

		assertThat(ex.status()).isEqualTo(500);
		assertThat(ex.code()).isEqualTo("woocommerce_rest_cannot_create_order_refund");
		assertThat(ex.retryable()).isTrue();
		assertThat(ex.retryAfter()).isEmpty();
		assertThat(ex).hasMessageContaining("GET /wp-json/wc/v3/orders/23/refunds")
			.hasMessageContaining("does not support automatic refunds");
	}

	@Test
	void shouldRetryRequestTimeout() {
		// OkHttp itself repeats a request once after a 408; the second 408 reaches the
		// client.
		this.server.enqueue(new MockResponse().setResponseCode(408));
		this.server.enqueue(new MockResponse().setResponseCode(408));

		WooApiException ex = catchWooApiException(this.client::listWebhooks);

		assertThat(ex.status()).isEqualTo(408);
		assertThat(ex.code()).isNull();
		assertThat(ex.retryable()).isTrue();
		assertThat(this.server.getRequestCount()).isEqualTo(2);
	}

	@Test
	void shouldRetryGatewayErrorWithHtmlBody() {
		this.server.enqueue(new MockResponse().setResponseCode(502)
			.setHeader("Content-Type", "text/html")
			.setBody("<html>Bad Gateway for /wp-json/wc/v3/products?oauth_signature=abc</html>"));

		WooApiException ex = catchWooApiException(this.client::fetchCatalogue);

		assertThat(ex.status()).isEqualTo(502);
		assertThat(ex.code()).isNull();
		assertThat(ex.retryable()).isTrue();
		assertThat(ex).hasMessageContaining("text/html");
		assertSafe(ex);
	}

	@Test
	void shouldWrapDisconnectAsRetryable() {
		this.server.enqueue(new MockResponse().setSocketPolicy(SocketPolicy.DISCONNECT_AT_START));

		WooApiException ex = catchWooApiException(this.client::fetchCatalogue);

		assertThat(ex.status()).isZero();
		assertThat(ex.code()).isNull();
		assertThat(ex.retryable()).isTrue();
		assertThat(ex.getCause()).isInstanceOf(java.io.IOException.class);
		assertThat(ex).hasMessageStartingWith("WooCommerce shop1: GET /wp-json/wc/v3/products failed: ");
		assertSafe(ex);
	}

	@Test
	void shouldNotFollowRedirectsThatEchoTheSignedQuery() {
		this.server.enqueue(new MockResponse().setResponseCode(301)
			.setHeader("Location",
					"https://shop.example.com/wp-json/wc/v3/products/batch?oauth_signature=abc%3D&oauth_nonce=1"));

		WooApiException ex = catchWooApiException(() -> this.client.writeProductStock(List.of(new StockWrite(11, 1))));

		assertThat(ex.status()).isEqualTo(301);
		assertThat(ex.retryable()).isFalse();
		assertThat(ex).hasMessageContaining("redirected to https://shop.example.com/wp-json/wc/v3/products/batch");
		assertThat(this.server.getRequestCount()).isEqualTo(1);
		assertSafe(ex);
	}

	@Test
	void shouldRejectSuccessThatIsNotJson() {
		this.server.enqueue(new MockResponse().setHeader("Content-Type", "text/html").setBody("<html>home</html>"));

		WooApiException ex = catchWooApiException(this.client::listWebhooks);

		assertThat(ex.status()).isEqualTo(200);
		assertThat(ex.code()).isEqualTo("woo_client_unexpected_response");
		assertThat(ex.retryable()).isFalse();
		assertSafe(ex);
	}

	private WooApiException failureFor(Fixture fixture, ThrowingCallable call) {
		this.server.enqueue(fixture.response());
		WooApiException ex = catchWooApiException(call);
		assertThat(ex).hasMessageStartingWith("WooCommerce shop1: ")
			.hasMessageContaining(" -> HTTP " + fixture.responseStatus() + " ")
			.hasMessageContaining(fixture.responseBody().path("code").stringValue())
			.hasMessageContaining(fixture.responseBody().path("message").stringValue());
		assertSafe(ex);
		return ex;
	}

	private static WooApiException catchWooApiException(ThrowingCallable call) {
		WooApiException ex = catchThrowableOfType(WooApiException.class, call);
		assertThat(ex).as("a WooApiException").isNotNull();
		return ex;
	}

	/** No secret, no signature, no query string. */
	private static void assertSafe(WooApiException ex) {
		assertThat(ex.getMessage()).doesNotContain(WooFixtures.CONSUMER_SECRET)
			.doesNotContain("oauth_signature=abc")
			.doesNotContain("oauth_nonce")
			.doesNotContain("?");
		assertThat(String.valueOf(ex.getCause())).doesNotContain(WooFixtures.CONSUMER_SECRET)
			.doesNotContain("oauth_signature");
	}

}
