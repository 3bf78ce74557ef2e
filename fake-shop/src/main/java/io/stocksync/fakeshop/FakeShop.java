package io.stocksync.fakeshop;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.math.BigDecimal;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.time.Clock;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.SortedMap;
import java.util.TreeMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;

import com.sun.net.httpserver.HttpServer;
import io.stocksync.fakeshop.ShopState.LineItem;
import io.stocksync.fakeshop.ShopState.Order;
import io.stocksync.fakeshop.ShopState.Product;
import io.stocksync.fakeshop.ShopState.RefundLineRequest;
import io.stocksync.fakeshop.ShopState.Webhook;

/**
 * A small WooCommerce 9.9.5 look-alike on a real HTTP port of 127.0.0.1, for integration
 * tests and local runs. It speaks the REST API v3 (OAuth 1.0a over http, WordPress error
 * bodies, paging headers) and sends webhooks byte-for-byte like WooCommerce (PHP JSON
 * encoding, HMAC-SHA256 signatures, Hookshot headers), and it applies WooCommerce's stock
 * rules to its own orders. The Java methods act like a shop admin or a storefront
 * customer; they fire the same webhooks the REST API would. Thread-safe: one lock guards
 * the shop state.
 */
public final class FakeShop implements AutoCloseable {

	private final FakeShopOptions options;

	private final HttpServer server;

	private final ExecutorService pool;

	private final String baseUrl;

	private final ShopState state;

	private final Renderer renderer;

	private final WebhookDispatcher dispatcher;

	private final Storefront storefront;

	private final RequestLog requests;

	private final Faults faults = new Faults();

	private final Costs costs = new Costs();

