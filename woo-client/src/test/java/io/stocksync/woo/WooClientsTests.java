package io.stocksync.woo;

import io.stocksync.common.shop.ShopAuth;
import io.stocksync.common.shop.ShopConfig;
import okhttp3.OkHttpClient;
import okhttp3.mockwebserver.MockResponse;
import okhttp3.mockwebserver.MockWebServer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

class WooClientsTests {

	private final MockWebServer server = new MockWebServer();

	private final OkHttpClient http = new OkHttpClient();

	private final WooClients clients = new WooClients(this.http, WooFixtures.CLOCK);

	@AfterEach
	void stop() throws Exception {
		this.server.shutdown();
		this.http.connectionPool().evictAll();
	}

	@Test
	void shouldReuseTheClientOfAnUnchangedShop() {
		ShopConfig shop = shop("shop1", "https://shop1.example.com", "ck_1", "cs_1");

		WooClient first = this.clients.forShop(shop);
		WooClient again = this.clients.forShop(shop("shop1", "https://shop1.example.com", "ck_1", "cs_1"));

		assertThat(again).isSameAs(first);
	}

	@Test
	void shouldKeepOneClientPerShop() {
		WooClient one = this.clients.forShop(shop("shop1", "https://shop1.example.com", "ck_1", "cs_1"));
		WooClient two = this.clients.forShop(shop("shop2", "https://shop1.example.com", "ck_1", "cs_1"));

		assertThat(two).isNotSameAs(one);
		assertThat(two.shop().id()).isEqualTo("shop2");
	}

	@Test
	void shouldMakeANewClientWhenTheSitesFileChangesTheShopsUrlOrCredentials() {
		WooClient before = this.clients.forShop(shop("shop1", "https://shop1.example.com", "ck_1", "cs_1"));

		WooClient movedUrl = this.clients.forShop(shop("shop1", "https://shop1.example.org", "ck_1", "cs_1"));
		WooClient newKey = this.clients.forShop(shop("shop1", "https://shop1.example.org", "ck_2", "cs_1"));
		WooClient newSecret = this.clients.forShop(shop("shop1", "https://shop1.example.org", "ck_2", "cs_2"));

		assertThat(movedUrl).isNotSameAs(before);
		assertThat(movedUrl.shop().baseUrl()).isEqualTo("https://shop1.example.org");
		assertThat(newKey).isNotSameAs(movedUrl);
		assertThat(newKey.shop().consumerKey()).isEqualTo("ck_2");
		assertThat(newSecret).isNotSameAs(newKey);
		assertThat(newSecret.shop().consumerSecret()).isEqualTo("cs_2");
		assertThat(this.clients.forShop(shop("shop1", "https://shop1.example.org", "ck_2", "cs_2")))
			.isSameAs(newSecret);
	}

	@Test
	void shouldSendEveryShopsRequestsThroughTheOneSharedConnectionPool() {
		this.server.enqueue(new MockResponse().setHeader("Content-Type", "application/json").setBody("[]"));
		this.server.enqueue(new MockResponse().setHeader("Content-Type", "application/json").setBody("[]"));
		String url = this.server.url("/").toString();

		this.clients.forShop(shop("shop1", url, "ck_1", "cs_1")).listRefunds(1);
		this.clients.forShop(shop("shop2", url, "ck_2", "cs_2")).listRefunds(2);

		// Both calls went out over the caller's pool: the second reused the first's
		// connection.
		assertThat(this.http.connectionPool().connectionCount()).isEqualTo(1);
		assertThat(this.server.getRequestCount()).isEqualTo(2);
	}

	@Test
	void shouldRefuseAShopWithoutCredentials() {
		assertThatIllegalArgumentException()
			.isThrownBy(() -> this.clients.forShop(shop("shop1", "https://shop1.example.com", "", "cs_1")))
			.withMessageContaining("consumer-key and consumer-secret are required");
	}

	private static ShopConfig shop(String id, String url, String key, String secret) {
		return new ShopConfig(id, url, key, secret, "whsec", ShopAuth.BASIC, 0);
	}

}
