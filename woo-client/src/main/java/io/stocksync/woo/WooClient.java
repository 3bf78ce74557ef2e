package io.stocksync.woo;

import java.io.IOException;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;

import io.stocksync.common.json.JsonMappers;
import io.stocksync.common.shop.ShopAuth;
import io.stocksync.common.shop.ShopConfig;
import okhttp3.Credentials;
import okhttp3.Headers;
import okhttp3.HttpUrl;
import okhttp3.MediaType;
import okhttp3.OkHttpClient;
import okhttp3.Request;
import okhttp3.RequestBody;
import okhttp3.Response;
import okhttp3.ResponseBody;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * Client for one shop's WooCommerce REST API v3 ({@code /wp-json/wc/v3/}).
 * <p>
 * Authentication follows {@link ShopConfig#auth()}: HTTP Basic with consumer key and
 * secret for {@link ShopAuth#BASIC} (WooCommerce honours it over https only), OAuth 1.0a
 * HMAC-SHA256 query signing with a fresh nonce per request for {@link ShopAuth#OAUTH1}
 * (the only scheme WooCommerce accepts over plain http).
 * <p>
 * Collections are read page by page with {@code per_page=100} and a stable order, for
 * {@code page=1..X-WP-TotalPages}. The {@code Link} header is never followed: WooCommerce
 * echoes the previous request's {@code oauth_*} parameters into it. Redirects are not
 * followed either, so that a signed POST can never silently turn into a GET elsewhere.
 * <p>
 * Every failure is a {@link WooApiException} that says whether a retry can help. Writes
 * set absolute quantities, so retrying a whole call is safe. Instances are immutable and
 * thread-safe; {@link #toString()} and exception messages never contain the consumer
 * secret or the OAuth signature.
 */
public final class WooClient {

	static final String API_PATH = "/wp-json/wc/v3/";

	/**
	 * WooCommerce's maximum for both {@code per_page} and the items of one batch request.
	 */
	static final int PAGE_SIZE = 100;

	static final int BATCH_LIMIT = 100;

	private static final MediaType JSON = MediaType.get("application/json");

	private static final String USER_AGENT = "stock-sync-woo-client/1.0";

	private static final DateTimeFormatter WOO_GMT_DATE = DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm:ss")
		.withZone(ZoneOffset.UTC);

	private final OkHttpClient http;

	private final ShopConfig shop;

	private final Clock clock;

	private final JsonMapper mapper = JsonMappers.standard();

	private final OAuth1Signer signer;

	private final String basicAuthorization;

	public WooClient(OkHttpClient http, ShopConfig shop, Clock clock) {
		Objects.requireNonNull(http, "http");
		this.shop = Objects.requireNonNull(shop, "shop");
		if (shop.consumerKey() == null || shop.consumerKey().isEmpty() || shop.consumerSecret() == null
				|| shop.consumerSecret().isEmpty()) {
			throw new IllegalArgumentException("site " + shop.id() + ": consumer-key and consumer-secret are required");
		}
		this.clock = Objects.requireNonNull(clock, "clock");
		// Shares the caller's connection pool and dispatcher; only redirect handling
		// differs (see type Javadoc).
		this.http = http.newBuilder().followRedirects(false).followSslRedirects(false).build();
		if (shop.auth() == ShopAuth.OAUTH1) {
			this.signer = new OAuth1Signer(shop.consumerKey(), shop.consumerSecret(), OAuth1Signer.HMAC_SHA256, clock);
			this.basicAuthorization = null;
		}
		else {
			this.signer = null;
			this.basicAuthorization = Credentials.basic(shop.consumerKey(), shop.consumerSecret(),
					StandardCharsets.UTF_8);
		}
	}

	public ShopConfig shop() {
		return this.shop;
	}

	/**
	 * Reads every product ({@code orderby=id&order=asc}) and the variations of every
	 * variable product.
	 */
	public Catalogue fetchCatalogue() {
		// Page by page into the few fields a catalogue item keeps: a whole shop's product
		// JSON (a few KB per product) held at once costs hundreds of MB for 10,000
		// products.
		List<CatalogueItem> products = new ArrayList<>();
		forEachPage("products", idOrder(), (page, number, totalPages) -> {
			for (JsonNode product : page) {
				products.add(catalogueItem(product, 0));
			}
		});
		List<CatalogueItem> items = new ArrayList<>(products.size());
		for (CatalogueItem product : products) {
			items.add(product);
			if ("variable".equals(product.type())) {
				forEachPage("products/" + product.productId() + "/variations", idOrder(), (page, number, total) -> {
					for (JsonNode variation : page) {
						items.add(catalogueItem(variation, product.productId()));
					}
				});
			}
		}
		return new Catalogue(items);
	}

	/**
	 * Sets the stock of products with {@code POST products/batch}, at most 100 items per
	 * request.
	 * @return one result per write, in the order of {@code writes}; items WooCommerce
	 * rejected are failed results
	 * @throws WooApiException if a request fails as a whole (results of earlier chunks
	 * are then not returned, but were applied)
	 */
	public List<StockWriteResult> writeProductStock(List<StockWrite> writes) {
		return writeBatch("products/batch", writes);
	}

	/**
	 * Sets the stock of variations of one parent with {@code POST
	 * products/{parentId}/variations/batch}, at most 100 items per request.
	 * @see #writeProductStock(List)
	 */
	public List<StockWriteResult> writeVariationStock(long parentId, List<StockWrite> writes) {
		return writeBatch("products/" + parentId + "/variations/batch", writes);
	}

	/** Sets the stock of one product or variation with a single PUT. */
	public void writeStock(CatalogueItem item, long quantity) {
		String endpoint = item.isVariation() ? "products/" + item.productId() + "/variations/" + item.variationId()
				: "products/" + item.productId();
		ObjectNode body = this.mapper.createObjectNode();
		body.put("stock_quantity", quantity);
		execute("PUT", endpoint, Map.of(), body);
	}

	public List<WooWebhook> listWebhooks() {
		Map<String, String> query = new LinkedHashMap<>();
		query.put("orderby", "id");
		query.put("order", "asc");
		return getAllPages("webhooks", query).stream().map(WooClient::webhook).toList();
	}

	/**
	 * Creates an active webhook. WooCommerce pings {@code deliveryUrl} (unsigned,
	 * form-encoded {@code webhook_id=<id>}) before it answers; if the ping does not get a
	 * 200 the webhook stays {@code pending_delivery}.
	 */
	public WooWebhook createWebhook(String name, String topic, String deliveryUrl, String secret) {
		ObjectNode body = this.mapper.createObjectNode();
		body.put("name", name);
		body.put("topic", topic);
		body.put("delivery_url", deliveryUrl);
		body.put("secret", secret);
		body.put("status", "active");
		return webhook(execute("POST", "webhooks", Map.of(), body).body());
	}

	/**
	 * Sets a webhook back to {@code active}, e.g. after WooCommerce disabled it for
	 * failed deliveries.
	 */
	public WooWebhook activateWebhook(long webhookId) {
		ObjectNode body = this.mapper.createObjectNode();
		body.put("status", "active");
		return webhook(execute("PUT", "webhooks/" + webhookId, Map.of(), body).body());
	}

	/**
	 * Orders modified after an instant (strictly after, compared in GMT and to the
	 * second), oldest modification first. An order modified while the pages are read
	 * moves to the end of the list and may push another order across a page boundary, so
	 * callers should overlap their windows a little and deduplicate by order id.
	 * @return the raw order objects as WooCommerce returns them
	 */
	public List<JsonNode> listOrdersModifiedAfter(Instant after) {
		List<JsonNode> all = new ArrayList<>();
		forEachOrderModifiedAfter(after, (page, number, totalPages) -> all.addAll(page));
		return all;
	}

	/**
	 * {@link #listOrdersModifiedAfter(Instant)} page by page: each page is handed over as
	 * soon as it is read, so a shop with thousands of changed orders never sits in memory
	 * at once.
	 */
	public void forEachOrderModifiedAfter(Instant after, OrderPageListener onPage) {
		Map<String, String> query = new LinkedHashMap<>();
		query.put("modified_after", WOO_GMT_DATE.format(after.truncatedTo(ChronoUnit.SECONDS)));
		// Without this WooCommerce reads modified_after in the site's timezone.
		query.put("dates_are_gmt", "true");
		query.put("orderby", "modified");
		query.put("order", "asc");
		forEachPage("orders", query, onPage);
	}

	/**
	 * Refunds of one order; refund line items carry negative quantities and
	 * {@code _refunded_item_id} meta.
	 */
	public List<JsonNode> listRefunds(long orderId) {
		return getAllPages("orders/" + orderId + "/refunds", Map.of());
	}

	/**
	 * A cheap authenticated read ({@code GET products?per_page=1}) to test credentials
	 * and reachability.
	 * @return how many products the shop has ({@code X-WP-Total}), or -1 when the header
	 * is missing
	 * @throws WooApiException when the shop cannot be reached or refuses the credentials
	 */
	public long countProducts() {
		ApiResponse response = execute("GET", "products", Map.of("per_page", "1"), null);
		Integer total = intHeader(response.headers(), "X-WP-Total");
		return (total != null) ? total : -1;
	}

	private static Map<String, String> idOrder() {
		Map<String, String> query = new LinkedHashMap<>();
		query.put("orderby", "id");
		query.put("order", "asc");
		return query;
	}

	/**
	 * Reads {@code GET /orders} with the given query (e.g. {@code status},
	 * {@code modified_after}, {@code dates_are_gmt}, {@code orderby}) page by page and
	 * hands every page to {@code onPage} as soon as it is read, with the page number and
	 * the total pages the shop announced: for long listings whose progress is shown.
	 */
	public void forEachOrderPage(Map<String, String> query, OrderPageListener onPage) {
		forEachPage("orders", query, onPage);
	}

	/** Receives one page of a listing. */
	@FunctionalInterface
	public interface OrderPageListener {

		void page(List<JsonNode> orders, int page, int totalPages);

	}

	private List<JsonNode> getAllPages(String endpoint, Map<String, String> query) {
		List<JsonNode> all = new ArrayList<>();
		forEachPage(endpoint, query, (items, page, totalPages) -> all.addAll(items));
		return all;
	}

	private void forEachPage(String endpoint, Map<String, String> query, OrderPageListener onPage) {
		int page = 1;
		int totalPages;
		do {
			Map<String, String> pageQuery = new LinkedHashMap<>();
			pageQuery.put("per_page", Integer.toString(PAGE_SIZE));
			pageQuery.put("page", Integer.toString(page));
			pageQuery.putAll(query);
			ApiResponse response = execute("GET", endpoint, pageQuery, null);
			if (!response.body().isArray()) {
				throw unexpected("GET", response.path(), response.status(), "expected a JSON array");
			}
			List<JsonNode> items = new ArrayList<>(response.body().size());
			response.body().forEach(items::add);
			Integer headerPages = intHeader(response.headers(), "X-WP-TotalPages");
			if (headerPages != null) {
				totalPages = headerPages;
			}
			else {
				// No paging headers (a proxy may strip them): keep going while pages are
				// full.
				totalPages = (response.body().size() >= PAGE_SIZE) ? page + 1 : page;
			}
			if (response.body().isEmpty()) {
				break;
			}
			onPage.page(items, page, totalPages);
			page++;
		}
		while (page <= totalPages);
	}

	private List<StockWriteResult> writeBatch(String endpoint, List<StockWrite> writes) {
		List<StockWriteResult> results = new ArrayList<>(writes.size());
		for (int from = 0; from < writes.size(); from += BATCH_LIMIT) {
			List<StockWrite> chunk = writes.subList(from, Math.min(from + BATCH_LIMIT, writes.size()));
			ObjectNode body = this.mapper.createObjectNode();
			ArrayNode update = body.putArray("update");
			for (StockWrite write : chunk) {
				update.addObject().put("id", write.id()).put("stock_quantity", write.quantity());
			}
			ApiResponse response = execute("POST", endpoint, Map.of(), body);
			results.addAll(batchResults(chunk, response.body().path("update")));
		}
		return results;
	}

	/**
	 * WooCommerce answers the update items in request order; match by position when the
	 * counts agree and by id otherwise, so that a missing answer becomes a failed result
	 * instead of a shifted one.
	 */
	private static List<StockWriteResult> batchResults(List<StockWrite> chunk, JsonNode answers) {
		List<StockWriteResult> results = new ArrayList<>(chunk.size());
		if (answers.isArray() && answers.size() == chunk.size()) {
			for (int i = 0; i < chunk.size(); i++) {
				results.add(batchResult(chunk.get(i).id(), answers.get(i)));
			}
			return results;
		}
		Map<Long, List<JsonNode>> byId = new HashMap<>();
		if (answers.isArray()) {
			for (JsonNode answer : answers) {
				byId.computeIfAbsent(answer.path("id").asLong(0), (id) -> new ArrayList<>()).add(answer);
			}
		}
		for (StockWrite write : chunk) {
			List<JsonNode> candidates = byId.get(write.id());
			if (candidates == null || candidates.isEmpty()) {
				results.add(StockWriteResult.failure(write.id(), "woo_client_missing_result",
						"WooCommerce returned no result for this item"));
			}
			else {
				results.add(batchResult(write.id(), candidates.remove(0)));
			}
		}
		return results;
	}

	private static StockWriteResult batchResult(long id, JsonNode answer) {
		JsonNode error = answer.path("error");
		if (error.isObject()) {
			return StockWriteResult.failure(id, text(error.path("code")), text(error.path("message")));
		}
		return StockWriteResult.success(id, stockQuantity(answer.path("stock_quantity")));
	}

	private static CatalogueItem catalogueItem(JsonNode node, long parentId) {
		long id = node.path("id").asLong(0);
		String sku = text(node.path("sku"));
		if (sku != null && sku.isBlank()) {
			sku = null;
		}
		boolean variation = parentId != 0;
		String type = text(node.path("type"));
		if (type == null && variation) {
			type = "variation";
		}
		boolean manageStock = manageStock(node.path("manage_stock"));
		Long quantity = manageStock ? stockQuantity(node.path("stock_quantity")) : null;
		return new CatalogueItem(sku, variation ? parentId : id, variation ? id : 0, type, manageStock, quantity);
	}

	/**
	 * {@code true}/{@code false}; a variation may say {@code "parent"}, meaning its stock
	 * lives on the parent.
	 */
	private static boolean manageStock(JsonNode node) {
		if (node.isBoolean()) {
			return node.booleanValue();
		}
		if (node.isString()) {
			String value = node.stringValue().trim().toLowerCase(Locale.ROOT);
			return value.equals("true") || value.equals("yes") || value.equals("1");
		}
		return node.isNumber() && node.asLong(0) != 0;
	}

	/**
	 * A number or a numeric string ({@code 16}, {@code "16"}, {@code "16.0"});
	 * {@code null} for null or garbage.
	 */
	static Long stockQuantity(JsonNode node) {
		if (node.isIntegralNumber()) {
			return node.longValue();
		}
		if (node.isNumber()) {
			return node.decimalValue().longValue();
		}
		if (node.isString()) {
			String value = node.stringValue().trim();
			if (value.isEmpty()) {
				return null;
			}
			try {
				return new BigDecimal(value).longValue();
			}
			catch (NumberFormatException ex) {
				return null;
			}
		}
		return null;
	}

	private static WooWebhook webhook(JsonNode node) {
		return new WooWebhook(node.path("id").asLong(0), text(node.path("name")), text(node.path("status")),
				text(node.path("topic")), text(node.path("delivery_url")));
	}

	private static String text(JsonNode node) {
		if (node.isString()) {
			return node.stringValue();
		}
		if (node.isNull() || node.isMissingNode() || node.isContainer()) {
			return null;
		}
		return node.asString();
	}

	private ApiResponse execute(String method, String endpoint, Map<String, String> query, JsonNode body) {
		String unsignedUrl = this.shop.baseUrl() + API_PATH + endpoint;
		HttpUrl.Builder url = HttpUrl.get(unsignedUrl).newBuilder();
		// Query values are encoded here exactly as they are signed (RFC 3986), so what is
		// sent is what is signed.
		query.forEach(
				(name, value) -> url.addEncodedQueryParameter(OAuth1Signer.encode(name), OAuth1Signer.encode(value)));
		Request.Builder request = new Request.Builder().header("Accept", "application/json")
			.header("User-Agent", USER_AGENT);
		if (this.signer != null) {
			this.signer.sign(method, unsignedUrl, query)
				.forEach((name, value) -> url.addEncodedQueryParameter(OAuth1Signer.encode(name),
						OAuth1Signer.encode(value)));
		}
		else {
			request.header("Authorization", this.basicAuthorization);
		}
		HttpUrl httpUrl = url.build();
		String path = httpUrl.encodedPath();
		RequestBody requestBody = (body != null) ? RequestBody.create(this.mapper.writeValueAsBytes(body), JSON) : null;
		request.url(httpUrl).method(method, requestBody);
		try (Response response = this.http.newCall(request.build()).execute()) {
			ResponseBody responseBody = response.body();
			byte[] bytes = (responseBody != null) ? responseBody.bytes() : new byte[0];
			if (!response.isSuccessful()) {
				throw failure(method, path, response, bytes);
			}
			try {
				return new ApiResponse(path, response.code(), response.headers(), this.mapper.readTree(bytes));
			}
			catch (JacksonException ex) {
				throw unexpected(method, path, response.code(), "response is not JSON (" + bytes.length + " bytes, "
						+ response.header("Content-Type", "no content type") + ")");
			}
		}
		catch (IOException ex) {
			throw WooApiException.forIo(this.shop.id(), method, path, ex, redact(ex.toString()));
		}
	}

	private WooApiException failure(String method, String path, Response response, byte[] bytes) {
		int status = response.code();
		String code = null;
		String message;
		JsonNode error = parseQuietly(bytes);
		if (error != null && error.isObject() && error.has("code")) {
			code = text(error.path("code"));
			message = text(error.path("message"));
		}
		else {
			message = "no WooCommerce error body (" + bytes.length + " bytes, "
					+ response.header("Content-Type", "no content type") + ")";
		}
		if (response.isRedirect()) {
			// The Location may echo our query, and with it the OAuth signature: keep only
			// scheme, host and path.
			HttpUrl location = HttpUrl.parse(response.header("Location", ""));
			message = "redirected to "
					+ ((location != null) ? location.newBuilder().query(null).build() : "an unparsable location")
					+ "; configure base-url as the shop's final home URL";
		}
		return WooApiException.forStatus(this.shop.id(), method, path, status, (code != null) ? redact(code) : null,
				(message != null) ? redact(message) : null, retryAfter(response.header("Retry-After")));
	}

	private WooApiException unexpected(String method, String path, int status, String detail) {
		return new WooApiException(
				"WooCommerce " + this.shop.id() + ": " + method + " " + path + " -> HTTP " + status
						+ " woo_client_unexpected_response: " + detail,
				status, "woo_client_unexpected_response", false, null, null);
	}

	private JsonNode parseQuietly(byte[] bytes) {
		try {
			return (bytes.length > 0) ? this.mapper.readTree(bytes) : null;
		}
		catch (JacksonException ex) {
			return null;
		}
	}

	/** {@code Retry-After} as delta-seconds or as an HTTP date. */
	private Duration retryAfter(String header) {
		if (header == null || header.isBlank()) {
			return null;
		}
		String value = header.trim();
		try {
			return Duration.ofSeconds(Math.max(0, Long.parseLong(value)));
		}
		catch (NumberFormatException ex) {
			try {
				Instant at = ZonedDateTime.parse(value, DateTimeFormatter.RFC_1123_DATE_TIME).toInstant();
				Duration delay = Duration.between(this.clock.instant(), at);
				return delay.isNegative() ? Duration.ZERO : delay;
			}
			catch (DateTimeParseException ignored) {
				return null;
			}
		}
	}

	/**
	 * Defence in depth: whatever a server or a library echoes, never let the secret or a
	 * signature through.
	 */
	private String redact(String text) {
		String secret = this.shop.consumerSecret();
		String redacted = (secret != null && !secret.isEmpty()) ? text.replace(secret, "***") : text;
		return redacted.replaceAll("(?i)(oauth_signature\\s*=\\s*)[^&\\s\"]*", "$1***");
	}

	private static Integer intHeader(Headers headers, String name) {
		String value = headers.get(name);
		if (value == null) {
			return null;
		}
		try {
			return Integer.parseInt(value.trim());
		}
		catch (NumberFormatException ex) {
			return null;
		}
	}

	@Override
	public String toString() {
		return "WooClient[shop=" + this.shop.id() + ", baseUrl=" + this.shop.baseUrl() + ", auth=" + this.shop.auth()
				+ "]";
	}

	private record ApiResponse(String path, int status, Headers headers, JsonNode body) {
	}

}