	private FakeShop(FakeShopOptions options, Clock clock) {
		this.options = options;
		try {
			this.server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), options.port()),
					64);
		}
		catch (IOException ex) {
			throw new UncheckedIOException("cannot bind fake shop " + options.id() + " to 127.0.0.1:" + options.port(),
					ex);
		}
		this.baseUrl = "http://127.0.0.1:" + this.server.getAddress().getPort();
		this.state = new ShopState(this.baseUrl, clock, options.webhookSecret());
		this.renderer = new Renderer(this.state);
		this.dispatcher = new WebhookDispatcher(this.state, this.renderer, options.asyncWebhooks(), options.id());
		this.storefront = new Storefront(this.state, this.dispatcher);
		this.requests = new RequestLog(clock);
		OAuth1Verifier oauth = new OAuth1Verifier(this.baseUrl, options.consumerKey(), options.consumerSecret(), clock);
		AtomicInteger threads = new AtomicInteger();
		this.pool = Executors.newFixedThreadPool(8, (runnable) -> {
			Thread thread = new Thread(runnable, "fake-shop-" + options.id() + "-http-" + threads.incrementAndGet());
			thread.setDaemon(true);
			return thread;
		});
		this.server.setExecutor(this.pool);
		DemoEndpoints demo = new DemoEndpoints(options.id(), this.state, this.storefront, this.faults);
		this.server.createContext("/", new RestApi(this.state, this.renderer, oauth, this.dispatcher, this.requests,
				this.faults, this.costs, demo));
		this.server.start();
	}

	public static FakeShop start(FakeShopOptions options) {
		return start(options, Clock.systemUTC());
	}

	/** Starts with a given clock (OAuth timestamp window, dates in JSON). */
	public static FakeShop start(FakeShopOptions options, Clock clock) {
		return new FakeShop(options, clock);
	}

	public String id() {
		return this.options.id();
	}

	/**
	 * {@code http://127.0.0.1:<port>}, no trailing slash; also the WordPress home URL
	 * used in OAuth base strings.
	 */
	public String baseUrl() {
		return this.baseUrl;
	}

	public FakeShopOptions options() {
		return this.options;
	}

	public String consumerKey() {
		return this.options.consumerKey();
	}

	public String consumerSecret() {
		return this.options.consumerSecret();
	}

	public String webhookSecret() {
		return this.options.webhookSecret();
	}

	/**
	 * This shop as an entry of stock-sync's sites file: the list item with {@code id},
	 * {@code base-url}, the REST credentials and the webhook secret, one line each, every
	 * line ending in a newline; append more lines (buffer, cap, auth) for the same entry.
	 */
	public String sitesEntry() {
		return "  - id: " + id() + "\n" + "    base-url: " + this.baseUrl + "\n" + "    consumer-key: " + consumerKey()
				+ "\n" + "    consumer-secret: " + consumerSecret() + "\n" + "    webhook-secret: " + webhookSecret()
				+ "\n";
	}

	// ---- catalogue
	// ------------------------------------------------------------------------------------------

	/**
	 * A simple product with managed stock, price 10.00; returns its id. Fires
	 * {@code product.created}.
	 */
	public long addSimpleProduct(String sku, int stock) {
		return addSimpleProduct(sku, null, "10.00", stock);
	}

	public long addSimpleProduct(String sku, String name, String price, int stock) {
		return write((events) -> this.state.createSimple(sku, name, new BigDecimal(price), true, stock, events).id);
	}

	/**
	 * A variable product (attribute "Size"; parent {@code manage_stock:false},
	 * {@code stock_quantity:null}) with one stock-managed variation (price 20.00) per
	 * SKU; a variation SKU {@code <parent>-S} gets option {@code S}. Variations are
	 * created in the map's order (sorted by SKU if the map has none). Returns the parent
	 * id.
	 */
	public long addVariableProduct(String parentSku, Map<String, Integer> variationStockBySku) {
		Map<String, Integer> ordered = (variationStockBySku instanceof LinkedHashMap
				|| variationStockBySku instanceof SortedMap) ? variationStockBySku : new TreeMap<>(variationStockBySku);
		return write((events) -> {
			Product parent = this.state.createVariable(parentSku, null, "Size", events);
			ordered.forEach((sku, stock) -> this.state.createVariation(parent, sku, null, new BigDecimal("20.00"), true,
					stock, events));
			return parent.id;
		});
	}

	/** SKU to variation id, in creation order. */
	public Map<String, Long> variationIds(long parentId) {
		return this.state.read(() -> {
			Map<String, Long> ids = new LinkedHashMap<>();
			Product parent = this.state.product(parentId);
			if (parent != null) {
				this.state.variationsOf(parent).forEach((variation) -> ids.put(variation.sku, variation.id));
			}
			return ids;
		});
	}

	/** Id of the product or variation with that SKU, or null. */
	public Long productId(String sku) {
		return this.state.read(() -> {
			Product product = this.state.productBySku(sku);
			return (product != null) ? product.id : null;
		});
	}

	/**
	 * Current stock_quantity of the product or variation with that SKU; null if unknown
	 * or not stock-managed.
	 */
	public Integer stockOf(String sku) {
		return this.state.read(() -> {
			Product product = this.state.productBySku(sku);
			return (product != null && product.manageStock) ? product.stock : null;
		});
	}

	/**
	 * Stock of every product and variation that has a SKU (null where stock is not
	 * managed).
	 */
	public Map<String, Integer> stockBySku() {
		return this.storefront.stockBySku();
	}

	/** Like an admin editing the stock by hand: fires {@code product.updated}. */
	public void setStock(String sku, int quantity) {
		write((events) -> {
			Product product = requireSku(sku);
			product.manageStock = true;
			this.state.setStock(product, quantity, events);
			return null;
		});
	}

	// ---- webhooks
	// -------------------------------------------------------------------------------------------

	/**
	 * Like an admin saving an active webhook (no ping), signed with
	 * {@link FakeShopOptions#webhookSecret()}.
	 */
	public long registerWebhook(String topic, String deliveryUrl) {
		return registerWebhook(topic, deliveryUrl, this.options.webhookSecret());
	}

	public long registerWebhook(String topic, String deliveryUrl, String secret) {
		return this.state
			.read(() -> this.state.createWebhook("Webhook " + topic, topic, deliveryUrl, secret, "active").id);
	}

	/**
	 * {@code active}, {@code paused} or {@code disabled} (after more than 5 consecutive
	 * failed deliveries).
	 */
	public String webhookStatus(long webhookId) {
		return this.state.read(() -> {
			Webhook webhook = this.state.webhooks.get(webhookId);
			return (webhook != null) ? webhook.status : null;
		});
	}

	/**
	 * Like an admin editing a webhook's delivery URL (e.g. a typo, or the receiver
	 * moved), without a ping.
	 */
	public void setWebhookDeliveryUrl(long webhookId, String deliveryUrl) {
		this.state.read(() -> {
			Webhook webhook = requireWebhook(webhookId);
			webhook.deliveryUrl = deliveryUrl;
			webhook.modified = this.state.now();
			return null;
		});
	}

	/**
	 * Like an admin setting a webhook's status ({@code active}, {@code paused},
	 * {@code disabled}).
	 */
	public void setWebhookStatus(long webhookId, String status) {
		if (!List.of("active", "paused", "disabled").contains(status)) {
			throw new IllegalArgumentException("status must be active, paused or disabled");
		}
		this.state.read(() -> {
			Webhook webhook = requireWebhook(webhookId);
			if (status.equals("active") && !webhook.status.equals("active")) {
				webhook.failureCount = 0;
			}
			webhook.status = status;
			webhook.modified = this.state.now();
			return null;
		});
	}

	/** Ids of the webhooks with that topic, in creation order. */
	public List<Long> webhookIds(String topic) {
		return this.state.read(() -> this.state.webhooks.values()
			.stream()
			.filter((webhook) -> webhook.topic.equals(topic))
			.map((webhook) -> webhook.id)
			.toList());
	}

	/** Everything sent so far, pings included, in sending order. */
	public List<WebhookDelivery> deliveries() {
		return this.dispatcher.deliveries();
	}

	/** Deliveries still queued in async mode. */
	public int pendingDeliveries() {
		return this.dispatcher.pendingCount();
	}

	// ---- orders
	// ---------------------------------------------------------------------------------------------

	/**
	 * A storefront checkout ({@code created_via: checkout}): the order is created and
	 * moved to {@code status} in one go, so {@code order.created} and
	 * {@code order.updated} both show the final status, followed by one
	 * {@code product.updated} per stock-managed item if the status reduces stock
	 * (processing, completed, on-hold).
	 */
	public long placeOrder(String status, Map<String, Integer> quantityBySku) {
		return this.storefront.placeOrder(status, quantityBySku);
	}

	/** Like {@code PUT orders/{id} {"status": ...}}, including the stock rules. */
	public void setOrderStatus(long orderId, String status) {
		if (!ShopState.ORDER_STATUSES.contains(status)) {
			throw new IllegalArgumentException("unknown order status '" + status + "'");
		}
		write((events) -> {
			Order order = requireOrder(orderId);
			if (!order.status.equals(status)) {
				this.state.setStatus(order, status, events);
			}
			else {
				order.modified = this.state.now();
				events.add("order.updated", order.id);
			}
			return null;
		});
	}

	public String orderStatus(long orderId) {
		return this.state.read(() -> requireOrder(orderId).status);
	}

	/** Line item ids of an order by SKU. */
	public Map<String, Long> lineItemIds(long orderId) {
		return this.state.read(() -> {
			Map<String, Long> ids = new LinkedHashMap<>();
			requireOrder(orderId).items.forEach((item) -> ids.put(item.sku, item.id));
			return ids;
		});
	}

	/**
	 * Like {@code POST orders/{id}/refunds} with {@code api_refund:false} and
	 * {@code api_restock:restock}.
	 */
	public void refundLine(long orderId, long lineItemId, int quantity, boolean restock) {
		write((events) -> {
			Order order = requireOrder(orderId);
			LineItem item = order.item(lineItemId);
			if (item == null) {
				throw new IllegalArgumentException("order " + orderId + " has no line item " + lineItemId);
			}
			BigDecimal total = item.price.multiply(BigDecimal.valueOf(quantity));
			this.state.refund(order, null, "", List.of(new RefundLineRequest(item, quantity, total)), false, restock,
					events);
			return null;
		});
	}

	/**
	 * Like {@code DELETE orders/{id}} without force: status trash, {@code order.deleted},
	 * no restock.
	 */
	public void trashOrder(long orderId) {
		write((events) -> {
			this.state.trash(requireOrder(orderId), events);
			return null;
		});
	}

	/** Untrash: back to the previous status, fires {@code order.restored}. */
	public void restoreOrder(long orderId) {
		write((events) -> {
			this.state.untrash(requireOrder(orderId), events);
			return null;
		});
	}

	/** The order as {@code GET orders/{id}} returns it, PHP-encoded. */
	public String orderJson(long orderId) {
		return this.state.read(() -> PhpJson.encodeToString(this.renderer.order(requireOrder(orderId))));
	}

	// ---- observability and faults
	// ---------------------------------------------------------------------------

	/**
	 * Requests received with that method (null = any) whose path starts with the prefix.
	 */
	public long requestCount(String method, String pathPrefix) {
		return this.requests.count(method, pathPrefix);
	}

	/** The last 1000 requests, oldest first. */
	public List<RecordedRequest> recentRequests() {
		return this.requests.recent();
	}

	/**
	 * The next {@code count} REST requests (reads and writes) get {@code status} with a
	 * WordPress-like error body.
	 */
	public void failNextRequests(int status, int count) {
		this.faults.failNext(status, count);
	}

	/** Every REST request gets {@code status} until {@link #clearFaults()}. */
	public void failAllRequests(int status) {
		failNextRequests(status, Integer.MAX_VALUE);
	}

	/** The {@code Retry-After} sent with injected 429 and 503 answers (default 1 s). */
	public void setRetryAfter(Duration retryAfter) {
		this.faults.setRetryAfter(retryAfter);
	}

	public void clearFaults() {
		this.faults.clear();
	}

	/**
	 * For {@code duration}, every REST request gets {@code status}; with {@code hang}
	 * each request is also held until the window ends before it is answered, like a shop
	 * that stopped answering (clients with a shorter read timeout give up first). Demo
	 * endpoints ({@code /stock}, {@code /checkout}) and {@code /__faults} are never
	 * affected.
	 */
	public void failRequestsFor(int status, Duration duration, boolean hang) {
		this.faults.failFor(status, duration, hang);
	}

	/**
	 * Called with the SKU and new quantity whenever a stock quantity is set (REST write
	 * or admin edit).
	 */
	public void onStockSet(StockListener listener) {
		this.state.stockListener = listener;
	}

	/**
	 * Time spent in the simulated WooCommerce costs of {@link #setCosts}: how busy the
	 * shop's PHP workers were.
	 */
	public Duration busyTime() {
		return this.costs.busyTime();
	}

	/**
	 * Artificial latency per single write request and per batch item, like a real
	 * WooCommerce (default zero).
	 */
	public void setCosts(Duration perSingleWrite, Duration perBatchItem) {
		this.costs.set(perSingleWrite, perBatchItem);
	}

	/**
	 * Receives every stock quantity set on a shop; called under the shop's lock, so it
	 * must be quick.
	 */
	@FunctionalInterface
	public interface StockListener {

		void stockSet(String sku, Integer quantity);

	}

	@Override
	public void close() {
		this.server.stop(0);
		this.dispatcher.close();
		this.pool.shutdownNow();
	}

	@Override
	public String toString() {
		return "FakeShop[" + this.options.id() + " at " + this.baseUrl + "]";
	}

	// ---- helpers
	// --------------------------------------------------------------------------------------------

	private <T> T write(java.util.function.Function<ShopState.Events, T> operation) {
		return this.storefront.write(operation);
	}

	private Product requireSku(String sku) {
		return this.storefront.requireSku(sku);
	}

	private Webhook requireWebhook(long webhookId) {
		Webhook webhook = this.state.webhooks.get(webhookId);
		if (webhook == null) {
			throw new IllegalArgumentException("unknown webhook " + webhookId);
		}
		return webhook;
	}

	private Order requireOrder(long orderId) {
		Order order = this.state.order(orderId);
		if (order == null) {
			throw new IllegalArgumentException("unknown order " + orderId);
		}
		return order;
	}

}
