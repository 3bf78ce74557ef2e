package io.stocksync.fakeshop;

import java.math.BigDecimal;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

import io.stocksync.fakeshop.ShopState.Events;
import io.stocksync.fakeshop.ShopState.LineItem;
import io.stocksync.fakeshop.ShopState.LineRequest;
import io.stocksync.fakeshop.ShopState.Order;
import io.stocksync.fakeshop.ShopState.Product;
import io.stocksync.fakeshop.ShopState.Refund;
import io.stocksync.fakeshop.ShopState.RefundLineRequest;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * {@code /orders}, {@code /orders/{id}} and their refunds: list, create, update (status,
 * lines, addresses), trash or delete orders, and list, create and read refunds. The stock
 * rules of status changes and refunds live in {@link ShopState}.
 */
final class OrdersResource {

	private final ShopState state;

	private final Renderer renderer;

	OrdersResource(ShopState state, Renderer renderer) {
		this.state = state;
		this.renderer = renderer;
	}

	void register(Routes routes) {
		routes.add("GET", "/orders", RouteKind.LIST, this::listOrders);
		routes.add("POST", "/orders", RouteKind.CREATE, this::createOrder);
		routes.add("GET", "/orders/(\\d+)", RouteKind.VIEW, this::getOrder);
		routes.add("POST|PUT|PATCH", "/orders/(\\d+)", RouteKind.EDIT, this::updateOrder);
		routes.add("DELETE", "/orders/(\\d+)", RouteKind.DELETE, this::deleteOrder);
		routes.add("GET", "/orders/(\\d+)/refunds", RouteKind.LIST, this::listRefunds);
		routes.add("POST", "/orders/(\\d+)/refunds", RouteKind.CREATE, this::createRefund);
		routes.add("GET", "/orders/(\\d+)/refunds/(\\d+)", RouteKind.VIEW, this::getRefund);
	}

	private Response listOrders(Call call, Events events) {
		Paging paging = Paging.of(call);
		String statusParam = call.string("status");
		Set<String> statuses = (statusParam == null || statusParam.isEmpty() || statusParam.equals("any")) ? null
				: Set.of(statusParam.split("\\s*,\\s*"));
		Set<String> include = Params.idSet(call.string("include"));
		Instant modifiedAfter = Params.instant(call, "modified_after");
		Instant modifiedBefore = Params.instant(call, "modified_before");
		Instant after = Params.instant(call, "after");
		Instant before = Params.instant(call, "before");
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
		return paging.page(this.state.baseUrl, call, orders, this.renderer::order);
	}

	private Response createOrder(Call call, Events events) {
		JsonNode body = call.params();
		String status = validStatus(call);
		if (Params.bool(body, "set_paid", false) && (status == null || status.equals("pending"))) {
			status = "processing";
		}
		List<LineRequest> lines = new ArrayList<>();
		for (JsonNode line : body.path("line_items")) {
			lines.add(lineRequest(line));
		}
		Order order = this.state.createOrder((status != null) ? status : "pending", lines,
				address(body.path("billing")), address(body.path("shipping")), Params.text(body, "payment_method", ""),
				Params.text(body, "payment_method_title", ""), "rest-api", Params.text(body, "customer_note", ""),
				events);
		return Response.created(this.renderer.order(order), Routes.PREFIX + "/orders/" + order.id);
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
		String sku = Params.text(line, "sku", null);
		Product product = (variationId != 0) ? this.state.product(variationId) : (productId != 0)
				? this.state.product(productId) : (sku != null) ? this.state.productBySku(sku) : null;
		if (product == null) {
			throw new WcError(400, "woocommerce_rest_invalid_product_id", "Product ID provided is invalid.");
		}
		Integer quantity = Params.integer(line, "quantity");
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
		return Response.json(200, this.renderer.order(order(call, 404)));
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
			Integer quantity = Params.integer(line, "quantity");
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
			order.customerNote = Params.text(body, "customer_note", "");
		}
		if (Params.bool(body, "set_paid", false) && order.status.equals("pending") && status == null) {
			status = "processing";
		}
		if (status != null && !status.equals(order.status)) {
			this.state.setStatus(order, status, events);
		}
		else {
			order.modified = this.state.now();
			events.add("order.updated", order.id);
		}
		return Response.json(200, this.renderer.order(order));
	}

	private Response deleteOrder(Call call, Events events) {
		Order order = order(call, 404);
		ObjectNode body = this.renderer.order(order);
		if (Params.bool(call.params(), "force", false)) {
			this.state.deleteOrder(order);
		}
		else if (order.status.equals("trash")) {
			throw new WcError(410, "woocommerce_rest_already_trashed", "The order has already been deleted.");
		}
		else {
			this.state.trash(order, events);
		}
		return Response.json(200, body);
	}

	private Order refundOrder(Call call) {
		Order order = this.state.order(call.id(1));
		if (order == null) {
			throw new WcError(404, "woocommerce_rest_invalid_order_id", "Invalid order ID.");
		}
		return order;
	}

	private Response listRefunds(Call call, Events events) {
		Paging paging = Paging.of(call);
		Order order = refundOrder(call);
		return paging.page(this.state.baseUrl, call, new ArrayList<>(order.refunds),
				(refund) -> this.renderer.refund(order, refund));
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
			Integer quantity = Params.integer(line, "quantity");
			lines.add(new RefundLineRequest(item, (quantity != null) ? quantity : 0,
					Money.parse(line.get("refund_total"), BigDecimal.ZERO)));
		}
		Refund refund = this.state.refund(order, Money.parse(body.get("amount"), null), Params.text(body, "reason", ""),
				lines, Params.bool(body, "api_refund", true), Params.bool(body, "api_restock", true), events);
		// WooCommerce bug, reproduced: the Location header carries the unexpanded route
		// pattern.
		return Response.created(this.renderer.refund(order, refund),
				Routes.PREFIX + "/orders/(?P<order_id>[\\d]+)/refunds/" + refund.id);
	}

	private Response getRefund(Call call, Events events) {
		Order order = refundOrder(call);
		for (Refund refund : order.refunds) {
			if (refund.id == call.id(2)) {
				return Response.json(200, this.renderer.refund(order, refund));
			}
		}
		throw new WcError(404, "woocommerce_rest_invalid_id", "Invalid resource ID.");
	}

}
