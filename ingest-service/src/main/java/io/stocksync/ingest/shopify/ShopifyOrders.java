package io.stocksync.ingest.shopify;

import java.io.IOException;

import io.stocksync.common.json.JsonMappers;
import io.stocksync.common.shop.ShopConfig;
import okhttp3.HttpUrl;
import okhttp3.OkHttpClient;
import okhttp3.Request;
import okhttp3.Response;
import okhttp3.ResponseBody;
import tools.jackson.databind.JsonNode;

import org.springframework.stereotype.Component;

/**
 * Reads one order of a Shopify store, for the webhooks whose body is not the order ({@code refunds/create} carries a
 * refund, {@code orders/edited} an order edit): {@code GET /admin/api/{version}/orders/{id}.json} with
 * {@code X-Shopify-Access-Token}. That resource has exactly the shape of the {@code orders/*} webhook bodies, so one
 * parser serves both.
 */
@Component
class ShopifyOrders {

	private final OkHttpClient http;

	ShopifyOrders(OkHttpClient http) {
		this.http = http;
	}

	/**
	 * @throws ShopifyReadException when the store does not answer with the order
	 */
	JsonNode order(ShopConfig shop, long orderId) {
		HttpUrl url = HttpUrl.get(shop.baseUrl())
			.newBuilder()
			.addPathSegments("admin/api/" + shop.apiVersion() + "/orders/" + orderId + ".json")
			.build();
		Request request = new Request.Builder().url(url)
			.header("X-Shopify-Access-Token", shop.accessToken())
			.header("Accept", "application/json")
			.get()
			.build();
		try (Response response = this.http.newCall(request).execute()) {
			ResponseBody body = response.body();
			if (!response.isSuccessful()) {
				throw new ShopifyReadException(
						"GET order " + orderId + " of shop " + shop.id() + " answered HTTP " + response.code());
			}
			JsonNode order = JsonMappers.standard().readTree(body.bytes()).get("order");
			if (order == null || !order.isObject()) {
				throw new ShopifyReadException("GET order " + orderId + " of shop " + shop.id() + " has no order");
			}
			return order;
		}
		catch (IOException ex) {
			throw new ShopifyReadException("GET order " + orderId + " of shop " + shop.id() + " failed: " + ex);
		}
	}

	/** The store could not be read now; Shopify redelivers the webhook when we answer non-2xx. */
	static final class ShopifyReadException extends RuntimeException {

		ShopifyReadException(String message) {
			super(message);
		}

	}

}
