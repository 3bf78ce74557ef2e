package io.stocksync.bench;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.UUID;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

import io.stocksync.fakeshop.FakeShop;
import io.stocksync.fakeshop.shopify.FakeShopify;

/**
 * Builds webhook deliveries the way a shop sends them: a storefront checkout is placed on
 * a fake shop (so the shop's own stock moves like WooCommerce's), the order is rendered
 * exactly as WooCommerce's order payload (PHP JSON encoding of the REST v3 order), signed
 * with the shop's webhook secret (base64 HMAC-SHA256 of the raw body) and turned into the
 * bytes of one HTTP/1.1 request with Hookshot's headers. Building happens before a timed
 * phase, so the load generator only writes bytes.
 */
final class Webhooks {

	private Webhooks() {
	}

	/**
	 * One delivery, ready to send.
	 *
	 * @param shopId the selling shop
	 * @param orderId the order on that shop
	 * @param lines SKU to quantity of the order
	 * @param request the whole HTTP request (head and body)
	 */
	record Delivery(String shopId, long orderId, Map<String, Integer> lines, byte[] request) {

		String key() {
			return this.shopId + ":" + this.orderId;
		}

		int lineCount() {
			return this.lines.size();
		}

	}

	/**
	 * Places a processing order on the shop and returns its {@code order.created}
	 * delivery.
	 */
	static Delivery order(FakeShop shop, Map<String, Integer> lines, int ingestPort) {
		long orderId = shop.placeOrder("processing", lines);
		return delivery(shop, orderId, new LinkedHashMap<>(lines), "order.created", ingestPort);
	}

	/**
	 * Another delivery of the same order (WooCommerce's order.updated that follows a
	 * checkout, or a duplicate).
	 */
	static Delivery again(FakeShop shop, Delivery first, String topic, int ingestPort) {
		return delivery(shop, first.orderId(), first.lines(), topic, ingestPort);
	}

	private static Delivery delivery(FakeShop shop, long orderId, Map<String, Integer> lines, String topic,
			int ingestPort) {
		byte[] body = shop.orderJson(orderId).getBytes(StandardCharsets.UTF_8);
		int dot = topic.indexOf('.');
		String head = "POST /webhooks/woocommerce/" + shop.id() + " HTTP/1.1\r\n" + "Host: 127.0.0.1:" + ingestPort
				+ "\r\n" + "User-Agent: WooCommerce/9.9.5 Hookshot (WordPress/6.8.8)\r\n" + "Accept: */*\r\n"
				+ "Content-Type: application/json\r\n" + "X-WC-Webhook-Source: " + shop.baseUrl() + "/\r\n"
				+ "X-WC-Webhook-Topic: " + topic + "\r\n" + "X-WC-Webhook-Resource: " + topic.substring(0, dot) + "\r\n"
				+ "X-WC-Webhook-Event: " + topic.substring(dot + 1) + "\r\n" + "X-WC-Webhook-Signature: "
				+ signature(shop.webhookSecret(), body) + "\r\n" + "X-WC-Webhook-ID: 1\r\n"
				+ "X-WC-Webhook-Delivery-ID: " + UUID.randomUUID().toString().replace("-", "") + "\r\n"
				+ "Content-Length: " + body.length + "\r\n" + "\r\n";
		byte[] headBytes = head.getBytes(StandardCharsets.ISO_8859_1);
		byte[] request = new byte[headBytes.length + body.length];
		System.arraycopy(headBytes, 0, request, 0, headBytes.length);
		System.arraycopy(body, 0, request, headBytes.length, body.length);
		return new Delivery(shop.id(), orderId, lines, request);
	}

	/**
	 * Checks out an order on a fake Shopify store (its {@code available} moves as
	 * Shopify's does) and returns the {@code orders/create} delivery Shopify would send
	 * for it: the REST order as the body, signed with the store's client secret
	 * ({@code X-Shopify-Hmac-Sha256}), with Shopify's webhook headers.
	 */
	static Delivery shopifyOrder(FakeShopify store, String storeId, String clientSecret, Map<String, Integer> lines,
			int ingestPort) {
		long orderId = store.checkout(lines);
		byte[] body = store.orderJson(orderId).getBytes(StandardCharsets.UTF_8);
		String head = "POST /webhooks/shopify/" + storeId + " HTTP/1.1\r\n" + "Host: 127.0.0.1:" + ingestPort + "\r\n"
				+ "User-Agent: Shopify-Captain-Hook\r\n" + "Accept: */*\r\n" + "Content-Type: application/json\r\n"
				+ "X-Shopify-Topic: orders/create\r\n" + "X-Shopify-Hmac-Sha256: " + signature(clientSecret, body)
				+ "\r\n" + "X-Shopify-Shop-Domain: " + store.shopDomain() + "\r\n" + "X-Shopify-API-Version: "
				+ FakeShopify.MODELLED_VERSION + "\r\n" + "X-Shopify-Webhook-Id: " + UUID.randomUUID() + "\r\n"
				+ "X-Shopify-Triggered-At: " + java.time.Instant.now() + "\r\n" + "X-Shopify-Event-Id: "
				+ UUID.randomUUID() + "\r\n" + "Content-Length: " + body.length + "\r\n" + "\r\n";
		byte[] headBytes = head.getBytes(StandardCharsets.ISO_8859_1);
		byte[] request = new byte[headBytes.length + body.length];
		System.arraycopy(headBytes, 0, request, 0, headBytes.length);
		System.arraycopy(body, 0, request, headBytes.length, body.length);
		return new Delivery(storeId, orderId, new LinkedHashMap<>(lines), request);
	}

	/** {@code base64(HMAC-SHA256(secret, body))}: the X-WC-Webhook-Signature. */
	static String signature(String secret, byte[] body) {
		try {
			Mac mac = Mac.getInstance("HmacSHA256");
			mac.init(new SecretKeySpec(secret.getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
			return Base64.getEncoder().encodeToString(mac.doFinal(body));
		}
		catch (GeneralSecurityException ex) {
			throw new IllegalStateException(ex);
		}
	}

}
