package io.stocksync.fakeshop;

import java.util.List;
import java.util.function.Supplier;

import io.stocksync.fakeshop.ShopState.Events;
import io.stocksync.fakeshop.ShopState.Product;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.JsonNodeFactory;
import tools.jackson.databind.node.ObjectNode;

/**
 * {@code /products/batch} and {@code /products/{id}/variations/batch}: create, update and
 * delete up to {@value #BATCH_LIMIT} items in one request, with per-item errors inside a
 * 200 ({@code WC_REST_Controller::batch_items}).
 */
final class BatchResource {

	private static final JsonNodeFactory NODES = JsonNodeFactory.instance;

	private static final int BATCH_LIMIT = 100;

	private final ShopState state;

	private final Renderer renderer;

	private final ProductsResource products;

	private final VariationsResource variations;

	BatchResource(ShopState state, Renderer renderer, ProductsResource products, VariationsResource variations) {
		this.state = state;
		this.renderer = renderer;
		this.products = products;
		this.variations = variations;
	}

	void register(Routes routes) {
		routes.add("POST|PUT|PATCH", "/products/batch", RouteKind.BATCH, this::batchProducts);
		routes.add("POST|PUT|PATCH", "/products/(\\d+)/variations/batch", RouteKind.BATCH, this::batchVariations);
	}

	private Response batchProducts(Call call, Events events) {
		return batch(call, events, null);
	}

	private Response batchVariations(Call call, Events events) {
		return batch(call, events, this.variations.parent(call));
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
					Product created = (parent != null) ? this.variations.createVariationFrom(parent, item, events)
							: this.products.createProductFrom(item, events);
					return render(created, parent);
				});
			}
		}
		if (body.path("update").isArray()) {
			ArrayNode results = response.putArray("update");
			for (JsonNode item : body.path("update")) {
				long id = item.path("id").asLong(0);
				batchItem(results, id, () -> {
					Integer stock = Params.integer(item, "stock_quantity");
					Product product = this.state.product(id);
					if (parent != null && (product == null || product.parentId != parent.id)) {
						throw new WcError(400, "woocommerce_rest_product_variation_invalid_id", "Invalid ID.");
					}
					if (product == null) {
						throw WcError.invalidProductId(400);
					}
					this.products.applyProductUpdate(product, item, stock, events);
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
		return Response.json(200, response);
	}

	private ObjectNode render(Product product, Product parent) {
		return (parent != null) ? this.renderer.variation(product, true) : this.renderer.product(product, true);
	}

	private static void batchItem(ArrayNode results, long id, Supplier<ObjectNode> operation) {
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

}
