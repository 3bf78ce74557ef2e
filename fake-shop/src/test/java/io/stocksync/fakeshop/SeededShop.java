package io.stocksync.fakeshop;

import org.junit.jupiter.api.extension.AfterEachCallback;
import org.junit.jupiter.api.extension.BeforeEachCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * A fake shop with the demo catalogue ({@link FakeShopMain#seed}) and a REST client for
 * it, fresh for every test and closed after it. Register it with
 * {@code @RegisterExtension}.
 */
final class SeededShop implements BeforeEachCallback, AfterEachCallback {

	private final String id;

	private FakeShop shop;

	private WcClient client;

	SeededShop(String id) {
		this.id = id;
	}

	@Override
	public void beforeEach(ExtensionContext context) {
		this.shop = FakeShop.start(FakeShopOptions.defaults(this.id));
		FakeShopMain.seed(this.shop);
		this.client = new WcClient(this.shop);
	}

	@Override
	public void afterEach(ExtensionContext context) {
		this.shop.close();
	}

	FakeShop shop() {
		return this.shop;
	}

	/** The same client during one test: a test may change its {@code auth}. */
	WcClient client() {
		return this.client;
	}

}
