package io.stocksync.fakeshop;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.math.BigDecimal;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.AbstractMap.SimpleEntry;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpHandler;
import io.stocksync.fakeshop.ShopState.Events;
import io.stocksync.fakeshop.ShopState.LineItem;
import io.stocksync.fakeshop.ShopState.LineRequest;
import io.stocksync.fakeshop.ShopState.Order;
import io.stocksync.fakeshop.ShopState.Product;
import io.stocksync.fakeshop.ShopState.Refund;
import io.stocksync.fakeshop.ShopState.RefundLineRequest;
import io.stocksync.fakeshop.ShopState.Result;
import io.stocksync.fakeshop.ShopState.Webhook;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.DeserializationFeature;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.JsonNodeFactory;
import tools.jackson.databind.node.ObjectNode;

/**
 * The HTTP side of the fake shop: {@code /wp-json/wc/v3/...} like WooCommerce (OAuth
 * 1.0a, WordPress error bodies, paging headers), plus two unauthenticated demo endpoints
 * ({@code POST /checkout}, {@code GET /stock}).
 * <p>
 * Checks run in WordPress' order: OAuth errors, then route, then JSON body, then
 * permission (anonymous requests get {@code woocommerce_rest_cannot_*}), then the
 * handler.
 */
final class RestApi implements HttpHandler {

	static final String PREFIX = "/wp-json/wc/v3";

	private static final JsonNodeFactory NODES = JsonNodeFactory.instance;

	private static final JsonMapper MAPPER = JsonMapper.builder()
		.enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
		.build();

	private static final int BATCH_LIMIT = 100;

	private final FakeShop shop;

	private final ShopState state;

	private final Renderer renderer;

	private final OAuth1Verifier oauth;

	private final WebhookDispatcher dispatcher;

	private final List<Route> routes = new ArrayList<>();

	RestApi(FakeShop shop, ShopState state, Renderer renderer, OAuth1Verifier oauth, WebhookDispatcher dispatcher) {
		this.shop = shop;
		this.state = state;
		this.renderer = renderer;
		this.oauth = oauth;
		this.dispatcher = dispatcher;
		route("GET", "/products", Kind.LIST, this::listProducts);
		route("POST", "/products", Kind.CREATE, this::createProduct);
		route("POST|PUT|PATCH", "/products/batch", Kind.BATCH, this::batchProducts);
		route("GET", "/products/(\\d+)", Kind.VIEW, this::getProduct);
		route("POST|PUT|PATCH", "/products/(\\d+)", Kind.EDIT, this::updateProduct);
		route("DELETE", "/products/(\\d+)", Kind.DELETE, this::deleteProduct);
		route("GET", "/products/(\\d+)/variations", Kind.LIST, this::listVariations);
		route("POST", "/products/(\\d+)/variations", Kind.CREATE, this::createVariation);
		route("POST|PUT|PATCH", "/products/(\\d+)/variations/batch", Kind.BATCH, this::batchVariations);
		route("GET", "/products/(\\d+)/variations/(\\d+)", Kind.VIEW, this::getVariation);
		route("POST|PUT|PATCH", "/products/(\\d+)/variations/(\\d+)", Kind.EDIT, this::updateVariation);
		route("DELETE", "/products/(\\d+)/variations/(\\d+)", Kind.DELETE, this::deleteVariation);
		route("GET", "/orders", Kind.LIST, this::listOrders);
		route("POST", "/orders", Kind.CREATE, this::createOrder);
		route("GET", "/orders/(\\d+)", Kind.VIEW, this::getOrder);
		route("POST|PUT|PATCH", "/orders/(\\d+)", Kind.EDIT, this::updateOrder);
		route("DELETE", "/orders/(\\d+)", Kind.DELETE, this::deleteOrder);
		route("GET", "/orders/(\\d+)/refunds", Kind.LIST, this::listRefunds);
		route("POST", "/orders/(\\d+)/refunds", Kind.CREATE, this::createRefund);
		route("GET", "/orders/(\\d+)/refunds/(\\d+)", Kind.VIEW, this::getRefund);
		route("GET", "/webhooks", Kind.LIST, this::listWebhooks);
		route("POST", "/webhooks", Kind.CREATE, this::createWebhook);
		route("GET", "/webhooks/(\\d+)", Kind.VIEW, this::getWebhook);
		route("POST|PUT|PATCH", "/webhooks/(\\d+)", Kind.EDIT, this::updateWebhook);
		route("DELETE", "/webhooks/(\\d+)", Kind.DELETE, this::deleteWebhook);
	}

	private void route(String methods, String path, Kind kind, Handler handler) {
		for (String method : methods.split("\\|")) {
			this.routes.add(new Route(method, Pattern.compile(PREFIX + path), kind, handler));
		}
	}

	@Override
	public void handle(HttpExchange exchange) throws IOException {
		try (exchange) {
			Request request = readRequest(exchange);
			Response response;
			try {
				response = dispatch(request);
			}
			catch (WcError ex) {
				response = error(ex, request);
			}
			catch (RuntimeException ex) {
				response = error(
						new WcError(500, "internal_server_error", "There has been a critical error on this website."),
						request);
			}
			this.shop.recordRequest(request.method(), request.rawPath(), request.rawQuery(), response.status);
			send(exchange, response);
		}
	}

