package io.stocksync.propagator.shopify;

import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.LongSupplier;

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
 * The GraphQL Admin API of one Shopify store ({@code POST
 * /admin/api/{version}/graphql.json}, {@code X-Shopify-Access-Token}), for what
 * stock-sync needs: the catalogue (variants with SKU, inventory item and the level at our
 * location, in cursor pages), the primary location, one level, and
 * {@code inventorySetQuantities}.
 * <p>
 * Cost-based throttling: every request's cost is reserved against {@link CostBudget} (fed
 * from each response's {@code extensions.cost.throttleStatus}) and waits until the bucket
 * holds it. A {@code THROTTLED} answer, whether HTTP 429 or 200, waits for the bucket to
 * refill and tries again, a few times, then gives up as retryable. Thread-safe.
 */
public final class ShopifyClient {

	private static final Logger logger = LoggerFactory.getLogger(ShopifyClient.class);

	private static final MediaType JSON = MediaType.get("application/json");

	/** Shopify's cost of any mutation. */
	static final int MUTATION_COST = 10;

	static final int MAX_PAGE = 100;

	static final int THROTTLE_RETRIES = 5;

	/** The longest wait for the bucket inside one call. */
	static final Duration MAX_WAIT = Duration.ofSeconds(10);

	private static final String CATALOGUE = """
			query Catalogue($first: Int!, $after: String, $locationId: ID!) {
			  productVariants(first: $first, after: $after) {
			    edges {
			      node {
			        id
			        sku
			        requiresComponents
			        inventoryItem {
			          id
			          inventoryLevel(locationId: $locationId) {
			            quantities(names: ["available"]) { name quantity }
			          }
			        }
			      }
			    }
			    pageInfo { hasNextPage endCursor }
			  }
			}""";

	/*
	 * One node costs inventoryItem + inventoryLevel + quantities + the node itself
	 * (Shopify's cost rules).
	 */
	private static final int CATALOGUE_NODE_COST = 4;

	private static final String PRIMARY_LOCATION = "query { location { id name } }";

	private static final String LEVEL = """
			query Level($id: ID!, $locationId: ID!) {
			  inventoryItem(id: $id) {
			    inventoryLevel(locationId: $locationId) { quantities(names: ["available"]) { name quantity } }
			  }
			}""";

	private static final String SET_QUANTITIES = """
			mutation SetAvailable($input: InventorySetQuantitiesInput!, $key: String!) {
			  inventorySetQuantities(input: $input) @idempotent(key: $key) {
			    inventoryAdjustmentGroup { id }
			    userErrors { code field message }
			  }
			}""";

	private final OkHttpClient http;

	private final ShopConfig shop;

	private final String endpoint;

	private final CostBudget budget;

	private final Sleeper sleeper;

	public ShopifyClient(OkHttpClient http, ShopConfig shop) {
		this(http, shop, Thread::sleep, System::nanoTime);
	}

	/* Tests pass a sleeper that moves their own nanoTime instead of waiting. */
	ShopifyClient(OkHttpClient http, ShopConfig shop, Sleeper sleeper, LongSupplier nanoTime) {
		this.http = http;
		this.shop = shop;
		this.endpoint = shop.baseUrl() + "/admin/api/" + shop.apiVersion() + "/graphql.json";
		this.sleeper = sleeper;
		this.budget = new CostBudget(nanoTime);
	}

	/** The numeric id of the store's primary location. */
	public long primaryLocationId() {
		JsonNode data = execute(PRIMARY_LOCATION, Map.of(), 1);
		return legacyId(data.path("location").path("id").asString(""), "Location");
	}

	/**
	 * Every variant, paged by cursor; the level is the {@code available} quantity at the
	 * location, null if unstocked.
	 */
	public List<Variant> variants(long locationId) {
		List<Variant> variants = new ArrayList<>();
		String after = null;
		int first = pageSize();
		do {
			Map<String, Object> variables = new LinkedHashMap<>();
			variables.put("first", first);
			variables.put("after", after);
			variables.put("locationId", gid("Location", locationId));
			JsonNode connection = execute(CATALOGUE, variables, 2 + first * CATALOGUE_NODE_COST)
				.path("productVariants");
			for (JsonNode edge : connection.path("edges")) {
				JsonNode node = edge.path("node");
				JsonNode item = node.path("inventoryItem");
				JsonNode level = item.path("inventoryLevel");
				Integer available = null;
				for (JsonNode quantity : level.path("quantities")) {
					if ("available".equals(quantity.path("name").asString())) {
						available = quantity.path("quantity").asInt();
					}
				}
				String sku = node.path("sku").isString() ? node.path("sku").asString().trim() : "";
				variants.add(new Variant(node.path("id").asString(), sku.isEmpty() ? null : sku,
						legacyId(item.path("id").asString(""), "InventoryItem"),
						node.path("requiresComponents").asBoolean(false), !level.isMissingNode() && !level.isNull(),
						available));
			}
			JsonNode pageInfo = connection.path("pageInfo");
			after = pageInfo.path("hasNextPage").asBoolean(false) ? pageInfo.path("endCursor").asString(null) : null;
		}
		while (after != null);
		return variants;
	}

