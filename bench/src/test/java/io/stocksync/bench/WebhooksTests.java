package io.stocksync.bench;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Map;

import io.stocksync.fakeshop.FakeShop;
import io.stocksync.fakeshop.FakeShopOptions;
import io.stocksync.fakeshop.shopify.FakeShopify;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class WebhooksTests {

	@Test
	void shouldBuildASignedOrderDeliveryWithTheShopsOrderPayload() {
		try (FakeShop shop = FakeShop.start(FakeShopOptions.defaults("bench1"))) {
			shop.addSimpleProduct("SKU-1", 10);

			Webhooks.Delivery delivery = Webhooks.order(shop, Map.of("SKU-1", 2), 8999);

			String request = new String(delivery.request(), StandardCharsets.ISO_8859_1);
			int split = request.indexOf("\r\n\r\n");
			String head = request.substring(0, split);
			byte[] body = Arrays.copyOfRange(delivery.request(), split + 4, delivery.request().length);
			assertThat(head).startsWith("POST /webhooks/woocommerce/bench1 HTTP/1.1\r\n")
				.contains("X-WC-Webhook-Topic: order.created")
				.contains("X-WC-Webhook-Signature: " + Webhooks.signature("bench1-webhook-secret", body))
				.contains("Content-Length: " + body.length);
			assertThat(new String(body, StandardCharsets.UTF_8)).isEqualTo(shop.orderJson(delivery.orderId()))
				.contains("\"sku\":\"SKU-1\"")
				.contains("\"status\":\"processing\"");
			assertThat(shop.stockOf("SKU-1")).isEqualTo(8); // the shop's own stock moved,
															// as WooCommerce's does
		}
	}

	@Test
	void shouldBuildASignedShopifyOrdersCreateDeliveryWithTheStoresOrder() {
		try (FakeShopify store = FakeShopify.builder()
			.clientSecret("bench-secret")
			.shopDomain("b.myshopify.com")
			.start()) {
			store.addVariant("SKU-1", 10);

			Webhooks.Delivery delivery = Webhooks.shopifyOrder(store, "shopify1", "bench-secret", Map.of("SKU-1", 3),
					8999);

			String request = new String(delivery.request(), StandardCharsets.ISO_8859_1);
			int split = request.indexOf("\r\n\r\n");
			String head = request.substring(0, split);
			byte[] body = Arrays.copyOfRange(delivery.request(), split + 4, delivery.request().length);
			assertThat(head).startsWith("POST /webhooks/shopify/shopify1 HTTP/1.1\r\n")
				.contains("X-Shopify-Topic: orders/create\r\n")
				.contains("X-Shopify-Hmac-Sha256: " + Webhooks.signature("bench-secret", body) + "\r\n")
				.contains("X-Shopify-Shop-Domain: b.myshopify.com\r\n")
				.contains("X-Shopify-API-Version: " + FakeShopify.MODELLED_VERSION + "\r\n")
				.containsPattern("X-Shopify-Event-Id: [0-9a-f-]{36}\r\n")
				.contains("Content-Length: " + body.length);
			assertThat(new String(body, StandardCharsets.UTF_8)).isEqualTo(store.orderJson(delivery.orderId()))
				.contains("\"sku\":\"SKU-1\"")
				.contains("\"quantity\":3")
				.contains("\"updated_at\"");
			assertThat(delivery.shopId()).isEqualTo("shopify1");
			assertThat(delivery.lines()).containsExactly(Map.entry("SKU-1", 3));
			assertThat(store.available("SKU-1")).isEqualTo(7); // the store's checkout
																// took
																// it, as Shopify's does
		}
	}

}
