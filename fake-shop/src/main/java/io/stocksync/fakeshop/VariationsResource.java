package io.stocksync.fakeshop;

import java.util.ArrayList;
import java.util.List;

import io.stocksync.fakeshop.ShopState.Events;
import io.stocksync.fakeshop.ShopState.Product;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * {@code /products/{id}/variations} and {@code .../variations/{id}}: the variations of a
 * variable product. Updates go through {@link ProductsResource} (same fields, same stock
 * rules).
 */
final class VariationsResource {

	private final ShopState state;

	private final Renderer renderer;

	private final ProductsResource products;

	VariationsResource(ShopState state, Renderer renderer, ProductsResource products) {
		this.state = state;
		this.renderer = renderer;
		this.products = products;
	}

	void register(Routes routes) {
		routes.add("GET", "/products/(\\d+)/variations", RouteKind.LIST, this::listVariations);
		routes.add("POST", "/products/(\\d+)/variations", RouteKind.CREATE, this::createVariation);
		routes.add("GET", "/products/(\\d+)/variations/(\\d+)", RouteKind.VIEW, this::getVariation);
		routes.add("POST|PUT|PATCH", "/products/(\\d+)/variations/(\\d+)", RouteKind.EDIT, this::updateVariation);
		routes.add("DELETE", "/products/(\\d+)/variations/(\\d+)", RouteKind.DELETE, this::deleteVariation);
	}

	Product parent(Call call) {
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
		Paging paging = Paging.of(call);
		Product parent = parent(call);
		List<Product> variations = new ArrayList<>(this.state.variationsOf(parent));
		variations.sort(ProductsResource.productOrder(call));
		return paging.page(this.state.baseUrl, call, variations,
				(variation) -> this.renderer.variation(variation, false));
	}

	private Response createVariation(Call call, Events events) {
		Product parent = parent(call);
		Product variation = createVariationFrom(parent, call.params(), events);
		return Response.created(this.renderer.variation(variation, true),
				Routes.PREFIX + "/products/" + parent.id + "/variations/" + variation.id);
	}

	Product createVariationFrom(Product parent, JsonNode body, Events events) {
		if (!parent.type.equals("variable")) {
			throw new WcError(400, "woocommerce_rest_invalid_product_id", "Parent product is not a variable product.");
		}
		JsonNode attribute = body.path("attributes").path(0);
		String option = attribute.isObject() ? Params.text(attribute, "option", null) : null;
		Integer stock = Params.integer(body, "stock_quantity");
		boolean manage = Params.bool(body, "manage_stock", false);
		return this.state.createVariation(parent, Params.text(body, "sku", null), option,
				Money.parse(body.get("regular_price"), null), manage, (stock != null) ? stock : 0, events);
	}

	private Response getVariation(Call call, Events events) {
		Product variation = variation(parent(call), call.id(2));
		return Response.json(200, this.renderer.variation(variation, false));
	}

	private Response updateVariation(Call call, Events events) {
		Integer stock = Params.integer(call.params(), "stock_quantity");
		Product parent = this.state.product(call.id(1));
		Product variation = this.state.product(call.id(2));
		if (parent == null || variation == null || variation.parentId != parent.id) {
			throw WcError.invalidVariationId();
		}
		this.products.applyProductUpdate(variation, call.params(), stock, events);
		return Response.json(200, this.renderer.variation(variation, true));
	}

	private Response deleteVariation(Call call, Events events) {
		Product variation = variation(parent(call), call.id(2));
		ObjectNode body = this.renderer.variation(variation, true);
		this.state.deleteProduct(variation, events);
		return Response.json(200, body);
	}

}
