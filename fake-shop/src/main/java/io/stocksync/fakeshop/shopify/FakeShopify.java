package io.stocksync.fakeshop.shopify;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.TreeMap;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.LongSupplier;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import graphql.ExecutionInput;
import graphql.ExecutionResult;
import graphql.GraphQL;
import graphql.GraphQLContext;
import graphql.GraphQLException;
import graphql.execution.directives.QueryAppliedDirective;
import graphql.language.Document;
import graphql.language.OperationDefinition;
import graphql.parser.Parser;
import graphql.schema.Coercing;
import graphql.schema.DataFetchingEnvironment;
import graphql.schema.GraphQLScalarType;
import graphql.schema.GraphQLSchema;
import graphql.schema.idl.RuntimeWiring;
import graphql.schema.idl.SchemaGenerator;
import graphql.schema.idl.SchemaParser;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * A Shopify store look-alike on a real HTTP port of 127.0.0.1, modelling the GraphQL
 * Admin API version {@value #MODELLED_VERSION} (and the rules of 2025-10 and 2026-04
 * where they differ) for the calls stock-sync makes, built from Shopify's public
 * documentation (see the module README for the pages). The Java methods act as the
 * storefront and the merchant (checkout, refund, cancel, edit stock in the admin) and
 * fire the webhooks Shopify fires. Thread-safe: one lock guards the store state.
 */
public final class FakeShopify implements AutoCloseable {

	public static final String MODELLED_VERSION = "2026-01";

	/** The longest a held order read waits before it answers 503. */
	public static final Duration MAX_HOLD = Duration.ofSeconds(60);

	static final Set<String> VERSIONS = Set.of("2025-10", "2026-01", "2026-04");

	static final int MAX_QUANTITIES = 250;

	static final int MAX_PAGE = 250;

	static final Set<String> REASONS = Set.of("correction", "cycle_count_available", "damaged", "movement_created",
			"movement_updated", "movement_received", "movement_canceled", "other", "promotion", "quality_control",
			"received", "reservation_created", "reservation_deleted", "reservation_updated", "restock", "safety_stock",
			"shrinkage");

	private static final JsonMapper JSON = JsonMapper.builder().build();

	/* Shopify's DateTime: an ISO 8601 string. */
	private static final GraphQLScalarType DATE_TIME = GraphQLScalarType.newScalar()
		.name("DateTime")
		.coercing(new Coercing<Object, String>() {

			@Override
			public String serialize(Object value, GraphQLContext context, Locale locale) {
				return value.toString();
			}

		})
		.build();

	private final Object lock = new Object();

	private final HttpServer server;

	private final ExecutorService pool;

	private final GraphQL graphql;

	private final LeakyBucket bucket;

	private final WebhookSender webhooks;

	private final String accessToken;

	private final String shopDomain;

	private final long primaryLocation;

	private final Map<Long, String> locations = new LinkedHashMap<>();

	private final TreeMap<Long, Variant> variants = new TreeMap<>();

	private final Map<Long, ObjectNode> orders = new LinkedHashMap<>();

	private final Map<String, List<String>> subscriptions = new LinkedHashMap<>();

	private final Map<String, Idempotent> idempotency = new HashMap<>();

	private final List<SetCall> setCalls = new CopyOnWriteArrayList<>();

	private final AtomicLong ids = new AtomicLong(7_100_000_000L);

	private final AtomicInteger graphqlRequests = new AtomicInteger();

	private final AtomicInteger throttled = new AtomicInteger();

	private volatile int throttledStatus = 200;

	private volatile boolean down;

	/** Closed while order reads are held; {@code null} when they are answered at once. */
	private volatile CountDownLatch orderReadGate;

	private final AtomicInteger heldOrderReads = new AtomicInteger();

	private final List<ApiRequest> apiRequests = new CopyOnWriteArrayList<>();

	private volatile java.util.function.BiConsumer<String, Integer> availableListener = (sku, available) -> {
	};