	private Response dispatch(Request request) {
		String path = request.rawPath();
		if (path.equals("/checkout") || path.equals("/stock") || path.equals("/")) {
			return demo(request);
		}
		if (path.equals("/__faults")) {
			return faults(request);
		}
		if (!path.startsWith("/wp-json/")) {
			return text(404, "Not Found");
		}
		Response fault = this.shop.takeFault();
		if (fault != null) {
			return fault;
		}
		boolean authenticated = this.oauth.authenticate(request.method(), path, request.query(),
				request.header("Authorization"));
		Route route = null;
		Matcher matcher = null;
		for (Route candidate : this.routes) {
			Matcher m = candidate.pattern().matcher(path);
			if (m.matches() && candidate.method().equals(request.method())) {
				route = candidate;
				matcher = m;
				break;
			}
		}
		if (route == null) {
			throw new WcError(404, "rest_no_route", "No route was found matching the URL and request method.");
		}
		ObjectNode params = params(request);
		if (!authenticated) {
			throw route.kind().forbidden();
		}
		this.shop.applyCost(route.kind(), params);
		Call call = new Call(request, matcher, params);
		Route chosen = route;
		Result<Response> result = this.state.write((events) -> chosen.handler().handle(call, events));
		this.dispatcher.dispatch(result.deliveries());
		Response response = result.value();
		if (response.after != null) {
			response.after.run();
		}
		response.allow = allow(path);
		return response;
	}

	// ---- products
	// -------------------------------------------------------------------------------------------

	private Response listProducts(Call call, Events events) {
		Paging paging = paging(call);
		List<Product> candidates = new ArrayList<>();
		String skuParam = call.string("sku");
		Set<String> skus = (skuParam != null && !skuParam.isEmpty()) ? Set.of(skuParam.split("\\s*,\\s*")) : null;
		Set<String> include = idSet(call.string("include"));
		String type = call.string("type");
		String stockStatus = call.string("stock_status");
		Instant modifiedAfter = instant(call, "modified_after");
		Instant modifiedBefore = instant(call, "modified_before");
		for (Product product : this.state.products.values()) {
			boolean visible = (skus != null) ? skus.contains(product.sku) : product.parentId == 0;
			if (!visible || (include != null && !include.contains(Long.toString(product.id)))
					|| (type != null && !type.equals(product.type))
					|| (stockStatus != null && !stockStatus.equals(this.state.stockStatus(product)))
					|| (modifiedAfter != null && !product.modified.isAfter(modifiedAfter))
					|| (modifiedBefore != null && !product.modified.isBefore(modifiedBefore))) {
				continue;
			}
			candidates.add(product);
		}
		candidates.sort(productOrder(call));
		return page(call, paging, candidates, (product) -> this.renderer.product(product, false));
	}

	private Response createProduct(Call call, Events events) {
		Product product = createProductFrom(call.params(), events);
		return created(this.renderer.product(product, true), PREFIX + "/products/" + product.id);
	}

	private Product createProductFrom(JsonNode body, Events events) {
		String type = text(body, "type", "simple");
		String sku = text(body, "sku", null);
		String name = text(body, "name", null);
		if (type.equals("variable")) {
			JsonNode attribute = body.path("attributes").path(0);
			String attributeName = attribute.isObject() ? text(attribute, "name", null) : null;
			return this.state.createVariable(sku, name, attributeName, events);
		}
		Integer stock = integer(body, "stock_quantity");
		boolean manage = bool(body, "manage_stock", false);
		return this.state.createSimple(sku, name, Money.parse(body.get("regular_price"), null), manage,
				(stock != null) ? stock : 0, events);
	}

	private Response getProduct(Call call, Events events) {
		Product product = this.state.product(call.id(1));
		if (product == null) {
			throw WcError.invalidProductId(404);
		}
		return json(200, this.renderer.product(product, false));
	}

	private Response updateProduct(Call call, Events events) {
		Integer stock = integer(call.params(), "stock_quantity");
		Product product = this.state.product(call.id(1));
		if (product == null) {
			throw WcError.invalidProductId(400);
		}
		applyProductUpdate(product, call.params(), stock, events);
		return json(200, this.renderer.product(product, true));
	}

	private void applyProductUpdate(Product product, JsonNode body, Integer stock, Events events) {
		if (body.has("sku")) {
			String sku = text(body, "sku", "");
			this.state.checkSkuFree(sku, product.id);
			product.sku = sku;
		}
		if (body.has("name") && !product.type.equals("variation")) {
			product.name = text(body, "name", product.name);
		}
		if (body.has("regular_price") && !product.type.equals("variable")) {
			product.price = Money.parse(body.get("regular_price"), product.price);
		}
		if (body.has("manage_stock")) {
			product.manageStock = bool(body, "manage_stock", product.manageStock);
			if (product.manageStock && product.stock == null) {
				product.stock = 0;
			}
		}
		if (stock != null && product.manageStock) {
			product.stock = stock;
		}
		this.state.setStock(product, product.manageStock ? product.stock : null, events);
	}

	private Response deleteProduct(Call call, Events events) {
		Product product = this.state.product(call.id(1));
		if (product == null) {
			throw WcError.invalidProductId(404);
		}
		ObjectNode body = this.renderer.product(product, true);
		this.state.deleteProduct(product, events);
		return json(200, body);
	}

	private Response batchProducts(Call call, Events events) {
		return batch(call, events, null);
	}

	// ---- variations
	// -----------------------------------------------------------------------------------------

	private Product parent(Call call) {
		Product parent = this.state.product(call.id(1));
		if (parent == null || parent.parentId != 0) {
			throw WcError.invalidProductId(404);
		}
		return parent;
	}

	private Product variation(Product parent, long variationId) {
		Product variation = this.state.product(variationId);
		if (variation == null || variation.parentId != parent.id) {
			throw WcError.invalidVariationId();
		}
		return variation;
	}

	private Response listVariations(Call call, Events events) {
		Paging paging = paging(call);
		Product parent = parent(call);
		List<Product> variations = new ArrayList<>(this.state.variationsOf(parent));
		variations.sort(productOrder(call));
		return page(call, paging, variations, (variation) -> this.renderer.variation(variation, false));
	}

	private Response createVariation(Call call, Events events) {
		Product parent = parent(call);
		Product variation = createVariationFrom(parent, call.params(), events);
		return created(this.renderer.variation(variation, true),
				PREFIX + "/products/" + parent.id + "/variations/" + variation.id);
	}

