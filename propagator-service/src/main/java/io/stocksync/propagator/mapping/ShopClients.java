package io.stocksync.propagator.mapping;

import java.time.Clock;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

import io.stocksync.common.shop.ShopConfig;
import io.stocksync.woo.WooClient;
import okhttp3.OkHttpClient;

import org.springframework.stereotype.Component;

/** One {@link WooClient} per shop, all sharing the one OkHttp client. */
@Component
public class ShopClients {

	private final OkHttpClient http;

	private final Clock clock;

	private final Map<String, WooClient> clients = new ConcurrentHashMap<>();

	ShopClients(OkHttpClient http, Clock clock) {
		this.http = http;
		this.clock = clock;
	}

	public WooClient forShop(ShopConfig shop) {
		return this.clients.computeIfAbsent(shop.id(), (id) -> new WooClient(this.http, shop, this.clock));
	}

}
