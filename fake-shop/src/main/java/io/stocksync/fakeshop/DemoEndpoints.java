package io.stocksync.fakeshop;

import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

import tools.jackson.databind.node.JsonNodeFactory;
import tools.jackson.databind.node.ObjectNode;

/**
 * The unauthenticated endpoints outside the REST API: the storefront demo
 * ({@code GET /stock}, {@code POST /checkout}, {@code GET /}) and the test-only fault
 * switch ({@code /__faults}).
 */
final class DemoEndpoints {

	private static final JsonNodeFactory NODES = JsonNodeFactory.instance;

	private final String shopId;

	private final ShopState state;

	private final Storefront storefront;

	private final Faults faults;

	DemoEndpoints(String shopId, ShopState state, Storefront storefront, Faults faults) {
		this.shopId = shopId;
		this.state = state;
		this.storefront = storefront;
		this.faults = faults;
	}

	Response storefront(Request request) {
		if (request.rawPath().equals("/stock") && request.method().equals("GET")) {
			ObjectNode stock = NODES.objectNode();
			new TreeMap<>(this.storefront.stockBySku()).forEach((sku, quantity) -> {
				if (quantity != null) {
					stock.put(sku, quantity.intValue());
				}
				else {
					stock.putNull(sku);
				}
			});
			return Response.json(200, stock);
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
				return Response.json(400, errorBody("fake_shop_checkout", "Give at least one ?sku=...&qty=..."));
			}
			try {
				long orderId = this.storefront.placeOrder(status, quantities);
				ObjectNode body = NODES.objectNode();
				body.put("order_id", orderId);
				return Response.json(200, body);
			}
			catch (IllegalArgumentException ex) {
				return Response.json(400, errorBody("fake_shop_checkout", ex.getMessage()));
			}
		}
		if (request.rawPath().equals("/") && request.method().equals("GET")) {
			return Response.text(200,
					"fake WooCommerce shop '" + this.shopId + "'\n" + "REST: " + this.state.baseUrl + Routes.PREFIX
							+ " (OAuth 1.0a)\n" + "GET  /stock                       stock by SKU\n"
							+ "POST /checkout?sku=X&qty=N[&sku=..&qty=..][&status=processing]   place an order\n");
		}
		return Response.text(404, "Not Found");
	}

	/**
	 * Test-only fault switch, unauthenticated:
	 * {@code POST /__faults?status=503&seconds=60[&hang=true]} makes every REST request
	 * fail with that status for that long (with {@code hang}, each one is held until the
	 * window ends first); {@code DELETE /__faults} clears it.
	 */
	Response faults(Request request) {
		if (request.method().equals("DELETE")) {
			this.faults.clear();
			return Response.json(200, NODES.objectNode().put("faults", "cleared"));
		}
		if (!request.method().equals("POST")) {
			return Response.text(405, "Method Not Allowed");
		}
		Map<String, String> query = new LinkedHashMap<>();
		request.queryList().forEach((param) -> query.put(param.getKey(), param.getValue()));
		try {
			int status = Integer.parseInt(query.getOrDefault("status", "503").trim());
			long seconds = Long.parseLong(query.getOrDefault("seconds", "60").trim());
			boolean hang = Boolean.parseBoolean(query.getOrDefault("hang", "false").trim());
			if (status < 400 || status > 599 || seconds < 0) {
				return Response.json(400, errorBody("fake_shop_faults", "status must be 400..599 and seconds >= 0"));
			}
			this.faults.failFor(status, Duration.ofSeconds(seconds), hang);
			ObjectNode body = NODES.objectNode();
			body.put("status", status);
			body.put("seconds", seconds);
			body.put("hang", hang);
			return Response.json(200, body);
		}
		catch (NumberFormatException ex) {
			return Response.json(400, errorBody("fake_shop_faults", "status and seconds must be numbers"));
		}
	}

	private static ObjectNode errorBody(String code, String message) {
		ObjectNode body = NODES.objectNode();
		body.put("code", code);
		body.put("message", message);
		return body;
	}

}