	private Product createVariationFrom(Product parent, JsonNode body, Events events) {
		if (!parent.type.equals("variable")) {
			throw new WcError(400, "woocommerce_rest_invalid_product_id", "Parent product is not a variable product.");
		}
		JsonNode attribute = body.path("attributes").path(0);
		String option = attribute.isObject() ? text(attribute, "option", null) : null;
		Integer stock = integer(body, "stock_quantity");
		boolean manage = bool(body, "manage_stock", false);
		return this.state.createVariation(parent, text(body, "sku", null), option,
				Money.parse(body.get("regular_price"), null), manage, (stock != null) ? stock : 0, events);
	}

	private Response getVariation(Call call, Events events) {
		Product variation = variation(parent(call), call.id(2));
		return json(200, this.renderer.variation(variation, false));
	}

	private Response updateVariation(Call call, Events events) {
		Integer stock = integer(call.params(), "stock_quantity");
		Product parent = this.state.product(call.id(1));
		Product variation = this.state.product(call.id(2));
		if (parent == null || variation == null || variation.parentId != parent.id) {
			throw WcError.invalidVariationId();
		}
		applyProductUpdate(variation, call.params(), stock, events);
		return json(200, this.renderer.variation(variation, true));
	}

	private Response deleteVariation(Call call, Events events) {
		Product variation = variation(parent(call), call.id(2));
		ObjectNode body = this.renderer.variation(variation, true);
		this.state.deleteProduct(variation, events);
		return json(200, body);
	}

	private Response batchVariations(Call call, Events events) {
		return batch(call, events, parent(call));
	}

	/**
	 * {@code WC_REST_Controller::batch_items}: limit 100 in total, per-item errors inside
	 * a 200.
	 */
	private Response batch(Call call, Events events, Product parent) {
		JsonNode body = call.params();
		int total = 0;
		for (String operation : List.of("create", "update", "delete")) {
			total += body.path(operation).isArray() ? body.path(operation).size() : 0;
		}
		if (total > BATCH_LIMIT) {
			throw new WcError(413, "woocommerce_rest_request_entity_too_large",
					"Unable to accept more than " + BATCH_LIMIT + " items for this request.");
		}
		ObjectNode response = NODES.objectNode();
		if (body.path("create").isArray()) {
			ArrayNode results = response.putArray("create");
			for (JsonNode item : body.path("create")) {
				batchItem(results, 0, () -> {
					Product created = (parent != null) ? createVariationFrom(parent, item, events)
							: createProductFrom(item, events);
					return render(created, parent);
				});
			}
		}
		if (body.path("update").isArray()) {
			ArrayNode results = response.putArray("update");
			for (JsonNode item : body.path("update")) {
				long id = item.path("id").asLong(0);
				batchItem(results, id, () -> {
					Integer stock = integer(item, "stock_quantity");
					Product product = this.state.product(id);
					if (parent != null && (product == null || product.parentId != parent.id)) {
						throw new WcError(400, "woocommerce_rest_product_variation_invalid_id", "Invalid ID.");
					}
					if (product == null) {
						throw WcError.invalidProductId(400);
					}
					applyProductUpdate(product, item, stock, events);
					return render(product, parent);
				});
			}
		}
		if (body.path("delete").isArray()) {
			ArrayNode results = response.putArray("delete");
			for (JsonNode item : body.path("delete")) {
				long id = item.isObject() ? item.path("id").asLong(0) : item.asLong(0);
				batchItem(results, id, () -> {
					Product product = this.state.product(id);
					if (product == null || (parent != null && product.parentId != parent.id)) {
						throw (parent != null)
								? new WcError(400, "woocommerce_rest_product_variation_invalid_id", "Invalid ID.")
								: WcError.invalidProductId(400);
					}
					ObjectNode rendered = render(product, parent);
					this.state.deleteProduct(product, events);
					return rendered;
				});
			}
		}
		return json(200, response);
	}

	private ObjectNode render(Product product, Product parent) {
		return (parent != null) ? this.renderer.variation(product, true) : this.renderer.product(product, true);
	}

	private static void batchItem(ArrayNode results, long id, java.util.function.Supplier<ObjectNode> operation) {
		try {
			results.add(operation.get());
		}
		catch (WcError ex) {
			ObjectNode failed = results.addObject();
			failed.put("id", id);
			ObjectNode error = failed.putObject("error");
			error.put("code", ex.code());
			error.put("message", ex.getMessage());
			error.set("data", WcError.statusData(ex.status()));
		}
	}

	// ---- orders
	// ---------------------------------------------------------------------------------------------

	private Response listOrders(Call call, Events events) {
		Paging paging = paging(call);
		String statusParam = call.string("status");
		Set<String> statuses = (statusParam == null || statusParam.isEmpty() || statusParam.equals("any")) ? null
				: Set.of(statusParam.split("\\s*,\\s*"));
		Set<String> include = idSet(call.string("include"));
		Instant modifiedAfter = instant(call, "modified_after");
		Instant modifiedBefore = instant(call, "modified_before");
		Instant after = instant(call, "after");
		Instant before = instant(call, "before");
		List<Order> orders = new ArrayList<>();
		for (Order order : this.state.orders.values()) {
			boolean statusMatches = (statuses != null) ? statuses.contains(order.status)
					: !order.status.equals("trash");
			if (!statusMatches || (include != null && !include.contains(Long.toString(order.id)))
					|| (modifiedAfter != null && !order.modified.isAfter(modifiedAfter))
					|| (modifiedBefore != null && !order.modified.isBefore(modifiedBefore))
					|| (after != null && !order.created.isAfter(after))
					|| (before != null && !order.created.isBefore(before))) {
				continue;
			}
			orders.add(order);
		}
		String orderby = call.string("orderby");
		Comparator<Order> comparator = switch ((orderby != null) ? orderby : "date") {
			case "id", "include" -> Comparator.comparingLong((Order order) -> order.id);
			case "modified" ->
				Comparator.comparing((Order order) -> order.modified).thenComparingLong((order) -> order.id);
			default -> Comparator.comparing((Order order) -> order.created).thenComparingLong((order) -> order.id);
		};
		orders.sort("asc".equalsIgnoreCase(call.string("order")) ? comparator : comparator.reversed());
		return page(call, paging, orders, this.renderer::order);
	}

