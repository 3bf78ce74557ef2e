package io.stocksync.bench;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Map;

import io.stocksync.fakeshop.FakeShop;
import io.stocksync.fakeshop.FakeShopOptions;
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

}
