package io.stocksync.fakeshop;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Set;

import io.stocksync.fakeshop.ShopState.Events;
import io.stocksync.fakeshop.ShopState.Product;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * {@code /products} and {@code /products/{id}}: list (filters, order, paging), create,
 * read, update (SKU, name, price, stock) and delete products. The stock rules live in
 * {@link ShopState}.
 */
final class ProductsResource {

	private final ShopState state;

	private final Renderer renderer;

	ProductsResource(ShopState state, Renderer renderer) {
		this.state = state;
		this.renderer = renderer;
	}

	void register(Routes routes) {
		routes.add("GET", "/products", RouteKind.LIST, this::listProducts);
		routes.add("POST", "/products", RouteKind.CREATE, this::createProduct);
		routes.add("GET", "/products/(\\d+)", RouteKind.VIEW, this::getProduct);
		routes.add("POST|PUT|PATCH", "/products/(\\d+)", RouteKind.EDIT, this::updateProduct);
		routes.add("DELETE", "/products/(\\d+)", RouteKind.DELETE, this::deleteProduct);
	}

	private Response listProducts(Call call, Events events) {
		Paging paging = Paging.of(call);
		List<Product> candidates = new ArrayList<>();
		String skuParam = call.string("sku");
		Set<String> skus = (skuParam != null && !skuParam.isEmpty()) ? Set.of(skuParam.split("\\s*,\\s*")) : null;
		Set<String> include = Params.idSet(call.string("include"));
		String type = call.string("type");
		String stockStatus = call.string("stock_status");
		Instant modifiedAfter = Params.instant(call, "modified_after");
		Instant modifiedBefore = Params.instant(call, "modified_before");
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
		return paging.page(this.state.baseUrl, call, candidates, (product) -> this.renderer.product(product, false));
	}

	private Response createProduct(Call call, Events events) {
		Product product = createProductFrom(call.params(), events);
		return Response.created(this.renderer.product(product, true), Routes.PREFIX + "/products/" + product.id);
	}

	Product createProductFrom(JsonNode body, Events events) {
		String type = Params.text(body, "type", "simple");
		String sku = Params.text(body, "sku", null);
		String name = Params.text(body, "name", null);
		if (type.equals("variable")) {
			JsonNode attribute = body.path("attributes").path(0);
			String attributeName = attribute.isObject() ? Params.text(attribute, "name", null) : null;
			return this.state.createVariable(sku, name, attributeName, events);
		}
		Integer stock = Params.integer(body, "stock_quantity");
		boolean manage = Params.bool(body, "manage_stock", false);
		return this.state.createSimple(sku, name, Money.parse(body.get("regular_price"), null), manage,
				(stock != null) ? stock : 0, events);
	}

	private Response getProduct(Call call, Events events) {
		Product product = this.state.product(call.id(1));
		if (product == null) {
			throw WcError.invalidProductId(404);
		}
		return Response.json(200, this.renderer.product(product, false));
	}

	private Response updateProduct(Call call, Events events) {
		Integer stock = Params.integer(call.params(), "stock_quantity");
		Product product = this.state.product(call.id(1));
		if (product == null) {
			throw WcError.invalidProductId(400);
		}
		applyProductUpdate(product, call.params(), stock, events);
		return Response.json(200, this.renderer.product(product, true));
	}

	void applyProductUpdate(Product product, JsonNode body, Integer stock, Events events) {
		if (body.has("sku")) {
			String sku = Params.text(body, "sku", "");
			this.state.checkSkuFree(sku, product.id);
			product.sku = sku;
		}
		if (body.has("name") && !product.type.equals("variation")) {
			product.name = Params.text(body, "name", product.name);
		}
		if (body.has("regular_price") && !product.type.equals("variable")) {
			product.price = Money.parse(body.get("regular_price"), product.price);
		}
		if (body.has("manage_stock")) {
			product.manageStock = Params.bool(body, "manage_stock", product.manageStock);
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
		return Response.json(200, body);
	}

	static Comparator<Product> productOrder(Call call) {
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

}