	private Response createOrder(Call call, Events events) {
		JsonNode body = call.params();
		String status = validStatus(call);
		if (bool(body, "set_paid", false) && (status == null || status.equals("pending"))) {
			status = "processing";
		}
		List<LineRequest> lines = new ArrayList<>();
		for (JsonNode line : body.path("line_items")) {
			lines.add(lineRequest(line));
		}
		Order order = this.state.createOrder((status != null) ? status : "pending", lines,
				address(body.path("billing")), address(body.path("shipping")), text(body, "payment_method", ""),
				text(body, "payment_method_title", ""), "rest-api", text(body, "customer_note", ""), events);
		return created(this.renderer.order(order), PREFIX + "/orders/" + order.id);
	}

	private String validStatus(Call call) {
		String status = call.string("status");
		if (status != null && !ShopState.ORDER_STATUSES.contains(status)) {
			List<String> all = ShopState.ORDER_STATUSES;
			String list = String.join(", ", all.subList(0, all.size() - 1)) + ", and " + all.get(all.size() - 1);
			throw WcError.invalidParam("status", "rest_not_in_enum", "status is not one of " + list + ".", true);
		}
		return status;
	}

	private LineRequest lineRequest(JsonNode line) {
		long variationId = line.path("variation_id").asLong(0);
		long productId = line.path("product_id").asLong(0);
		String sku = text(line, "sku", null);
		Product product = (variationId != 0) ? this.state.product(variationId) : (productId != 0)
				? this.state.product(productId) : (sku != null) ? this.state.productBySku(sku) : null;
		if (product == null) {
			throw new WcError(400, "woocommerce_rest_invalid_product_id", "Product ID provided is invalid.");
		}
		Integer quantity = integer(line, "quantity");
		return new LineRequest(product, (quantity != null) ? quantity : 1);
	}

	private Map<String, String> address(JsonNode node) {
		Map<String, String> address = new LinkedHashMap<>();
		if (node.isObject()) {
			for (Map.Entry<String, JsonNode> entry : node.properties()) {
				address.put(entry.getKey(), entry.getValue().asString(""));
			}
		}
		return address;
	}

	private Order order(Call call, int status) {
		Order order = this.state.order(call.id(1));
		if (order == null) {
			throw WcError.invalidOrderId(status);
		}
		return order;
	}

	private Response getOrder(Call call, Events events) {
		return json(200, this.renderer.order(order(call, 404)));
	}

	private Response updateOrder(Call call, Events events) {
		String status = validStatus(call);
		Order order = order(call, 400);
		JsonNode body = call.params();
		for (JsonNode line : body.path("line_items")) {
			long itemId = line.path("id").asLong(0);
			if (itemId == 0) {
				this.state.addLine(order, lineRequest(line), events);
				continue;
			}
			LineItem item = order.item(itemId);
			Integer quantity = integer(line, "quantity");
			if (item == null) {
				throw new WcError(400, "woocommerce_rest_invalid_item_id",
						"Order item ID provided is not associated with order.");
			}
			if (quantity != null && quantity != item.quantity) {
				this.state.setLineQuantity(order, item, quantity, events);
			}
		}
		if (body.path("billing").isObject()) {
			order.billing.putAll(address(body.path("billing")));
		}
		if (body.path("shipping").isObject()) {
			order.shipping.putAll(address(body.path("shipping")));
		}
		if (body.has("customer_note")) {
			order.customerNote = text(body, "customer_note", "");
		}
		if (bool(body, "set_paid", false) && order.status.equals("pending") && status == null) {
			status = "processing";
		}
		if (status != null && !status.equals(order.status)) {
			this.state.setStatus(order, status, events);
		}
		else {
			order.modified = this.state.now();
			events.add("order.updated", order.id);
		}
		return json(200, this.renderer.order(order));
	}

	private Response deleteOrder(Call call, Events events) {
		Order order = order(call, 404);
		ObjectNode body = this.renderer.order(order);
		if (bool(call.params(), "force", false)) {
			this.state.deleteOrder(order);
		}
		else if (order.status.equals("trash")) {
			throw new WcError(410, "woocommerce_rest_already_trashed", "The order has already been deleted.");
		}
		else {
			this.state.trash(order, events);
		}
		return json(200, body);
	}

	private Order refundOrder(Call call) {
		Order order = this.state.order(call.id(1));
		if (order == null) {
			throw new WcError(404, "woocommerce_rest_invalid_order_id", "Invalid order ID.");
		}
		return order;
	}

	private Response listRefunds(Call call, Events events) {
		Paging paging = paging(call);
		Order order = refundOrder(call);
		return page(call, paging, new ArrayList<>(order.refunds), (refund) -> this.renderer.refund(order, refund));
	}

	private Response createRefund(Call call, Events events) {
		Order order = refundOrder(call);
		JsonNode body = call.params();
		List<RefundLineRequest> lines = new ArrayList<>();
		for (JsonNode line : body.path("line_items")) {
			LineItem item = order.item(line.path("id").asLong(0));
			if (item == null) {
				continue;
			}
			Integer quantity = integer(line, "quantity");
			lines.add(new RefundLineRequest(item, (quantity != null) ? quantity : 0,
					Money.parse(line.get("refund_total"), BigDecimal.ZERO)));
		}
		Refund refund = this.state.refund(order, Money.parse(body.get("amount"), null), text(body, "reason", ""), lines,
				bool(body, "api_refund", true), bool(body, "api_restock", true), events);
		// WooCommerce bug, reproduced: the Location header carries the unexpanded route
		// pattern.
		return created(this.renderer.refund(order, refund),
				PREFIX + "/orders/(?P<order_id>[\\d]+)/refunds/" + refund.id);
	}