	/**
	 * The {@code available} quantity of an item at a location, null if the item is not
	 * stocked there.
	 */
	public Integer available(long inventoryItemId, long locationId) {
		JsonNode data = execute(LEVEL,
				Map.of("id", gid("InventoryItem", inventoryItemId), "locationId", gid("Location", locationId)), 3);
		JsonNode quantities = data.path("inventoryItem").path("inventoryLevel").path("quantities");
		for (JsonNode quantity : quantities) {
			if ("available".equals(quantity.path("name").asString())) {
				return quantity.path("quantity").asInt();
			}
		}
		return null;
	}

	/**
	 * {@code inventorySetQuantities} of {@code available}, reason {@code correction},
	 * with the idempotency key. A retry of the same call must pass the same key and the
	 * same quantities.
	 * @return the user errors (empty: all quantities were set)
	 */
	public List<UserError> setAvailable(List<SetQuantity> quantities, String referenceDocumentUri,
			String idempotencyKey) {
		List<Map<String, Object>> inputs = new ArrayList<>();
		for (SetQuantity quantity : quantities) {
			Map<String, Object> input = new LinkedHashMap<>();
			input.put("inventoryItemId", gid("InventoryItem", quantity.inventoryItemId()));
			input.put("locationId", gid("Location", quantity.locationId()));
			input.put("quantity", quantity.quantity());
			// 2026-01: present (even null) it replaces compareQuantity; null skips the
			// check. Required from 2026-04.
			input.put("changeFromQuantity", quantity.changeFromQuantity());
			inputs.add(input);
		}
		Map<String, Object> input = new LinkedHashMap<>();
		input.put("name", "available");
		input.put("reason", "correction");
		input.put("referenceDocumentUri", referenceDocumentUri);
		input.put("quantities", inputs);
		JsonNode payload = execute(SET_QUANTITIES, Map.of("input", input, "key", idempotencyKey), MUTATION_COST)
			.path("inventorySetQuantities");
		List<UserError> errors = new ArrayList<>();
		for (JsonNode error : payload.path("userErrors")) {
			List<String> field = new ArrayList<>();
			error.path("field").forEach((part) -> field.add(part.asString()));
			errors.add(new UserError(error.path("code").asString(null), field, error.path("message").asString("")));
		}
		return errors;
	}

	/*
	 * Pages as large as half the bucket allows, at most 100, so a page never waits for a
	 * full bucket.
	 */
	private int pageSize() {
		double maximum = this.budget.maximum();
		if (maximum < 0) {
			execute(PRIMARY_LOCATION, Map.of(), 1); // learn the bucket with the cheapest
													// query
			maximum = this.budget.maximum();
		}
		int fits = (int) ((maximum / 2 - 2) / CATALOGUE_NODE_COST);
		return Math.max(1, Math.min(MAX_PAGE, fits));
	}

	private JsonNode execute(String query, Map<String, Object> variables, int cost) {
		Map<String, Object> body = new LinkedHashMap<>();
		body.put("query", query);
		body.put("variables", variables);
		byte[] json = JsonMappers.standard().writeValueAsBytes(body);
		for (int attempt = 0;; attempt++) {
			waitFor(cost);
			Request request = new Request.Builder().url(this.endpoint)
				.header("X-Shopify-Access-Token", this.shop.accessToken())
				.header("Accept", "application/json")
				.post(RequestBody.create(json, JSON))
				.build();
			JsonNode answer;
			int status = 0;
			try (Response response = this.http.newCall(request).execute()) {
				status = response.code();
				byte[] bytes = response.body().bytes();
				if (status >= 500 || status == 408) {
					throw new ShopifyApiException("Shopify store " + this.shop.id() + " answered HTTP " + status,
							status, true, null);
				}
				if (status != 200 && status != 429) {
					throw new ShopifyApiException(
							"Shopify store " + this.shop.id() + " answered HTTP " + status + ": " + snippet(bytes),
							status, false, null);
				}
				answer = JsonMappers.standard().readTree(bytes);
			}
			catch (IOException ex) {
				throw new ShopifyApiException("Shopify store " + this.shop.id() + ": " + ex, 0, true, ex);
			}
			catch (JacksonException ex) {
				throw new ShopifyApiException("Shopify store " + this.shop.id() + " answered no JSON", status, true,
						ex);
			}
			JsonNode throttle = answer.path("extensions").path("cost").path("throttleStatus");
			if (throttle.isObject()) {
				this.budget.update(throttle.path("maximumAvailable").asDouble(),
						throttle.path("currentlyAvailable").asDouble(), throttle.path("restoreRate").asDouble());
			}
			if (status == 429 || isThrottled(answer)) {
				if (attempt >= THROTTLE_RETRIES) {
					throw new ShopifyApiException(
							"Shopify store " + this.shop.id() + " kept throttling (cost " + cost + ")", status, true,
							null);
				}
				logger.info("Shopify store {} throttled a request of cost {} (HTTP {}); waiting for the bucket",
						this.shop.id(), cost, status);
				continue;
			}
			JsonNode errors = answer.path("errors");
			if (errors.isArray() && !errors.isEmpty()) {
				throw new ShopifyApiException("Shopify store " + this.shop.id() + " refused the query: "
						+ errors.get(0).path("message").asString(""), status, false, null);
			}
			return answer.path("data");
		}
	}

