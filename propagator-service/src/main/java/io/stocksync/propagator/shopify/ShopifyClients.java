package io.stocksync.propagator.shopify;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

import io.stocksync.common.shop.ShopConfig;
import okhttp3.OkHttpClient;

import org.springframework.stereotype.Component;

/** One {@link ShopifyClient} per Shopify store, all sharing the one OkHttp client. */
@Component
public class ShopifyClients {

	private final OkHttpClient http;

	private final Map<String, ShopifyClient> clients = new ConcurrentHashMap<>();

	ShopifyClients(OkHttpClient http) {
		this.http = http;
	}

	public ShopifyClient forShop(ShopConfig shop) {
		if (!shop.isShopify()) {
			throw new IllegalArgumentException("site " + shop.id() + " is not a Shopify store");
		}
		return this.clients.computeIfAbsent(shop.id(), (id) -> new ShopifyClient(this.http, shop));
	}

}