	private Response getRefund(Call call, Events events) {
		Order order = refundOrder(call);
		for (Refund refund : order.refunds) {
			if (refund.id == call.id(2)) {
				return json(200, this.renderer.refund(order, refund));
			}
		}
		throw new WcError(404, "woocommerce_rest_invalid_id", "Invalid resource ID.");
	}

	// ---- webhooks
	// -------------------------------------------------------------------------------------------

	private Response listWebhooks(Call call, Events events) {
		Paging paging = paging(call);
		List<Webhook> webhooks = new ArrayList<>(this.state.webhooks.values());
		webhooks.sort(Comparator.comparing((Webhook webhook) -> webhook.created)
			.thenComparingLong((webhook) -> webhook.id)
			.reversed());
		String status = call.string("status");
		if (status != null && !status.equals("all")) {
			webhooks.removeIf((webhook) -> !webhook.status.equals(status));
		}
		return page(call, paging, webhooks, this.renderer::webhook);
	}

	private Response createWebhook(Call call, Events events) {
		JsonNode body = call.params();
		String topic = text(body, "topic", "");
		if (!validTopic(topic)) {
			throw new WcError(400, "woocommerce_rest_shop_webhook_invalid_topic",
					"Webhook topic is required and must be valid.");
		}
		String url = text(body, "delivery_url", "");
		if (!url.startsWith("http://") && !url.startsWith("https://")) {
			throw new WcError(400, "woocommerce_rest_shop_webhook_invalid_delivery_url",
					"Webhook delivery URL must be a valid URL starting with http:// or https://.");
		}
		Webhook webhook = this.state.createWebhook(text(body, "name", null), topic, url, text(body, "secret", null),
				text(body, "status", "active"));
		Response response = created(this.renderer.webhook(webhook), PREFIX + "/webhooks/" + webhook.id);
		if (webhook.status.equals("active")) {
			// The ping goes out synchronously inside this request, after the webhook is
			// saved.
			long id = webhook.id;
			response.after = () -> this.dispatcher.ping(id, url);
		}
		return response;
	}

	private static boolean validTopic(String topic) {
		return topic.matches("(order|product|customer|coupon)\\.(created|updated|deleted|restored)")
				|| topic.startsWith("action.");
	}

	private Webhook webhook(Call call) {
		Webhook webhook = this.state.webhooks.get(call.id(1));
		if (webhook == null) {
			throw new WcError(404, "woocommerce_rest_shop_webhook_invalid_id", "Invalid ID.");
		}
		return webhook;
	}

	private Response getWebhook(Call call, Events events) {
		return json(200, this.renderer.webhook(webhook(call)));
	}

	private Response updateWebhook(Call call, Events events) {
		Webhook webhook = webhook(call);
		JsonNode body = call.params();
		if (body.has("topic")) {
			String topic = text(body, "topic", "");
			if (!validTopic(topic)) {
				throw new WcError(400, "woocommerce_rest_shop_webhook_invalid_topic",
						"Webhook topic is required and must be valid.");
			}
			webhook.topic = topic;
		}
		if (body.has("name")) {
			webhook.name = text(body, "name", webhook.name);
		}
		if (body.has("delivery_url")) {
			webhook.deliveryUrl = text(body, "delivery_url", webhook.deliveryUrl);
		}
		if (body.has("secret")) {
			webhook.secret = text(body, "secret", webhook.secret);
		}
		if (body.has("status")) {
			String status = text(body, "status", webhook.status);
			if (!List.of("active", "paused", "disabled").contains(status)) {
				throw WcError.invalidParam("status", "rest_not_in_enum",
						"status is not one of active, paused, and disabled.", true);
			}
			if (status.equals("active") && !webhook.status.equals("active")) {
				webhook.failureCount = 0;
			}
			webhook.status = status;
		}
		webhook.modified = this.state.now();
		return json(200, this.renderer.webhook(webhook));
	}

	private Response deleteWebhook(Call call, Events events) {
		Webhook webhook = webhook(call);
		if (!bool(call.params(), "force", false)) {
			throw new WcError(501, "woocommerce_rest_trash_not_supported", "Webhooks do not support trashing.");
		}
		ObjectNode body = this.renderer.webhook(webhook);
		this.state.webhooks.remove(webhook.id);
		return json(200, body);
	}

	// ---- demo endpoints (unauthenticated)
	// -------------------------------------------------------------------

	private Response demo(Request request) {
		if (request.rawPath().equals("/stock") && request.method().equals("GET")) {
			ObjectNode stock = NODES.objectNode();
			new TreeMap<>(this.shop.stockBySku()).forEach((sku, quantity) -> {
				if (quantity != null) {
					stock.put(sku, quantity.intValue());
				}
				else {
					stock.putNull(sku);
				}
			});
			return json(200, stock);
		}
		if (request.rawPath().equals("/checkout") && request.method().equals("POST")) {
			// The n-th qty belongs to the n-th sku (default 1).
			List<String> skus = new ArrayList<>();
			List<Integer> quantityList = new ArrayList<>();
			String status = "processing";
			for (Map.Entry<String, String> param : request.queryList()) {
				switch (param.getKey()) {
					case "sku" -> skus.add(param.getValue());
					case "qty" -> quantityList.add(Integer.parseInt(param.getValue().trim()));
					case "status" -> status = param.getValue();
					default -> {
					}
				}
			}
			Map<String, Integer> quantities = new LinkedHashMap<>();
			for (int i = 0; i < skus.size(); i++) {
				quantities.merge(skus.get(i), (i < quantityList.size()) ? quantityList.get(i) : 1, Integer::sum);
			}
			if (quantities.isEmpty()) {
				return json(400, errorBody("fake_shop_checkout", "Give at least one ?sku=...&qty=..."));
			}
			try {
				long orderId = this.shop.placeOrder(status, quantities);
				ObjectNode body = NODES.objectNode();
				body.put("order_id", orderId);
				return json(200, body);
			}
			catch (IllegalArgumentException ex) {
				return json(400, errorBody("fake_shop_checkout", ex.getMessage()));
			}
		}
		if (request.rawPath().equals("/") && request.method().equals("GET")) {
			return text(200,
					"fake WooCommerce shop '" + this.shop.id() + "'\n" + "REST: " + this.shop.baseUrl() + PREFIX
							+ " (OAuth 1.0a)\n" + "GET  /stock                       stock by SKU\n"
							+ "POST /checkout?sku=X&qty=N[&sku=..&qty=..][&status=processing]   place an order\n");
		}
		return text(404, "Not Found");
	}