	private void waitFor(int cost) {
		Duration wait = this.budget.reserve(cost);
		while (!wait.isZero()) {
			if (wait.compareTo(MAX_WAIT) > 0) {
				// Do not hold this store's writer for long: the retry topic brings the
				// write back later.
				throw new ShopifyApiException("Shopify store " + this.shop.id() + ": its rate-limit bucket needs "
						+ wait.toSeconds() + "s to hold a request of cost " + cost, 429, true, null);
			}
			try {
				this.sleeper.sleep(wait.toMillis());
			}
			catch (InterruptedException ex) {
				Thread.currentThread().interrupt();
				throw new ShopifyApiException("interrupted while waiting for Shopify's rate limit", 0, true, ex);
			}
			wait = this.budget.reserve(cost);
		}
	}

	private static boolean isThrottled(JsonNode answer) {
		for (JsonNode error : answer.path("errors")) {
			if ("THROTTLED".equals(error.path("extensions").path("code").asString(""))) {
				return true;
			}
		}
		return false;
	}

	private static String snippet(byte[] bytes) {
		String text = new String(bytes, java.nio.charset.StandardCharsets.UTF_8);
		return (text.length() > 200) ? text.substring(0, 200) + "..." : text;
	}

	static String gid(String type, long id) {
		return "gid://shopify/" + type + "/" + id;
	}

	static long legacyId(String gid, String type) {
		String prefix = "gid://shopify/" + type + "/";
		if (!gid.startsWith(prefix)) {
			throw new ShopifyApiException("unexpected id '" + gid + "' for a " + type, 200, false, null);
		}
		return Long.parseLong(gid.substring(prefix.length()).replaceAll("\\?.*", ""));
	}

	/**
	 * A variant of the catalogue.
	 *
	 * @param id its GraphQL id
	 * @param sku its SKU, null if blank
	 * @param inventoryItemId the numeric id of its inventory item
	 * @param requiresComponents a bundle parent: its stock comes from its components and
	 * cannot be set
	 * @param stocked whether its item is stocked at the location asked for
	 * @param available the {@code available} quantity there, null if not stocked
	 */
	public record Variant(String id, String sku, long inventoryItemId, boolean requiresComponents, boolean stocked,
			Integer available) {
	}

	/**
	 * @param inventoryItemId the numeric inventory item id
	 * @param locationId the numeric location id
	 * @param quantity the absolute {@code available} quantity to set
	 * @param changeFromQuantity what we expect the store to hold now (what we last
	 * wrote), null to skip the check
	 */
	public record SetQuantity(long inventoryItemId, long locationId, long quantity, Long changeFromQuantity) {
	}

	/**
	 * @param code e.g. {@code CHANGE_FROM_QUANTITY_STALE}
	 * @param field the input path, e.g.
	 * {@code [input, quantities, 3, changeFromQuantity]}
	 * @param message Shopify's text
	 */
	public record UserError(String code, List<String> field, String message) {

		/** The index into the quantities the error is about, or -1. */
		public int quantityIndex() {
			if (this.field.size() >= 3 && "quantities".equals(this.field.get(1))) {
				try {
					return Integer.parseInt(this.field.get(2));
				}
				catch (NumberFormatException ex) {
					return -1;
				}
			}
			return -1;
		}

	}

	@FunctionalInterface
	interface Sleeper {

		void sleep(long millis) throws InterruptedException;

	}

}
