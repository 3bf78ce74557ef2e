package io.stocksync.fakeshop;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;

import io.stocksync.fakeshop.ShopState.Events;
import io.stocksync.fakeshop.ShopState.LineRequest;
import io.stocksync.fakeshop.ShopState.Product;
import io.stocksync.fakeshop.ShopState.Result;

/**
 * What a customer does in the shop's storefront (checkout, look at the stock), and the
 * write step every change goes through: change the state under its lock, then send the
 * webhooks the change fired.
 */
final class Storefront {

	private final ShopState state;

	private final WebhookDispatcher dispatcher;

	Storefront(ShopState state, WebhookDispatcher dispatcher) {
		this.state = state;
		this.dispatcher = dispatcher;
	}

	<T> T write(Function<Events, T> operation) {
		Result<T> result = this.state.write(operation);
		this.dispatcher.dispatch(result.deliveries());
		return result.value();
	}

	/** See {@link FakeShop#placeOrder}. */
	long placeOrder(String status, Map<String, Integer> quantityBySku) {
		if (!ShopState.ORDER_STATUSES.contains(status)) {
			throw new IllegalArgumentException("unknown order status '" + status + "'");
		}
		return write((events) -> {
			List<LineRequest> lines = new ArrayList<>();
			quantityBySku.forEach((sku, quantity) -> lines.add(new LineRequest(requireSku(sku), quantity)));
			Map<String, String> billing = new LinkedHashMap<>(
					Map.of("first_name", "Max", "last_name", "Mustermann", "address_1", "Teststr. 3", "city", "Berlin",
							"postcode", "10115", "country", "DE", "email", "max@example.test", "phone", "030111111"));
			Map<String, String> shipping = new LinkedHashMap<>(billing);
			shipping.remove("email");
			return this.state.createOrder(status, lines, billing, shipping, "bacs", "Direct bank transfer", "checkout",
					"", events).id;
		});
	}

	/**
	 * Stock of every product and variation that has a SKU (null where stock is not
	 * managed).
	 */
	Map<String, Integer> stockBySku() {
		return this.state.read(() -> {
			Map<String, Integer> stock = new LinkedHashMap<>();
			for (Product product : this.state.products.values()) {
				if (!product.sku.isEmpty()) {
					stock.put(product.sku, product.manageStock ? product.stock : null);
				}
			}
			return stock;
		});
	}

	/** Call under the state's lock. */
	Product requireSku(String sku) {
		Product product = this.state.productBySku(sku);
		if (product == null) {
			throw new IllegalArgumentException("unknown SKU '" + sku + "'");
		}
		return product;
	}

}