	/**
	 * Test-only fault switch, unauthenticated:
	 * {@code POST /__faults?status=503&seconds=60[&hang=true]} makes every REST request
	 * fail with that status for that long (with {@code hang}, each one is held until the
	 * window ends first); {@code DELETE /__faults} clears it.
	 */
	private Response faults(Request request) {
		if (request.method().equals("DELETE")) {
			this.shop.clearFaults();
			return json(200, NODES.objectNode().put("faults", "cleared"));
		}
		if (!request.method().equals("POST")) {
			return text(405, "Method Not Allowed");
		}
		Map<String, String> query = new LinkedHashMap<>();
		request.queryList().forEach((param) -> query.put(param.getKey(), param.getValue()));
		try {
			int status = Integer.parseInt(query.getOrDefault("status", "503").trim());
			long seconds = Long.parseLong(query.getOrDefault("seconds", "60").trim());
			boolean hang = Boolean.parseBoolean(query.getOrDefault("hang", "false").trim());
			if (status < 400 || status > 599 || seconds < 0) {
				return json(400, errorBody("fake_shop_faults", "status must be 400..599 and seconds >= 0"));
			}
			this.shop.failRequestsFor(status, Duration.ofSeconds(seconds), hang);
			ObjectNode body = NODES.objectNode();
			body.put("status", status);
			body.put("seconds", seconds);
			body.put("hang", hang);
			return json(200, body);
		}
		catch (NumberFormatException ex) {
			return json(400, errorBody("fake_shop_faults", "status and seconds must be numbers"));
		}
	}

	private static ObjectNode errorBody(String code, String message) {
		ObjectNode body = NODES.objectNode();
		body.put("code", code);
		body.put("message", message);
		return body;
	}

	// ---- paging
	// ---------------------------------------------------------------------------------------------

	private Paging paging(Call call) {
		Integer perPage = integer(call.params(), "per_page");
		if (perPage != null && (perPage < 1 || perPage > 100)) {
			throw WcError.invalidParam("per_page", "rest_out_of_bounds",
					"per_page must be between 1 (inclusive) and 100 (inclusive)", false);
		}
		Integer page = integer(call.params(), "page");
		if (page != null && page < 1) {
			throw WcError.invalidParam("page", "rest_out_of_bounds", "page must be greater than or equal to 1", false);
		}
		return new Paging((page != null) ? page : 1, (perPage != null) ? perPage : 10);
	}

	private <T> Response page(Call call, Paging paging, List<T> items,
			java.util.function.Function<T, ObjectNode> render) {
		int total = items.size();
		int maxPages = (int) Math.ceil(total / (double) paging.perPage());
		ArrayNode array = NODES.arrayNode();
		int from = (paging.page() - 1) * paging.perPage();
		for (int i = from; i < Math.min(total, from + paging.perPage()); i++) {
			array.add(render.apply(items.get(i)));
		}
		Response response = json(200, array);
		response.headers.add(new SimpleEntry<>("X-WP-Total", Integer.toString(total)));
		response.headers.add(new SimpleEntry<>("X-WP-TotalPages", Integer.toString(maxPages)));
		List<String> links = new ArrayList<>();
		if (paging.page() > 1) {
			int prev = Math.min(paging.page() - 1, maxPages);
			links.add("<" + pageLink(call.request(), prev) + ">; rel=\"prev\"");
		}
		if (maxPages > paging.page()) {
			links.add("<" + pageLink(call.request(), paging.page() + 1) + ">; rel=\"next\"");
		}
		if (!links.isEmpty()) {
			response.link = String.join(", ", links);
		}
		return response;
	}

	/**
	 * WordPress'
	 * {@code add_query_arg('page', n, add_query_arg($query_params, $route_url))}: the
	 * first call writes raw values and strips {@code =} before {@code &}/end; the second
	 * parses (+ becomes space), {@code urlencode}s and strips again. That is why
	 * rest-01's Link shows the signature with a raw {@code +} and without {@code =}
	 * padding.
	 */
	private String pageLink(Request request, int page) {
		return pageLink(this.state.baseUrl, request.rawPath(), request.queryList(), page);
	}

	static String pageLink(String homeUrl, String rawPath, List<Map.Entry<String, String>> queryList, int page) {
		Map<String, String> query = new LinkedHashMap<>();
		for (Map.Entry<String, String> param : queryList) {
			query.put(param.getKey(), param.getValue());
		}
		List<String> raw = new ArrayList<>();
		query.forEach((key, value) -> raw.add(key + "=" + value));
		String base = String.join("&", raw).replaceAll("=(&|$)", "$1");
		Map<String, String> reparsed = new LinkedHashMap<>();
		if (!base.isEmpty()) {
			for (String pair : base.split("&")) {
				int eq = pair.indexOf('=');
				String key = phpUrlDecode((eq >= 0) ? pair.substring(0, eq) : pair);
				String value = (eq >= 0) ? phpUrlDecode(pair.substring(eq + 1)) : "";
				reparsed.put(key, phpUrlEncode(value));
			}
		}
		reparsed.put("page", Integer.toString(page));
		List<String> pairs = new ArrayList<>();
		reparsed.forEach((key, value) -> pairs.add(key + "=" + value));
		String queryString = String.join("&", pairs).replaceAll("=(&|$)", "$1");
		return homeUrl + rawPath + "?" + queryString;
	}

