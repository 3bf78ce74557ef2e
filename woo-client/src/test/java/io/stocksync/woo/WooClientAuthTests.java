package io.stocksync.woo;

import java.nio.charset.StandardCharsets;
import java.util.Base64;

import io.stocksync.common.shop.ShopAuth;
import io.stocksync.common.shop.ShopConfig;
import okhttp3.OkHttpClient;
import okhttp3.mockwebserver.MockResponse;
import okhttp3.mockwebserver.MockWebServer;
import okhttp3.mockwebserver.RecordedRequest;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

class WooClientAuthTests {

	private final MockWebServer server = new MockWebServer();

	@AfterEach
	void stopServer() throws Exception {
		this.server.shutdown();
	}

	@Test
	void shouldSendBasicAuthForBasicShop() throws Exception {
		this.server.enqueue(new MockResponse().setHeader("X-WP-TotalPages", "1").setBody("[]"));
		WooClient client = WooFixtures.client(this.server, ShopAuth.BASIC);

		client.listWebhooks();

		RecordedRequest request = this.server.takeRequest();
		String expected = "Basic " + Base64.getEncoder()
			.encodeToString(
					(WooFixtures.CONSUMER_KEY + ":" + WooFixtures.CONSUMER_SECRET).getBytes(StandardCharsets.UTF_8));
		assertThat(request.getHeader("Authorization")).isEqualTo(expected);
		assertThat(request.getHeader("Accept")).isEqualTo("application/json");
		assertThat(request.getRequestUrl().encodedQuery()).isEqualTo("per_page=100&page=1&orderby=id&order=asc");
	}

	@Test
	void shouldSignEveryRequestWithFreshNonceForOAuthShop() throws Exception {
		this.server.enqueue(new MockResponse().setHeader("X-WP-TotalPages", "1").setBody("[]"));
		this.server.enqueue(new MockResponse().setHeader("X-WP-TotalPages", "1").setBody("[]"));
		WooClient client = WooFixtures.client(this.server, ShopAuth.OAUTH1);

		client.listWebhooks();
		client.listWebhooks();

		RecordedRequest first = this.server.takeRequest();
		RecordedRequest second = this.server.takeRequest();
		WooFixtures.assertSignedCorrectly(first, client.shop());
		WooFixtures.assertSignedCorrectly(second, client.shop());
		assertThat(first.getHeader("Authorization")).isNull();
		assertThat(first.getRequestUrl().queryParameter("oauth_nonce"))
			.isNotEqualTo(second.getRequestUrl().queryParameter("oauth_nonce"));
	}

	@Test
	void shouldDefaultToBasicForHttpsAndOAuthForHttp() {
		ShopConfig https = new ShopConfig("shop1", "https://shop1.example.com/", WooFixtures.CONSUMER_KEY,
				WooFixtures.CONSUMER_SECRET, "whsec", null, 0);
		ShopConfig http = new ShopConfig("shop2", "http://127.0.0.1:8080", WooFixtures.CONSUMER_KEY,
				WooFixtures.CONSUMER_SECRET, "whsec", null, 0);

		assertThat(new WooClient(new OkHttpClient(), https, WooFixtures.CLOCK).shop().auth()).isEqualTo(ShopAuth.BASIC);
		assertThat(new WooClient(new OkHttpClient(), http, WooFixtures.CLOCK).shop().auth()).isEqualTo(ShopAuth.OAUTH1);
	}

	@Test
	void shouldRequireCredentials() {
		ShopConfig shop = new ShopConfig("shop1", "https://shop1.example.com", WooFixtures.CONSUMER_KEY, null, "whsec",
				null, 0);

		assertThatIllegalArgumentException()
			.isThrownBy(() -> new WooClient(new OkHttpClient(), shop, WooFixtures.CLOCK))
			.withMessageContaining("shop1");
	}

	@Test
	void shouldNotShowSecretInToString() {
		WooClient client = WooFixtures.client(this.server, ShopAuth.BASIC);

		assertThat(client.toString()).contains("shop1").doesNotContain(WooFixtures.CONSUMER_SECRET);
	}

}