	private FakeShopify(Builder builder) throws IOException {
		this.accessToken = builder.accessToken;
		this.shopDomain = builder.shopDomain;
		this.bucket = new LeakyBucket(builder.bucketSize, builder.restoreRate, builder.nanoTime);
		this.primaryLocation = nextId();
		this.locations.put(this.primaryLocation, "Shop location");
		this.webhooks = new WebhookSender(this.shopDomain, MODELLED_VERSION, builder.clientSecret,
				builder.webhookTimeout, builder.webhookRetryDelay);
		this.graphql = GraphQL.newGraphQL(schema()).build();
		this.server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), builder.port), 50);
		this.pool = Executors.newFixedThreadPool(4, (runnable) -> {
			Thread thread = new Thread(runnable, "fake-shopify-http");
			thread.setDaemon(true);
			return thread;
		});
		this.server.setExecutor(this.pool);
		this.server.createContext("/", this::handle);
		this.server.start();
	}

	public static Builder builder() {
		return new Builder();
	}

	public String baseUrl() {
		return "http://127.0.0.1:" + this.server.getAddress().getPort();
	}

	public String accessToken() {
		return this.accessToken;
	}

	public String shopDomain() {
		return this.shopDomain;
	}

	public long primaryLocationId() {
		return this.primaryLocation;
	}

	/** Adds a second location (not the primary one). */
	public long addLocation(String name) {
		synchronized (this.lock) {
			long id = nextId();
			this.locations.put(id, name);
			return id;
		}
	}

	/** A tracked variant stocked at the primary location. */
	public long addVariant(String sku, int available) {
		return addVariant(sku, available, false);
	}

	/**
	 * @param requiresComponents a bundle parent: its stock comes from its components,
	 * {@code inventorySetQuantities} refuses it with {@code NON_MUTABLE_INVENTORY_ITEM}
	 * @return the inventory item id
	 */
	public long addVariant(String sku, int available, boolean requiresComponents) {
		synchronized (this.lock) {
			Variant variant = new Variant(nextId(), nextId(), nextId(), sku, requiresComponents);
			variant.available.put(this.primaryLocation, available);
			this.variants.put(variant.id, variant);
			return variant.inventoryItemId;
		}
	}

	/** A variant whose inventory item is not stocked at any location. */
	public long addUnstockedVariant(String sku) {
		synchronized (this.lock) {
			Variant variant = new Variant(nextId(), nextId(), nextId(), sku, false);
			this.variants.put(variant.id, variant);
			return variant.inventoryItemId;
		}
	}

	/**
	 * Available at the primary location, or null for an unknown SKU or an unstocked item.
	 */
	public Integer available(String sku) {
		synchronized (this.lock) {
			return this.variants.values()
				.stream()
				.filter((variant) -> Objects.equals(sku, variant.sku))
				.findFirst()
				.map((variant) -> variant.available.get(this.primaryLocation))
				.orElse(null);
		}
	}

	/**
	 * The merchant sets the stock in the Shopify admin: fires
	 * {@code inventory_levels/update}.
	 */
	public void setAvailableInAdmin(String sku, int available) {
		synchronized (this.lock) {
			Variant variant = variant(sku);
			variant.available.put(this.primaryLocation, available);
			levelChanged(variant, this.primaryLocation);
		}
	}

	/**
	 * Subscribes a URL to a webhook topic (as {@code webhookSubscriptionCreate} would).
	 */
	public void subscribe(String topic, String url) {
		synchronized (this.lock) {
			this.subscriptions.computeIfAbsent(topic, (t) -> new ArrayList<>()).add(url);
		}
	}

	/**
	 * A customer checks out: the order takes the stock of tracked variants,
	 * {@code orders/create} fires.
	 */
	public long checkout(Map<String, Integer> quantities) {
		synchronized (this.lock) {
			long orderId = nextId();
			ObjectNode order = JSON.createObjectNode();
			order.put("id", orderId);
			order.put("admin_graphql_api_id", "gid://shopify/Order/" + orderId);
			order.put("name", "#" + (1000 + this.orders.size() + 1));
			String now = now();
			order.put("created_at", now);
			order.put("updated_at", now);
			order.putNull("cancelled_at");
			order.putNull("cancel_reason");
			order.put("financial_status", "paid");
			order.putNull("fulfillment_status");
			order.put("currency", "EUR");
			ArrayNode lines = order.putArray("line_items");
			quantities.forEach((sku, quantity) -> {
				Variant variant = variant(sku);
				ObjectNode line = lines.addObject();
				long lineId = nextId();
				line.put("id", lineId);
				line.put("admin_graphql_api_id", "gid://shopify/LineItem/" + lineId);
				line.put("variant_id", variant.id);
				line.put("product_id", variant.productId);
				line.put("sku", sku);
				line.put("title", sku);
				line.put("quantity", quantity);
				line.put("current_quantity", quantity);
				line.put("fulfillable_quantity", quantity);
				line.put("gift_card", false);
				line.put("fulfillment_service", "manual");
				line.put("variant_inventory_management", "shopify");
				adjust(variant, -quantity);
			});
			order.putArray("refunds");
			this.orders.put(orderId, order);
			fire("orders/create", order);
			return orderId;
		}
	}

	/**
	 * The merchant refunds units of one line. {@code return} and {@code cancel} put them
	 * back in stock, {@code no_restock} does not. Fires {@code refunds/create} and
	 * {@code orders/updated}.
	 */
	public void refund(long orderId, String sku, int quantity, String restockType) {
		synchronized (this.lock) {
			ObjectNode order = order(orderId);
			ObjectNode refund = addRefund(order, Map.of(sku, quantity), restockType);
			order.put("financial_status", "partially_refunded");
			order.put("updated_at", now());
			fire("refunds/create", refund);
			fire("orders/updated", order);
		}
	}

	/**
	 * The merchant cancels the order; with restock every remaining unit goes back
	 * (restock type {@code cancel}).
	 */
	public void cancel(long orderId, boolean restock) {
		synchronized (this.lock) {
			ObjectNode order = order(orderId);
			Map<String, Integer> remaining = new LinkedHashMap<>();
			for (JsonNode line : order.path("line_items")) {
				if (line.path("current_quantity").asInt() > 0) {
					remaining.put(line.path("sku").asString(), line.path("current_quantity").asInt());
				}
			}
			String now = now();
			if (!remaining.isEmpty()) {
				addRefund(order, remaining, restock ? "cancel" : "no_restock");
			}
			order.put("cancelled_at", now);
			order.put("cancel_reason", "customer");
			order.put("financial_status", "refunded");
			order.put("updated_at", now);
			fire("orders/cancelled", order);
			fire("orders/updated", order);
		}
	}

	/**
	 * Sends the order's current state as {@code orders/updated} again, under a new event
	 * id.
	 */
	public void resendOrderUpdated(long orderId) {
		synchronized (this.lock) {
			fire("orders/updated", order(orderId));
		}
	}

	/**
	 * Calls {@code listener} with the SKU and the new value whenever
	 * {@code inventorySetQuantities} sets {@code available} at the primary location (the
	 * bench times its end-to-end latency with it). Called under the store's lock: keep it
	 * short.
	 */
	public void onAvailableSet(java.util.function.BiConsumer<String, Integer> listener) {
		this.availableListener = listener;
	}

	/** {@code available} at the primary location of every stocked SKU. */
	public Map<String, Integer> availableBySku() {
		synchronized (this.lock) {
			Map<String, Integer> stock = new LinkedHashMap<>();
			for (Variant variant : this.variants.values()) {
				Integer available = variant.available.get(this.primaryLocation);
				if (variant.sku != null && available != null) {
					stock.putIfAbsent(variant.sku, available);
				}
			}
			return stock;
		}
	}

	/**
	 * The order as the REST resource and the {@code orders/*} webhook bodies render it
	 * (for a test or the bench that delivers the webhook itself).
	 */
	public String orderJson(long orderId) {
		synchronized (this.lock) {
			return JSON.writeValueAsString(order(orderId));
		}
	}

	/** Every webhook delivery attempt so far, retries included. */
	public List<Delivery> deliveries() {
		return this.webhooks.attempts();
	}

	/** Every {@code inventorySetQuantities} call that passed the rate limit, in order. */
	public List<SetCall> setQuantitiesCalls() {
		return List.copyOf(this.setCalls);
	}

	public int graphqlRequests() {
		return this.graphqlRequests.get();
	}

	/** GraphQL requests answered {@code THROTTLED}. */
	public int throttledResponses() {
		return this.throttled.get();
	}

	/**
	 * The bucket: its size, restore rate per second and what it holds now (e.g. 0 to
	 * throttle hard).
	 */
	public void rateLimit(double maximumAvailable, double restoreRate, double currentlyAvailable) {
		this.bucket.configure(maximumAvailable, restoreRate, currentlyAvailable);
	}

	/**
	 * HTTP status of a throttled answer: 200 (GraphQL style) or 429; public reports
	 * differ, clients handle both.
	 */
	public void throttledStatus(int status) {
		this.throttledStatus = status;
	}

	/** While down, every API call answers 503. */
	public void down(boolean down) {
		this.down = down;
	}

	/**
	 * While held, every {@code GET /admin/api/{version}/orders/{id}.json} waits (at most
	 * {@link #MAX_HOLD}, then answers 503) until {@code holdOrderReads(false)} releases
	 * it: a store that hangs on the order read.
	 */
	public synchronized void holdOrderReads(boolean hold) {
		if (hold) {
			if (this.orderReadGate == null) {
				this.orderReadGate = new CountDownLatch(1);
			}
			return;
		}
		CountDownLatch gate = this.orderReadGate;
		this.orderReadGate = null;
		if (gate != null) {
			gate.countDown();
		}
	}

	/** Order reads waiting now because reads are held. */
	public int heldOrderReads() {
		return this.heldOrderReads.get();
	}

	/** Every call of Shopify's API ({@code /admin/...}) answered so far, in order. */
	public List<ApiRequest> apiRequests() {
		return List.copyOf(this.apiRequests);
	}

	@Override
	public void close() {
		this.server.stop(0);
		this.pool.shutdownNow();
		this.webhooks.close();
	}

	// ---------------------------------------------------------------- store rules

	private ObjectNode addRefund(ObjectNode order, Map<String, Integer> quantities, String restockType) {
		long refundId = nextId();
		ObjectNode refund = ((ArrayNode) order.get("refunds")).addObject();
		refund.put("id", refundId);
		refund.put("admin_graphql_api_id", "gid://shopify/Refund/" + refundId);
		refund.put("order_id", order.get("id").asLong());
		refund.put("created_at", now());
		refund.put("processed_at", now());
		refund.put("restock", !"no_restock".equals(restockType));
		ArrayNode items = refund.putArray("refund_line_items");
		quantities.forEach((sku, quantity) -> {
			ObjectNode line = null;
			for (JsonNode candidate : order.path("line_items")) {
				if (sku.equals(candidate.path("sku").asString())) {
					line = (ObjectNode) candidate;
				}
			}
			if (line == null || quantity > line.path("current_quantity").asInt()) {
				throw new IllegalArgumentException("order has no " + quantity + " refundable units of " + sku);
			}
			ObjectNode item = items.addObject();
			item.put("id", nextId());
			item.put("line_item_id", line.get("id").asLong());
			item.put("quantity", quantity);
			item.put("restock_type", restockType);
			if ("no_restock".equals(restockType)) {
				item.putNull("location_id");
			}
			else {
				item.put("location_id", this.primaryLocation);
				adjust(variant(sku), quantity);
			}
			line.put("current_quantity", line.path("current_quantity").asInt() - quantity);
			line.put("fulfillable_quantity", Math.max(0, line.path("fulfillable_quantity").asInt() - quantity));
		});
		return refund;
	}

	private void adjust(Variant variant, int delta) {
		Integer level = variant.available.get(this.primaryLocation);
		if (level != null && !variant.requiresComponents) {
			variant.available.put(this.primaryLocation, level + delta);
			this.availableListener.accept(variant.sku, level + delta);
			levelChanged(variant, this.primaryLocation);
		}
	}

	private void levelChanged(Variant variant, long locationId) {
		ObjectNode body = JSON.createObjectNode();
		body.put("inventory_item_id", variant.inventoryItemId);
		body.put("location_id", locationId);
		Integer available = variant.available.get(locationId);
		if (available != null) {
			body.put("available", available);
		}
		else {
			body.putNull("available");
		}
		body.put("updated_at", now());
		body.put("admin_graphql_api_id",
				"gid://shopify/InventoryLevel/" + locationId + "?inventory_item_id=" + variant.inventoryItemId);
		fire("inventory_levels/update", body);
	}

	private void fire(String topic, ObjectNode body) {
		List<String> urls = this.subscriptions.getOrDefault(topic, List.of());
		if (urls.isEmpty()) {
			return;
		}
		byte[] bytes = JSON.writeValueAsBytes(body);
		String eventId = UUID.randomUUID().toString();
		for (String url : urls) {
			this.webhooks.send(url, topic, bytes, eventId, UUID.randomUUID().toString());
		}
	}

	private Variant variant(String sku) {
		return this.variants.values()
			.stream()
			.filter((variant) -> Objects.equals(sku, variant.sku))
			.findFirst()
			.orElseThrow(() -> new IllegalArgumentException("no variant with SKU " + sku));
	}

	private ObjectNode order(long orderId) {
		ObjectNode order = this.orders.get(orderId);
		if (order == null) {
			throw new IllegalArgumentException("no order " + orderId);
		}
		return order;
	}

	private long nextId() {
		return this.ids.incrementAndGet();
	}

	/*
	 * Shopify renders times in the shop's zone with an offset and whole seconds;
	 * updated_at moves on every change.
	 */
	private String now() {
		Instant now = Instant.now().truncatedTo(ChronoUnit.MILLIS);
		return OffsetDateTime.ofInstant(now, ZoneOffset.ofHours(-5)).toString();
	}

	// ---------------------------------------------------------------- HTTP

	private void handle(HttpExchange exchange) throws IOException {
		String path = exchange.getRequestURI().getPath();
		if (!path.startsWith("/admin/")) {
			try (exchange) {
				storefront(exchange, path);
			}
			return;
		}
		Instant received = Instant.now();
		try {
			api(exchange, path);
		}
		finally {
			this.apiRequests.add(new ApiRequest(exchange.getRequestMethod(), path, received, Instant.now(),
					exchange.getResponseCode()));
		}
	}

	private void api(HttpExchange exchange, String path) throws IOException {
		try (exchange) {
			String[] parts = path.split("/");
			// /admin/api/{version}/graphql.json | /admin/api/{version}/orders/{id}.json |
			// /admin/api/{version}/orders.json
			if (parts.length < 5 || !parts[1].equals("admin") || !parts[2].equals("api")) {
				respond(exchange, 404, "{\"errors\":\"Not Found\"}");
				return;
			}
			if (!this.accessToken.equals(exchange.getRequestHeaders().getFirst("X-Shopify-Access-Token"))) {
				respond(exchange, 401,
						"{\"errors\":\"[API] Invalid API key or access token (unrecognized login or wrong password)\"}");
				return;
			}
			if (this.down) {
				respond(exchange, 503, "{\"errors\":\"Service Unavailable\"}");
				return;
			}
			String version = parts[3];
			if (!VERSIONS.contains(version)) {
				respond(exchange, 404, "{\"errors\":\"Not Found\"}");
				return;
			}
			String rest = String.join("/", java.util.Arrays.copyOfRange(parts, 4, parts.length));
			if (rest.equals("graphql.json") && exchange.getRequestMethod().equals("POST")) {
				graphql(exchange, version);
			}
			else if (rest.matches("orders/\\d+\\.json") && exchange.getRequestMethod().equals("GET")) {
				long id = Long.parseLong(rest.substring(7, rest.length() - 5));
				if (!awaitOrderReadGate()) {
					respond(exchange, 503, "{\"errors\":\"Service Unavailable\"}");
					return;
				}
				synchronized (this.lock) {
					ObjectNode order = this.orders.get(id);
					if (order == null) {
						respond(exchange, 404, "{\"errors\":\"Not Found\"}");
						return;
					}
					ObjectNode body = JSON.createObjectNode();
					body.set("order", order.deepCopy());
					respond(exchange, 200, JSON.writeValueAsString(body));
				}
			}
			else if (rest.equals("orders.json") && exchange.getRequestMethod().equals("GET")) {
				listOrders(exchange);
			}
			else {
				respond(exchange, 404, "{\"errors\":\"Not Found\"}");
			}
		}
		catch (RuntimeException ex) {
			respond(exchange, 500, "{\"errors\":\"Internal Server Error\"}");
		}
	}

	/* Waits while order reads are held; false when the hold outlasted MAX_HOLD. */
	private boolean awaitOrderReadGate() {
		CountDownLatch gate = this.orderReadGate;
		if (gate == null) {
			return true;
		}
		this.heldOrderReads.incrementAndGet();
		try {
			return gate.await(MAX_HOLD.toMillis(), TimeUnit.MILLISECONDS);
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			return false;
		}
		finally {
			this.heldOrderReads.decrementAndGet();
		}
	}

	/*
	 * Not Shopify's API: the storefront and the merchant's admin for scripts and the
	 * local run. POST /checkout?sku=S&qty=N, POST
	 * /refund?order=ID&sku=S&qty=N&restock=return|cancel|no_restock, POST
	 * /cancel?order=ID&restock=true|false, GET /stock (available per SKU at the primary
	 * location).
	 */
	private void storefront(HttpExchange exchange, String path) throws IOException {
		Map<String, String> query = query(exchange.getRequestURI().getRawQuery());
		try {
			switch (path) {
				case "/checkout" -> respond(exchange, 201, "{\"order\":"
						+ checkout(Map.of(query.get("sku"), Integer.parseInt(query.getOrDefault("qty", "1")))) + "}");
				case "/refund" -> {
					refund(Long.parseLong(query.get("order")), query.get("sku"),
							Integer.parseInt(query.getOrDefault("qty", "1")), query.getOrDefault("restock", "return"));
					respond(exchange, 200, "{\"refunded\":true}");
				}
				case "/cancel" -> {
					cancel(Long.parseLong(query.get("order")),
							Boolean.parseBoolean(query.getOrDefault("restock", "true")));
					respond(exchange, 200, "{\"cancelled\":true}");
				}
				case "/stock" -> {
					Map<String, Integer> stock = new TreeMap<>();
					synchronized (this.lock) {
						this.variants.values()
							.forEach((variant) -> stock.put(String.valueOf(variant.sku),
									variant.available.get(this.primaryLocation)));
					}
					respond(exchange, 200, JSON.writeValueAsString(stock));
				}
				default -> respond(exchange, 404, "{\"errors\":\"Not Found\"}");
			}
		}
		catch (IllegalArgumentException | NullPointerException ex) {
			respond(exchange, 400, JSON.writeValueAsString(Map.of("errors", String.valueOf(ex.getMessage()))));
		}
	}

	/*
	 * REST GET orders.json?status=any&updated_at_min=...&limit=N (no paging beyond limit
	 * in this fake).
	 */
	private void listOrders(HttpExchange exchange) throws IOException {
		Map<String, String> query = query(exchange.getRequestURI().getRawQuery());
		Instant min = query.containsKey("updated_at_min")
				? OffsetDateTime.parse(query.get("updated_at_min")).toInstant() : Instant.EPOCH;
		int limit = Math.min(250, Integer.parseInt(query.getOrDefault("limit", "50")));
		ObjectNode body = JSON.createObjectNode();
		ArrayNode list = body.putArray("orders");
		synchronized (this.lock) {
			this.orders.values()
				.stream()
				.filter((order) -> !OffsetDateTime.parse(order.get("updated_at").asString()).toInstant().isBefore(min))
				.limit(limit)
				.forEach((order) -> list.add(order.deepCopy()));
		}
		respond(exchange, 200, JSON.writeValueAsString(body));
	}

	private void graphql(HttpExchange exchange, String version) throws IOException {
		this.graphqlRequests.incrementAndGet();
		JsonNode request;
		try (InputStream in = exchange.getRequestBody()) {
			request = JSON.readTree(in.readAllBytes());
		}
		String query = request.path("query").asString("");
		@SuppressWarnings("unchecked")
		Map<String, Object> variables = request.hasNonNull("variables")
				? JSON.convertValue(request.get("variables"), Map.class) : Map.of();
		int cost;
		try {
			Document document = Parser.parse(query);
			OperationDefinition operation = document.getDefinitionsOfType(OperationDefinition.class).get(0);
			cost = QueryCost.of(operation, variables);
		}
		catch (RuntimeException ex) {
			cost = 0; // a syntax error: execution reports it, at no cost
		}
		if (cost > this.bucket.maximum()) {
			Map<String, Object> body = new LinkedHashMap<>();
			body.put("errors",
					List.of(Map.of("message",
							"Query cost is " + cost + ", which exceeds the single query max cost limit ("
									+ (int) this.bucket.maximum() + ").",
							"extensions", Map.of("code", "MAX_COST_EXCEEDED", "cost", cost))));
			body.put("extensions", Map.of("cost", cost(cost, null)));
			respond(exchange, 200, JSON.writeValueAsString(body));
			return;
		}
		if (!this.bucket.tryTake(cost)) {
			this.throttled.incrementAndGet();
			Map<String, Object> body = new LinkedHashMap<>();
			body.put("errors", List.of(Map.of("message", "Throttled", "extensions",
					Map.of("code", "THROTTLED", "documentation", "https://shopify.dev/api/usage/rate-limits"))));
			body.put("extensions", Map.of("cost", cost(cost, null)));
			respond(exchange, this.throttledStatus, JSON.writeValueAsString(body));
			return;
		}
		ExecutionResult result = this.graphql.execute(ExecutionInput.newExecutionInput()
			.query(query)
			.variables(variables)
			.graphQLContext(Map.of("version", version))
			.build());
		Map<String, Object> body = new LinkedHashMap<>(result.toSpecification());
		body.put("extensions", Map.of("cost", cost(cost, cost)));
		respond(exchange, 200, JSON.writeValueAsString(body));
	}

	private Map<String, Object> cost(int requested, Integer actual) {
		Map<String, Object> cost = new LinkedHashMap<>();
		cost.put("requestedQueryCost", requested);
		cost.put("actualQueryCost", actual);
		cost.put("throttleStatus", Map.of("maximumAvailable", this.bucket.maximum(), "currentlyAvailable",
				Math.floor(this.bucket.available()), "restoreRate", this.bucket.restoreRate()));
		return cost;
	}

	private static void respond(HttpExchange exchange, int status, String body) throws IOException {
		byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
		exchange.getResponseHeaders().set("Content-Type", "application/json; charset=utf-8");
		exchange.sendResponseHeaders(status, bytes.length);
		try (OutputStream out = exchange.getResponseBody()) {
			out.write(bytes);
		}
	}

	private static Map<String, String> query(String raw) {
		Map<String, String> query = new HashMap<>();
		if (raw != null) {
			for (String pair : raw.split("&")) {
				String[] kv = pair.split("=", 2);
				query.put(URLDecoder.decode(kv[0], StandardCharsets.UTF_8),
						(kv.length > 1) ? URLDecoder.decode(kv[1], StandardCharsets.UTF_8) : "");
			}
		}
		return query;
	}

	// ---------------------------------------------------------------- GraphQL schema and
	// resolvers

	private GraphQLSchema schema() {
		String sdl;
		try (InputStream in = FakeShopify.class.getResourceAsStream("/fakeshopify/admin-2026-01.graphqls")) {
			sdl = new String(in.readAllBytes(), StandardCharsets.UTF_8);
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
		RuntimeWiring wiring = RuntimeWiring.newRuntimeWiring()
			.scalar(DATE_TIME)
			.type("QueryRoot",
					(type) -> type
						.dataFetcher("shop",
								(env) -> Map.of("id", "gid://shopify/Shop/1", "name", "Fake store", "myshopifyDomain",
										this.shopDomain))
						.dataFetcher("location", this::location)
						.dataFetcher("locations", this::locations)
						.dataFetcher("productVariants", this::productVariants)
						.dataFetcher("orders", this::orders)
						.dataFetcher("inventoryItem", (env) -> {
							synchronized (this.lock) {
								long id = gid(env.getArgument("id"), "InventoryItem");
								return this.variants.values()
									.stream()
									.filter((variant) -> variant.inventoryItemId == id)
									.findFirst()
									.map(this::inventoryItem)
									.orElse(null);
							}
						}))
			.type("InventoryItem", (type) -> type.dataFetcher("inventoryLevel", (env) -> {
				synchronized (this.lock) {
					Variant variant = variantOfItem(
							gid(env.<Map<String, Object>>getSource().get("id"), "InventoryItem"));
					long locationId = gid(env.getArgument("locationId"), "Location");
					return variant.available.containsKey(locationId) ? level(variant, locationId) : null;
				}
			}))
			.type("InventoryLevel", (type) -> type.dataFetcher("quantities", (env) -> {
				synchronized (this.lock) {
					Map<String, Object> source = env.getSource();
					Variant variant = variantOfItem((Long) source.get("itemId"));
					long locationId = (Long) source.get("locationId");
					List<Map<String, Object>> quantities = new ArrayList<>();
					for (String name : env.<List<String>>getArgument("names")) {
						int available = variant.available.getOrDefault(locationId, 0);
						int quantity = switch (name) {
							case "available", "on_hand" -> available;
							default -> 0;
						};
						quantities.add(Map.of("name", name, "quantity", quantity));
					}
					return quantities;
				}
			}))
			.type("Order",
					(type) -> type
						.dataFetcher("lineItems",
								(env) -> page(env, env.<Map<String, Object>>getSource().get("lineItems")))
						.dataFetcher("refunds", (env) -> {
							List<Map<String, Object>> refunds = (List<Map<String, Object>>) env
								.<Map<String, Object>>getSource()
								.get("refunds");
							Integer first = env.getArgument("first");
							return (first != null) ? refunds.subList(0, Math.min(first, refunds.size())) : refunds;
						}))
			.type("Refund",
					(type) -> type.dataFetcher("refundLineItems",
							(env) -> page(env, env.<Map<String, Object>>getSource().get("refundLineItems"))))
			.type("Mutation", (type) -> type.dataFetcher("inventorySetQuantities", this::inventorySetQuantities))
			.build();
		return new SchemaGenerator().makeExecutableSchema(new SchemaParser().parse(sdl), wiring);
	}

	private Object location(DataFetchingEnvironment env) {
		synchronized (this.lock) {
			String id = env.getArgument("id");
			long locationId = (id == null) ? this.primaryLocation : gid(id, "Location");
			return this.locations.containsKey(locationId) ? location(locationId) : null;
		}
	}

	private Map<String, Object> location(long id) {
		return Map.of("id", "gid://shopify/Location/" + id, "legacyResourceId", Long.toString(id), "name",
				this.locations.get(id), "isActive", true);
	}

	private Object locations(DataFetchingEnvironment env) {
		synchronized (this.lock) {
			List<Long> ids = new ArrayList<>(this.locations.keySet());
			return connection(env, ids, this::location);
		}
	}

	private Object productVariants(DataFetchingEnvironment env) {
		synchronized (this.lock) {
			String query = env.getArgument("query");
			String sku = (query != null && query.startsWith("sku:")) ? query.substring(4).replace("\"", "") : null;
			List<Long> ids = this.variants.values()
				.stream()
				.filter((variant) -> sku == null || Objects.equals(sku, variant.sku))
				.map((variant) -> variant.id)
				.toList();
			return connection(env, ids, (id) -> variant(this.variants.get(id)));
		}
	}

	/*
	 * orders(first, after, query): the REST orders of this store as GraphQL Orders, paged
	 * by id; query terms updated_at:<op><time> and status:open|cancelled.
	 */
	private Object orders(DataFetchingEnvironment env) {
		List<java.util.function.Predicate<ObjectNode>> filters = orderFilters(env.getArgument("query"));
		synchronized (this.lock) {
			Map<Long, Map<String, Object>> matching = new TreeMap<>();
			this.orders.forEach((id, order) -> {
				if (filters.stream().allMatch((filter) -> filter.test(order))) {
					matching.put(id, graphqlOrder(order));
				}
			});
			return connection(env, new ArrayList<>(matching.keySet()), matching::get);
		}
	}

	private static List<java.util.function.Predicate<ObjectNode>> orderFilters(String query) {
		List<java.util.function.Predicate<ObjectNode>> filters = new ArrayList<>();
		if (query == null || query.isBlank()) {
			return filters;
		}
		java.util.regex.Matcher terms = java.util.regex.Pattern
			.compile("(updated_at):(>=|<=|>|<)'?([^'\\s]+)'?|status:(\\w+)|AND")
			.matcher(query);
		int end = 0;
		while (terms.find()) {
			if (!query.substring(end, terms.start()).isBlank()) {
				throw new GraphQLException("this fake does not understand the query '" + query + "'");
			}
			end = terms.end();
			if (terms.group(1) != null) {
				Instant at = OffsetDateTime.parse(terms.group(3)).toInstant();
				String op = terms.group(2);
				filters.add((order) -> {
					int compared = OffsetDateTime.parse(order.get("updated_at").asString()).toInstant().compareTo(at);
					return switch (op) {
						case ">=" -> compared >= 0;
						case "<=" -> compared <= 0;
						case ">" -> compared > 0;
						default -> compared < 0;
					};
				});
			}
			else if (terms.group(4) != null) {
				String status = terms.group(4);
				filters.add((order) -> switch (status) {
					case "open" -> order.get("cancelled_at").isNull();
					case "cancelled" -> !order.get("cancelled_at").isNull();
					case "any" -> true;
					default -> throw new GraphQLException("unknown order status '" + status + "'");
				});
			}
		}
		if (!query.substring(end).isBlank()) {
			throw new GraphQLException("this fake does not understand the query '" + query + "'");
		}
		return filters;
	}

	/* A REST order (the state this fake keeps) in GraphQL's shape. */
	private Map<String, Object> graphqlOrder(ObjectNode order) {
		Map<String, Object> map = new HashMap<>();
		long id = order.get("id").asLong();
		map.put("id", "gid://shopify/Order/" + id);
		map.put("legacyResourceId", Long.toString(id));
		map.put("name", order.get("name").asString());
		map.put("createdAt", utc(order.get("created_at")));
		map.put("updatedAt", utc(order.get("updated_at")));
		map.put("cancelledAt", order.get("cancelled_at").isNull() ? null : utc(order.get("cancelled_at")));
		map.put("closed", false);
		Map<Long, Map<String, Object>> lines = new TreeMap<>();
		for (JsonNode line : order.path("line_items")) {
			Map<String, Object> item = new HashMap<>();
			long lineId = line.get("id").asLong();
			item.put("id", "gid://shopify/LineItem/" + lineId);
			item.put("sku", line.path("sku").asString(null));
			item.put("title", line.path("title").asString(""));
			item.put("quantity", line.get("quantity").asInt());
			item.put("currentQuantity", line.get("current_quantity").asInt());
			item.put("isGiftCard", line.path("gift_card").asBoolean(false));
			Variant variant = this.variants.get(line.path("variant_id").asLong());
			item.put("variant", (variant != null) ? variant(variant) : null);
			item.put("product", (variant != null) ? variant(variant).get("product") : null);
			lines.put(lineId, item);
		}
		map.put("lineItems", lines);
		List<Map<String, Object>> refunds = new ArrayList<>();
		for (JsonNode refund : order.path("refunds")) {
			Map<String, Object> r = new HashMap<>();
			r.put("id", "gid://shopify/Refund/" + refund.get("id").asLong());
			r.put("createdAt", utc(refund.get("created_at")));
			Map<Long, Map<String, Object>> items = new TreeMap<>();
			for (JsonNode refunded : refund.path("refund_line_items")) {
				Map<String, Object> item = new HashMap<>();
				item.put("id", "gid://shopify/RefundLineItem/" + refunded.get("id").asLong());
				item.put("lineItem", lines.get(refunded.get("line_item_id").asLong()));
				item.put("quantity", refunded.get("quantity").asInt());
				item.put("restockType", refunded.get("restock_type").asString().toUpperCase(Locale.ROOT));
				item.put("restocked", !"no_restock".equals(refunded.get("restock_type").asString()));
				item.put("location",
						refunded.path("location_id").isNull() ? null : location(refunded.get("location_id").asLong()));
				items.put(refunded.get("id").asLong(), item);
			}
			r.put("refundLineItems", items);
			refunds.add(r);
		}
		map.put("refunds", refunds);
		return map;
	}

	@SuppressWarnings("unchecked")
	private Map<String, Object> page(DataFetchingEnvironment env, Object byId) {
		Map<Long, Map<String, Object>> nodes = (Map<Long, Map<String, Object>>) byId;
		return connection(env, new ArrayList<>(nodes.keySet()), nodes::get);
	}

	private static String utc(JsonNode time) {
		return OffsetDateTime.parse(time.asString()).toInstant().toString();
	}

	/*
	 * Cursor pagination as Shopify's connections: first (1..250) and after (an opaque
	 * cursor).
	 */
	private Map<String, Object> connection(DataFetchingEnvironment env, List<Long> ids,
			java.util.function.Function<Long, Map<String, Object>> node) {
		Integer first = env.getArgument("first");
		if (first == null) {
			throw new GraphQLException("you must provide one of first or last");
		}
		if (first < 0 || first > MAX_PAGE) {
			throw new GraphQLException("The input first of " + first + " is out of range (maximum " + MAX_PAGE + ")");
		}
		String after = env.getArgument("after");
		long afterId = (after != null)
				? Long.parseLong(
						new String(Base64.getDecoder().decode(after), StandardCharsets.UTF_8).replaceAll("\\D", ""))
				: Long.MIN_VALUE;
		List<Long> rest = ids.stream().filter((id) -> id > afterId).toList();
		List<Long> page = rest.subList(0, Math.min(first, rest.size()));
		List<Map<String, Object>> edges = new ArrayList<>();
		List<Map<String, Object>> nodes = new ArrayList<>();
		for (Long id : page) {
			Map<String, Object> value = node.apply(id);
			nodes.add(value);
			edges.add(Map.of("cursor", cursor(id), "node", value));
		}
		Map<String, Object> pageInfo = new HashMap<>();
		pageInfo.put("hasNextPage", rest.size() > page.size());
		pageInfo.put("hasPreviousPage", afterId != Long.MIN_VALUE);
		pageInfo.put("startCursor", page.isEmpty() ? null : cursor(page.get(0)));
		pageInfo.put("endCursor", page.isEmpty() ? null : cursor(page.get(page.size() - 1)));
		return Map.of("edges", edges, "nodes", nodes, "pageInfo", pageInfo);
	}

	private static String cursor(long id) {
		return Base64.getEncoder().encodeToString(("{\"last_id\":" + id + "}").getBytes(StandardCharsets.UTF_8));
	}

	private Map<String, Object> variant(Variant variant) {
		Map<String, Object> map = new HashMap<>();
		map.put("id", "gid://shopify/ProductVariant/" + variant.id);
		map.put("legacyResourceId", Long.toString(variant.id));
		map.put("sku", variant.sku);
		map.put("title", "Default Title");
		map.put("requiresComponents", variant.requiresComponents);
		map.put("product",
				Map.of("id", "gid://shopify/Product/" + variant.productId, "title", String.valueOf(variant.sku)));
		map.put("inventoryItem", inventoryItem(variant));
		return map;
	}

	private Map<String, Object> inventoryItem(Variant variant) {
		Map<String, Object> map = new HashMap<>();
		map.put("id", "gid://shopify/InventoryItem/" + variant.inventoryItemId);
		map.put("legacyResourceId", Long.toString(variant.inventoryItemId));
		map.put("sku", variant.sku);
		map.put("tracked", true);
		return map;
	}

	private Map<String, Object> level(Variant variant, long locationId) {
		Map<String, Object> map = new HashMap<>();
		map.put("id", "gid://shopify/InventoryLevel/" + locationId + "?inventory_item_id=" + variant.inventoryItemId);
		map.put("location", location(locationId));
		map.put("item", inventoryItem(variant));
		map.put("itemId", variant.inventoryItemId);
		map.put("locationId", locationId);
		return map;
	}

	private Variant variantOfItem(long inventoryItemId) {
		return this.variants.values()
			.stream()
			.filter((variant) -> variant.inventoryItemId == inventoryItemId)
			.findFirst()
			.orElse(null);
	}

	private static long gid(Object value, String type) {
		String text = String.valueOf(value);
		String prefix = "gid://shopify/" + type + "/";
		if (!text.startsWith(prefix)) {
			return -1;
		}
		try {
			return Long.parseLong(text.substring(prefix.length()).replaceAll("\\?.*", ""));
		}
		catch (NumberFormatException ex) {
			return -1;
		}
	}

	/*
	 * inventorySetQuantities as documented for 2026-01: absolute quantities, at most 250;
	 * compare-and-set per quantity with changeFromQuantity (present, even null, it
	 * replaces compareQuantity/ignoreCompareQuantity; null skips the check); an
	 * optional @idempotent(key:) whose retry returns the first result; user errors with
	 * HTTP 200 and then nothing applied. 2026-04: changeFromQuantity and the key are
	 * required. 2025-10: changeFromQuantity does not exist.
	 */
	private Object inventorySetQuantities(DataFetchingEnvironment env) {
		String version = env.getGraphQlContext().get("version");
		Map<String, Object> input = env.getArgument("input");
		List<Map<String, Object>> quantities = (List<Map<String, Object>>) input.get("quantities");
		String key = idempotencyKey(env);
		if (key == null && version.compareTo("2026-04") >= 0) {
			throw new GraphQLException("The @idempotent directive is required for this mutation.");
		}
		if (quantities.size() > MAX_QUANTITIES) {
			throw new GraphQLException("The input array size of " + quantities.size()
					+ " is greater than the maximum allowed of " + MAX_QUANTITIES + ".");
		}
		synchronized (this.lock) {
			if (key != null && this.idempotency.containsKey(key)) {
				Idempotent earlier = this.idempotency.get(key);
				if (!earlier.input.equals(input)) {
					return payload(null, List.of(error("IDEMPOTENCY_KEY_PARAMETER_MISMATCH", List.of("input"),
							"The same idempotency key was used with different parameters.")));
				}
				return earlier.payload;
			}
			List<Map<String, Object>> errors = new ArrayList<>();
			String name = (String) input.get("name");
			if (!Set.of("available", "on_hand").contains(name)) {
				errors.add(error("INVALID_NAME", List.of("input", "name"),
						"The quantity name must be available or on_hand."));
			}
			if (!REASONS.contains((String) input.get("reason"))) {
				errors.add(error("INVALID_REASON", List.of("input", "reason"), "The reason is invalid."));
			}
			boolean ignoreCompare = Boolean.TRUE.equals(input.get("ignoreCompareQuantity"));
			Set<String> seen = new HashSet<>();
			List<Object[]> apply = new ArrayList<>();
			for (int i = 0; i < quantities.size(); i++) {
				Map<String, Object> quantity = quantities.get(i);
				List<String> field = List.of("input", "quantities", Integer.toString(i));
				if (quantity.containsKey("changeFromQuantity") && version.compareTo("2026-01") < 0) {
					throw new GraphQLException("InventoryQuantityInput does not have a field named 'changeFromQuantity'"
							+ " in API version " + version + ".");
				}
				Variant variant = variantOfItem(gid(quantity.get("inventoryItemId"), "InventoryItem"));
				long locationId = gid(quantity.get("locationId"), "Location");
				int value = ((Number) quantity.get("quantity")).intValue();
				if (variant == null) {
					errors.add(error("INVALID_INVENTORY_ITEM", with(field, "inventoryItemId"),
							"The specified inventory item could not be found."));
					continue;
				}
				if (!this.locations.containsKey(locationId)) {
					errors.add(error("INVALID_LOCATION", with(field, "locationId"),
							"The specified location could not be found."));
					continue;
				}
				if (!seen.add(variant.inventoryItemId + "@" + locationId)) {
					errors.add(error("NO_DUPLICATE_INVENTORY_ITEM_ID_GROUP_ID_PAIR", field,
							"The combination of inventoryItemId and locationId must be unique."));
					continue;
				}
				if (variant.requiresComponents) {
					errors.add(error("NON_MUTABLE_INVENTORY_ITEM", with(field, "inventoryItemId"),
							"The specified inventory item is not allowed to be adjusted via API. Example: if the inventory item is a parent bundle."));
					continue;
				}
				Integer current = variant.available.get(locationId);
				if (current == null) {
					errors.add(error("ITEM_NOT_STOCKED_AT_LOCATION", with(field, "locationId"),
							"The specified inventory item is not stocked at the location."));
					continue;
				}
				if (value < 0 && name.equals("on_hand")) {
					errors.add(error("INVALID_QUANTITY_NEGATIVE", with(field, "quantity"),
							"The quantity can't be negative."));
					continue;
				}
				if (value > 1_000_000_000) {
					errors.add(error("INVALID_QUANTITY_TOO_HIGH", with(field, "quantity"),
							"The quantity can't be higher than 1,000,000,000."));
					continue;
				}
				boolean hasChangeFrom = quantity.containsKey("changeFromQuantity");
				if (!hasChangeFrom && version.compareTo("2026-04") >= 0) {
					errors.add(error("CHANGE_FROM_QUANTITY_STALE", with(field, "changeFromQuantity"),
							"changeFromQuantity is required; pass null to skip the check."));
					continue;
				}
				if (hasChangeFrom) {
					Object expected = quantity.get("changeFromQuantity");
					if (expected != null && ((Number) expected).intValue() != current) {
						errors.add(error("CHANGE_FROM_QUANTITY_STALE", with(field, "changeFromQuantity"),
								"The changeFromQuantity does not match the persisted value."));
						continue;
					}
				}
				else if (!ignoreCompare) {
					Object compare = quantity.get("compareQuantity");
					if (compare == null) {
						errors.add(error("COMPARE_QUANTITY_REQUIRED", with(field, "compareQuantity"),
								"The compareQuantity argument must be given to each quantity or ignored using ignoreCompareQuantity."));
						continue;
					}
					if (((Number) compare).intValue() != current) {
						errors.add(error("COMPARE_QUANTITY_STALE", with(field, "compareQuantity"),
								"The compareQuantity value does not match persisted value."));
						continue;
					}
				}
				apply.add(new Object[] { variant, locationId, value, current });
			}
			Map<String, Object> result;
			if (!errors.isEmpty()) {
				result = payload(null, errors);
			}
			else {
				List<Map<String, Object>> changes = new ArrayList<>();
				for (Object[] change : apply) {
					Variant variant = (Variant) change[0];
					long locationId = (Long) change[1];
					int value = (Integer) change[2];
					variant.available.put(locationId, value);
					if (locationId == this.primaryLocation) {
						this.availableListener.accept(variant.sku, value);
					}
					Map<String, Object> entry = new HashMap<>();
					entry.put("name", "available");
					entry.put("delta", value - (Integer) change[3]);
					entry.put("quantityAfterChange", value);
					entry.put("item", inventoryItem(variant));
					entry.put("location", location(locationId));
					changes.add(entry);
					levelChanged(variant, locationId);
				}
				Map<String, Object> group = new HashMap<>();
				group.put("id", "gid://shopify/InventoryAdjustmentGroup/" + nextId());
				group.put("createdAt", OffsetDateTime.now(ZoneOffset.UTC));
				group.put("reason", input.get("reason"));
				group.put("referenceDocumentUri", input.get("referenceDocumentUri"));
				group.put("changes", changes);
				result = payload(group, List.of());
			}
			this.setCalls.add(new SetCall(key, (String) input.get("referenceDocumentUri"), quantities.size(),
					errors.stream().map((error) -> (String) error.get("code")).toList(), java.time.Instant.now()));
			if (key != null) {
				this.idempotency.put(key, new Idempotent(input, result));
			}
			return result;
		}
	}

	private static String idempotencyKey(DataFetchingEnvironment env) {
		List<QueryAppliedDirective> directives = env.getQueryDirectives().getImmediateAppliedDirective("idempotent");
		if (directives == null || directives.isEmpty()) {
			return null;
		}
		Object key = directives.get(0).getArgument("key").getValue();
		return (key != null) ? key.toString() : null;
	}

	private static List<String> with(List<String> field, String name) {
		List<String> path = new ArrayList<>(field);
		path.add(name);
		return path;
	}

	private static Map<String, Object> error(String code, List<String> field, String message) {
		return Map.of("code", code, "field", field, "message", message);
	}

	private static Map<String, Object> payload(Map<String, Object> group, List<Map<String, Object>> errors) {
		Map<String, Object> payload = new HashMap<>();
		payload.put("inventoryAdjustmentGroup", group);
		payload.put("userErrors", errors);
		return payload;
	}

	// ---------------------------------------------------------------- types

	private static final class Variant {

		final long id;

		final long productId;

		final long inventoryItemId;

		final String sku;

		final boolean requiresComponents;

		/* location id -> available; absent: the item is not stocked there */
		final Map<Long, Integer> available = new HashMap<>();

		Variant(long id, long productId, long inventoryItemId, String sku, boolean requiresComponents) {
			this.id = id;
			this.productId = productId;
			this.inventoryItemId = inventoryItemId;
			this.sku = sku;
			this.requiresComponents = requiresComponents;
		}

	}

	private record Idempotent(Map<String, Object> input, Map<String, Object> payload) {
	}

	/**
	 * One webhook delivery attempt.
	 *
	 * @param topic {@code X-Shopify-Topic}
	 * @param eventId {@code X-Shopify-Event-Id} (the same on every retry)
	 * @param webhookId {@code X-Shopify-Webhook-Id}
	 * @param retry 0 for the first attempt
	 * @param status the HTTP status answered, 0 for a timeout or a refused connection
	 * @param body the JSON body
	 */
	public record Delivery(String topic, String eventId, String webhookId, int retry, int status, String body) {
	}

	/**
	 * One call of Shopify's API, recorded once answered.
	 *
	 * @param method the HTTP method
	 * @param path the request path, e.g. {@code /admin/api/2026-01/orders/7.json}
	 * @param receivedAt when the store received it
	 * @param answeredAt when the store had answered it
	 * @param status the HTTP status answered ({@code -1} if none was sent)
	 */
	public record ApiRequest(String method, String path, Instant receivedAt, Instant answeredAt, int status) {
	}

	/**
	 * One {@code inventorySetQuantities} call that was executed.
	 *
	 * @param idempotencyKey the {@code @idempotent} key, or null
	 * @param referenceDocumentUri the input's reference document
	 * @param quantities how many quantities it carried
	 * @param userErrors the codes of its user errors (empty: applied)
	 */
	public record SetCall(String idempotencyKey, String referenceDocumentUri, int quantities, List<String> userErrors,
			java.time.Instant receivedAt) {
	}

	/** Settings of a fake store. */
	public static final class Builder {

		private int port;

		private String accessToken = "shpat_fake_access_token";

		private String clientSecret = "fake-shopify-client-secret";

		private String shopDomain = "fake-store.myshopify.com";

		private double bucketSize = 2000;

		private double restoreRate = 100;

		private LongSupplier nanoTime = System::nanoTime;

		private Duration webhookTimeout = Duration.ofSeconds(5);

		private Duration webhookRetryDelay = Duration.ofSeconds(1);

		public Builder port(int port) {
			this.port = port;
			return this;
		}

		public Builder accessToken(String accessToken) {
			this.accessToken = accessToken;
			return this;
		}

		/** The app's client secret: the key of the webhook HMAC. */
		public Builder clientSecret(String clientSecret) {
			this.clientSecret = clientSecret;
			return this;
		}

		public Builder shopDomain(String shopDomain) {
			this.shopDomain = shopDomain;
			return this;
		}

		/**
		 * Bucket size and restore rate (Shopify's Standard plan: 100 points per second).
		 */
		public Builder rateLimit(double bucketSize, double restoreRate) {
			this.bucketSize = bucketSize;
			this.restoreRate = restoreRate;
			return this;
		}

		/**
		 * The bucket's clock in nanoseconds ({@link System#nanoTime()} by default): a
		 * test that moves it refills the bucket without waiting.
		 */
		public Builder nanoTime(LongSupplier nanoTime) {
			this.nanoTime = nanoTime;
			return this;
		}

		/**
		 * How long a webhook delivery may take (Shopify: 5 s) and the first retry's delay
		 * (doubling after).
		 */
		public Builder webhooks(Duration timeout, Duration firstRetryDelay) {
			this.webhookTimeout = timeout;
			this.webhookRetryDelay = firstRetryDelay;
			return this;
		}

		public FakeShopify start() {
			try {
				return new FakeShopify(this);
			}
			catch (IOException ex) {
				throw new UncheckedIOException(ex);
			}
		}

	}

}
