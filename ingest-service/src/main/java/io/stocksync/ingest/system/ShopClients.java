package io.stocksync.ingest.system;

import java.time.Clock;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

import io.stocksync.common.shop.ShopConfig;
import io.stocksync.woo.WooClient;
import okhttp3.OkHttpClient;

import org.springframework.stereotype.Component;

/**
 * One {@link WooClient} per shop, sharing one {@link OkHttpClient}; made on first use.
 */
@Component
public class ShopClients {

	private final OkHttpClient http;

	private final Clock clock;

	private final Map<String, WooClient> clients = new ConcurrentHashMap<>();

	ShopClients(OkHttpClient http, Clock clock) {
		this.http = http;
		this.clock = clock;
	}

	/**
	 * @throws IllegalArgumentException if the shop has no REST credentials
	 */
	public WooClient client(ShopConfig shop) {
		return this.clients.computeIfAbsent(shop.id(), (id) -> new WooClient(this.http, shop, this.clock));
	}

}
