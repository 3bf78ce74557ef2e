package io.stocksync.ingest.shopify;

import java.io.IOException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

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
 * Reads one order of a Shopify store, for the webhooks whose body is not the order
 * ({@code refunds/create} carries a refund, {@code orders/edited} an order edit; read off
 * the request path by {@link ShopifyOrderLookup}): {@code GET
 * /admin/api/{version}/orders/{id}.json} with {@code X-Shopify-Access-Token}. That
 * resource has exactly the shape of the {@code orders/*} webhook bodies, so one parser
 * serves both.
 */
@Component
class ShopifyOrders {

	static final int PAGE = 250;

	static final int MAX_PAGES = 40;

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
						"GET order " + orderId + " of shop " + shop.id() + " answered HTTP " + response.code(),
						isRetryable(response.code()));
			}
			JsonNode order = JsonMappers.standard().readTree(body.bytes()).get("order");
			if (order == null || !order.isObject()) {
				throw new ShopifyReadException("GET order " + orderId + " of shop " + shop.id() + " has no order",
						false);
			}
			return order;
		}
		catch (IOException ex) {
			throw new ShopifyReadException("GET order " + orderId + " of shop " + shop.id() + " failed: " + ex);
		}
	}

	/**
	 * Orders updated at or after {@code since}
	 * ({@code GET orders.json?status=any&updated_at_min=...&limit=250}), oldest first as
	 * far as the store sorts them; a full page is followed by another from its newest
	 * {@code updated_at} (overlapping: the caller keeps the last copy of each id).
	 */
	List<JsonNode> ordersUpdatedSince(ShopConfig shop, Instant since) {
		List<JsonNode> orders = new ArrayList<>();
		Instant from = since;
		for (int page = 0; page < MAX_PAGES; page++) {
			HttpUrl url = HttpUrl.get(shop.baseUrl())
				.newBuilder()
				.addPathSegments("admin/api/" + shop.apiVersion() + "/orders.json")
				.addQueryParameter("status", "any")
				.addQueryParameter("updated_at_min", from.toString())
				.addQueryParameter("order", "updated_at asc")
				.addQueryParameter("limit", Integer.toString(PAGE))
				.build();
			JsonNode list = get(shop, url, "orders updated since " + from).get("orders");
			if (list == null || !list.isArray()) {
				throw new ShopifyReadException("orders of shop " + shop.id() + ": no orders array");
			}
			Instant newest = from;
			for (JsonNode order : list) {
				orders.add(order);
				try {
					Instant updated = java.time.OffsetDateTime.parse(order.path("updated_at").asString()).toInstant();
					newest = updated.isAfter(newest) ? updated : newest;
				}
				catch (java.time.format.DateTimeParseException ex) {
					// the parser quarantines it; paging goes on from the others
				}
			}
			if (list.size() < PAGE || !newest.isAfter(from)) {
				return orders;
			}
			from = newest;
		}
		return orders;
	}

	private JsonNode get(ShopConfig shop, HttpUrl url, String what) {
		Request request = new Request.Builder().url(url)
			.header("X-Shopify-Access-Token", shop.accessToken())
			.header("Accept", "application/json")
			.get()
			.build();
		try (Response response = this.http.newCall(request).execute()) {
			if (!response.isSuccessful()) {
				throw new ShopifyReadException(what + " of shop " + shop.id() + " answered HTTP " + response.code());
			}
			return JsonMappers.standard().readTree(response.body().bytes());
		}
		catch (IOException ex) {
			throw new ShopifyReadException(what + " of shop " + shop.id() + " failed: " + ex);
		}
	}

	/* A failure that may go away: no answer, 5xx, 408 or 429. */
	private static boolean isRetryable(int status) {
		return status >= 500 || status == 408 || status == 429;
	}

	/** The store could not be read now. */
	static final class ShopifyReadException extends RuntimeException {

		private final boolean retryable;

		ShopifyReadException(String message) {
			this(message, true);
		}

		ShopifyReadException(String message, boolean retryable) {
			super(message);
			this.retryable = retryable;
		}

		/**
		 * Whether asking again may succeed (no answer, 5xx, 408, 429); not for another
		 * 4xx or an answer without an order.
		 */
		boolean retryable() {
			return this.retryable;
		}

	}

}