	static String phpUrlEncode(String value) {
		StringBuilder out = new StringBuilder();
		for (byte b : value.getBytes(StandardCharsets.UTF_8)) {
			int c = b & 0xff;
			if ((c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '-' || c == '.'
					|| c == '_') {
				out.append((char) c);
			}
			else if (c == ' ') {
				out.append('+');
			}
			else {
				out.append('%')
					.append(Character.toUpperCase(Character.forDigit(c >> 4, 16)))
					.append(Character.toUpperCase(Character.forDigit(c & 0xf, 16)));
			}
		}
		return out.toString();
	}

	static String phpUrlDecode(String value) {
		try {
			return URLDecoder.decode(value, StandardCharsets.UTF_8);
		}
		catch (IllegalArgumentException ex) {
			return value;
		}
	}

	private Comparator<Product> productOrder(Call call) {
		String orderby = call.string("orderby");
		Comparator<Product> comparator = switch ((orderby != null) ? orderby : "date") {
			case "id", "include" -> Comparator.comparingLong((Product product) -> product.id);
			case "title" ->
				Comparator.comparing((Product product) -> product.name).thenComparingLong((product) -> product.id);
			case "slug" ->
				Comparator.comparing((Product product) -> product.slug).thenComparingLong((product) -> product.id);
			case "modified" ->
				Comparator.comparing((Product product) -> product.modified).thenComparingLong((product) -> product.id);
			default ->
				Comparator.comparing((Product product) -> product.created).thenComparingLong((product) -> product.id);
		};
		String order = call.string("order");
		boolean ascending = (order != null) ? order.equalsIgnoreCase("asc")
				: (orderby != null && (orderby.equals("title") || orderby.equals("slug")));
		return ascending ? comparator : comparator.reversed();
	}

	private static Set<String> idSet(String value) {
		return (value == null || value.isEmpty()) ? null : Set.of(value.split("\\s*,\\s*"));
	}

	private static Instant instant(Call call, String name) {
		String value = call.string(name);
		if (value == null || value.isEmpty()) {
			return null;
		}
		try {
			return Formats.parseIso(value);
		}
		catch (RuntimeException ex) {
			throw WcError.invalidParam(name, "rest_invalid_date", "Invalid date.", true);
		}
	}

	// ---- parameters
	// -----------------------------------------------------------------------------------------

	/**
	 * Query parameters overlaid with the JSON (or form) body, like
	 * {@code WP_REST_Request}'s parameter order.
	 */
	private static ObjectNode params(Request request) {
		ObjectNode params = NODES.objectNode();
		request.query().forEach(params::put);
		byte[] body = request.body();
		if (body.length == 0) {
			return params;
		}
		String contentType = request.header("Content-Type");
		if (contentType != null && contentType.toLowerCase().contains("application/x-www-form-urlencoded")) {
			for (Map.Entry<String, String> entry : parseQuery(new String(body, StandardCharsets.UTF_8))) {
				params.put(entry.getKey(), entry.getValue());
			}
			return params;
		}
		if (contentType != null && !contentType.toLowerCase().contains("json")) {
			return params;
		}
		JsonNode parsed;
		try {
			parsed = MAPPER.readTree(body);
		}
		catch (JacksonException ex) {
			ObjectNode data = WcError.statusData(400);
			data.put("json_error_code", 4);
			data.put("json_error_message", "Syntax error");
			throw new WcError(400, "rest_invalid_json", "Invalid JSON body passed.", data);
		}
		if (parsed != null && parsed.isObject()) {
			for (Map.Entry<String, JsonNode> entry : parsed.properties()) {
				params.set(entry.getKey(), entry.getValue());
			}
		}
		return params;
	}

	/**
	 * WordPress {@code rest_is_integer}: ints, integral floats and numeric strings;
	 * anything else is an error.
	 */
	static Integer integer(JsonNode params, String name) {
		JsonNode value = params.get(name);
		if (value == null || value.isMissingNode()) {
			return null;
		}
		if (value.isIntegralNumber() && value.canConvertToInt()) {
			return value.intValue();
		}
		if (value.isFloatingPointNumber() && value.asDouble() == Math.rint(value.asDouble())) {
			return (int) value.asDouble();
		}
		if (value.isString()) {
			String text = value.stringValue().trim();
			try {
				double number = Double.parseDouble(text);
				if (number == Math.rint(number) && !text.isEmpty() && !text.matches(".*[a-zA-Z].*")) {
					return (int) number;
				}
			}
			catch (NumberFormatException ex) {
				// falls through to the WordPress error
			}
		}
		throw WcError.notInteger(name);
	}

	static boolean bool(JsonNode params, String name, boolean fallback) {
		JsonNode value = params.get(name);
		if (value == null || value.isNull() || value.isMissingNode()) {
			return fallback;
		}
		if (value.isBoolean()) {
			return value.asBoolean();
		}
		String text = value.asString("").trim().toLowerCase();
		return text.equals("true") || text.equals("1") || text.equals("yes");
	}

	static String text(JsonNode node, String name, String fallback) {
		JsonNode value = node.get(name);
		return (value == null || value.isNull() || value.isMissingNode() || value.isContainer()) ? fallback
				: value.asString();
	}

	// ---- HTTP plumbing
	// --------------------------------------------------------------------------------------

	private static Request readRequest(HttpExchange exchange) throws IOException {
		byte[] body;
		try (InputStream in = exchange.getRequestBody()) {
			body = in.readAllBytes();
		}
		String rawQuery = exchange.getRequestURI().getRawQuery();
		List<Map.Entry<String, String>> queryList = parseQuery(rawQuery);
		Map<String, String> query = new LinkedHashMap<>();
		for (Map.Entry<String, String> entry : queryList) {
			query.put(entry.getKey(), entry.getValue());
		}
		return new Request(exchange.getRequestMethod().toUpperCase(), exchange.getRequestURI().getRawPath(),
				(rawQuery != null) ? rawQuery : "", queryList, query, exchange, body);
	}

	/**
	 * PHP {@code $_GET} decoding: split on {@code &}, then at the first {@code =},
	 * {@code +} means space.
	 */
	static List<Map.Entry<String, String>> parseQuery(String rawQuery) {
		List<Map.Entry<String, String>> result = new ArrayList<>();
		if (rawQuery == null || rawQuery.isEmpty()) {
			return result;
		}
		for (String pair : rawQuery.split("&")) {
			if (pair.isEmpty()) {
				continue;
			}
			int eq = pair.indexOf('=');
			String key = phpUrlDecode((eq >= 0) ? pair.substring(0, eq) : pair);
			String value = (eq >= 0) ? phpUrlDecode(pair.substring(eq + 1)) : "";
			result.add(new SimpleEntry<>(key, value));
		}
		return result;
	}

	private String allow(String path) {
		List<String> methods = new ArrayList<>();
		for (Route route : this.routes) {
			if (route.pattern().matcher(path).matches() && !methods.contains(route.method())) {
				methods.add(route.method());
			}
		}
		return String.join(", ", methods);
	}

	Response error(WcError error, Request request) {
		Response response = json(error.status(), error.body());
		response.authError = error.status() == 401;
		return response;
	}

	static Response json(int status, JsonNode body) {
		Response response = new Response(status, PhpJson.encode(body), "application/json; charset=UTF-8");
		return response;
	}

	private static Response created(ObjectNode body, String location) {
		Response response = json(201, body);
		response.location = location;
		return response;
	}

	private static Response text(int status, String body) {
		return new Response(status, body.getBytes(StandardCharsets.UTF_8), "text/plain; charset=UTF-8");
	}

	private void send(HttpExchange exchange, Response response) throws IOException {
		var headers = exchange.getResponseHeaders();
		headers.add("Server", "fake-shop (nginx/1.22.1 compatible)");
		headers.add("Content-Type", response.contentType);
		if (response.contentType.startsWith("application/json")) {
			headers.add("X-Robots-Tag", "noindex");
			headers.add("Link", (response.link != null) ? response.link
					: "<" + this.state.baseUrl + "/wp-json/>; rel=\"https://api.w.org/\"");
			headers.add("X-Content-Type-Options", "nosniff");
			headers.add("Access-Control-Expose-Headers", "X-WP-Total, X-WP-TotalPages, Link");
			headers.add("Access-Control-Allow-Headers",
					"Authorization, X-WP-Nonce, Content-Disposition, Content-MD5, Content-Type");
			for (Map.Entry<String, String> header : response.headers) {
				headers.add(header.getKey(), header.getValue());
			}
			if (response.location != null) {
				headers.add("Location", this.state.baseUrl + response.location);
			}
			if (response.authError) {
				headers.add("Vary", "Origin");
			}
			else {
				if (response.allow != null && !response.allow.isEmpty()) {
					headers.add("Allow", response.allow);
				}
				headers.add("Expires", "Wed, 11 Jan 1984 05:00:00 GMT");
				headers.add("Cache-Control", "no-cache, must-revalidate, max-age=0, no-store, private");
			}
		}
		else {
			for (Map.Entry<String, String> header : response.headers) {
				headers.add(header.getKey(), header.getValue());
			}
		}
		exchange.sendResponseHeaders(response.status, (response.body.length == 0) ? -1 : response.body.length);
		if (response.body.length > 0) {
			try (OutputStream out = exchange.getResponseBody()) {
				out.write(response.body);
			}
		}
	}

	// ---- types
	// ----------------------------------------------------------------------------------------------

	/** What an endpoint does; decides the anonymous 401 and the artificial cost. */
	enum Kind {

		LIST("woocommerce_rest_cannot_view", "Sorry, you cannot list resources."),
		VIEW("woocommerce_rest_cannot_view", "Sorry, you cannot view this resource."),
		CREATE("woocommerce_rest_cannot_create", "Sorry, you are not allowed to create resources."),
		EDIT("woocommerce_rest_cannot_edit", "Sorry, you are not allowed to edit this resource."),
		DELETE("woocommerce_rest_cannot_delete", "Sorry, you are not allowed to delete this resource."),
		BATCH("woocommerce_rest_cannot_batch", "Sorry, you are not allowed to batch manipulate this resource.");

		private final String code;

		private final String message;

		Kind(String code, String message) {
			this.code = code;
			this.message = message;
		}

		WcError forbidden() {
			return new WcError(401, this.code, this.message);
		}

	}

	@FunctionalInterface
	interface Handler {

		Response handle(Call call, Events events);

	}

	private record Route(String method, Pattern pattern, Kind kind, Handler handler) {
	}

	private record Paging(int page, int perPage) {
	}

	record Request(String method, String rawPath, String rawQuery, List<Map.Entry<String, String>> queryList,
			Map<String, String> query, HttpExchange exchange, byte[] body) {

		String header(String name) {
			return this.exchange.getRequestHeaders().getFirst(name);
		}

	}

	record Call(Request request, Matcher path, ObjectNode params) {

		long id(int group) {
			return Long.parseLong(this.path.group(group));
		}

		String string(String name) {
			return text(this.params, name, null);
		}

	}

	static final class Response {

		final int status;

		final byte[] body;

		final String contentType;

		final List<Map.Entry<String, String>> headers = new ArrayList<>();

		String link;

		String location;

		String allow;

		boolean authError;

		Runnable after;

		Response(int status, byte[] body, String contentType) {
			this.status = status;
			this.body = body;
			this.contentType = contentType;
		}

	}

}
