package io.stocksync.ledger.shopify;

import java.io.IOException;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;

import io.stocksync.common.json.JsonMappers;
import io.stocksync.common.shop.ShopConfig;
import okhttp3.MediaType;
import okhttp3.OkHttpClient;
import okhttp3.Request;
import okhttp3.RequestBody;
import okhttp3.Response;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;

/**
 * Reads from one Shopify store's GraphQL Admin API ({@code POST
 * /admin/api/{version}/graphql.json} with {@code X-Shopify-Access-Token}) for the
 * ledger's onboarding: its stock and its orders, in cursor pages. Reading only, and
 * rarely, so throttling is handled by waiting: a {@code THROTTLED} answer (HTTP 429 or
 * 200) waits until the bucket, as its {@code extensions.cost.throttleStatus} tells, holds
 * the request's cost, and tries again, up to {@value #THROTTLE_RETRIES} times.
 */
public final class ShopifyGraphql {

	private static final Logger logger = LoggerFactory.getLogger(ShopifyGraphql.class);

	private static final MediaType JSON = MediaType.get("application/json");

	static final int THROTTLE_RETRIES = 8;

	static final Duration MAX_WAIT = Duration.ofSeconds(30);

	private final OkHttpClient http;

	private final ShopConfig shop;

	private final String endpoint;

	public ShopifyGraphql(OkHttpClient http, ShopConfig shop) {
		if (!shop.isShopify()) {
			throw new IllegalArgumentException("shop " + shop.id() + " is not a Shopify store");
		}
		this.http = http;
		this.shop = shop;
		this.endpoint = shop.baseUrl() + "/admin/api/" + shop.apiVersion() + "/graphql.json";
	}

	public ShopConfig shop() {
		return this.shop;
	}

	/**
	 * Runs a query.
	 * @return its {@code data}
	 * @throws ShopifyReadException when the store cannot be read (no answer, HTTP error,
	 * GraphQL errors, or throttling that does not end)
	 */
	public JsonNode query(String query, Map<String, Object> variables) {
		Map<String, Object> body = new LinkedHashMap<>();
		body.put("query", query);
		body.put("variables", variables);
		byte[] json = JsonMappers.standard().writeValueAsBytes(body);
		for (int attempt = 0;; attempt++) {
			Request request = new Request.Builder().url(this.endpoint)
				.header("X-Shopify-Access-Token", this.shop.accessToken())
				.header("Accept", "application/json")
				.post(RequestBody.create(json, JSON))
				.build();
			JsonNode answer;
			int status;
			try (Response response = this.http.newCall(request).execute()) {
				status = response.code();
				byte[] bytes = response.body().bytes();
				if (status != 200 && status != 429) {
					throw new ShopifyReadException("Shopify store " + this.shop.id() + " answered HTTP " + status);
				}
				answer = JsonMappers.standard().readTree(bytes);
			}
			catch (IOException ex) {
				throw new ShopifyReadException(
						"Shopify store " + this.shop.id() + " not reachable: " + ex.getMessage());
			}
			catch (JacksonException ex) {
				throw new ShopifyReadException("Shopify store " + this.shop.id() + " answered no JSON");
			}
			if (status == 429 || isThrottled(answer)) {
				if (attempt >= THROTTLE_RETRIES) {
					throw new ShopifyReadException("Shopify store " + this.shop.id() + " kept throttling");
				}
				Duration wait = waitFor(answer.path("extensions").path("cost"));
				logger.info("Shopify store {} throttled a read (HTTP {}); waiting {} ms for its bucket", this.shop.id(),
						status, wait.toMillis());
				sleep(wait);
				continue;
			}
			JsonNode errors = answer.path("errors");
			if (errors.isArray() && !errors.isEmpty()) {
				throw new ShopifyReadException("Shopify store " + this.shop.id() + " refused the query: "
						+ errors.get(0).path("message").asString(""));
			}
			return answer.path("data");
		}
	}

	/* Long enough for the bucket to hold what the request asked for; 1 s if unknown. */
	static Duration waitFor(JsonNode cost) {
		JsonNode throttle = cost.path("throttleStatus");
		double requested = cost.path("requestedQueryCost").asDouble(0);
		double available = throttle.path("currentlyAvailable").asDouble(0);
		double rate = throttle.path("restoreRate").asDouble(0);
		if (rate <= 0 || requested <= 0) {
			return Duration.ofSeconds(1);
		}
		long millis = (long) Math.ceil(Math.max(0, requested - available) / rate * 1000) + 50;
		Duration wait = Duration.ofMillis(millis);
		return (wait.compareTo(MAX_WAIT) > 0) ? MAX_WAIT : wait;
	}

	private static boolean isThrottled(JsonNode answer) {
		for (JsonNode error : answer.path("errors")) {
			if ("THROTTLED".equals(error.path("extensions").path("code").asString(""))) {
				return true;
			}
		}
		return false;
	}

	private void sleep(Duration wait) {
		try {
			Thread.sleep(wait.toMillis());
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			throw new ShopifyReadException("interrupted while waiting for Shopify store " + this.shop.id());
		}
	}

	/**
	 * The numeric id in a {@code gid://shopify/<type>/<id>}.
	 * @throws ShopifyReadException when it is not one
	 */
	public static long legacyId(String gid, String type) {
		String prefix = "gid://shopify/" + type + "/";
		if (gid == null || !gid.startsWith(prefix)) {
			throw new ShopifyReadException("unexpected id '" + gid + "' for a " + type);
		}
		try {
			return Long.parseLong(gid.substring(prefix.length()).replaceAll("\\?.*", ""));
		}
		catch (NumberFormatException ex) {
			throw new ShopifyReadException("unexpected id '" + gid + "' for a " + type);
		}
	}

	/** The store could not be read; nothing was changed. */
	public static final class ShopifyReadException extends RuntimeException {

		private static final long serialVersionUID = 1L;

		public ShopifyReadException(String message) {
			super(message);
		}

	}

}
