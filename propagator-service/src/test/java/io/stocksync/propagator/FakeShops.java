package io.stocksync.propagator;

import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.Map;

import io.stocksync.fakeshop.FakeShop;
import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * The fake WooCommerce shops of a test class, by id, closed after its tests. A class
 * starts them in its static initializer (its sites file names them before the context
 * starts) and registers this as a static {@code @RegisterExtension} field.
 */
final class FakeShops implements AfterAllCallback {

	private final Map<String, FakeShop> shops = new LinkedHashMap<>();

	void put(String id, FakeShop shop) {
		this.shops.put(id, shop);
	}

	FakeShop get(String id) {
		return this.shops.get(id);
	}

	Collection<FakeShop> values() {
		return this.shops.values();
	}

	@Override
	public void afterAll(ExtensionContext context) {
		this.shops.values().forEach(FakeShop::close);
	}

}
