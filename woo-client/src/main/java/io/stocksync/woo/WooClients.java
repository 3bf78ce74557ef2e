package io.stocksync.woo;

import java.time.Clock;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ConcurrentHashMap;

import io.stocksync.common.shop.ShopAuth;
import io.stocksync.common.shop.ShopConfig;
import okhttp3.OkHttpClient;

/**
 * The one place a {@link WooClient} is made: one client per shop, all sharing one
 * {@link OkHttpClient} (its connection pool and dispatcher), made on first use.
 * <p>
 * A cached client is reused while the shop's connection stays the same (id, base URL,
 * auth scheme, consumer key and secret); a reloaded sites file that changes any of them
 * gets a new client on the next call. Allocation rules (buffer, cap, ...) are not part of
 * the connection, so {@link WooClient#shop()} of a reused client may show older ones:
 * read those from the sites file, not from the client. Thread-safe.
 */
public final class WooClients {

	private final OkHttpClient http;

	private final Clock clock;

	private final Map<String, WooClient> clients = new ConcurrentHashMap<>();

	public WooClients(OkHttpClient http, Clock clock) {
		this.http = Objects.requireNonNull(http, "http");
		this.clock = Objects.requireNonNull(clock, "clock");
	}

	/**
	 * The shop's client.
	 * @throws IllegalArgumentException if the shop has no REST credentials
	 */
	public WooClient forShop(ShopConfig shop) {
		WooClient cached = this.clients.get(shop.id());
		if (cached != null && Connection.of(cached.shop()).equals(Connection.of(shop))) {
			return cached;
		}
		return this.clients.compute(shop.id(),
				(id, current) -> (current != null && Connection.of(current.shop()).equals(Connection.of(shop)))
						? current : new WooClient(this.http, shop, this.clock));
	}

	/** What a client is bound to; a change of any part needs a new client. */
	private record Connection(String id, String baseUrl, ShopAuth auth, String consumerKey, String consumerSecret) {

		static Connection of(ShopConfig shop) {
			return new Connection(shop.id(), shop.baseUrl(), shop.auth(), shop.consumerKey(), shop.consumerSecret());
		}

		@Override
		public String toString() {
			return "Connection[id=" + this.id + ", baseUrl=" + this.baseUrl + ", credentials=***]";
		}

	}

}
