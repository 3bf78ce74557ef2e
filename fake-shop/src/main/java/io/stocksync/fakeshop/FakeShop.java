package io.stocksync.fakeshop;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.math.BigDecimal;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.SortedMap;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.LongAdder;
import java.util.concurrent.locks.LockSupport;

import com.sun.net.httpserver.HttpServer;
import io.stocksync.fakeshop.ShopState.LineItem;
import io.stocksync.fakeshop.ShopState.LineRequest;
import io.stocksync.fakeshop.ShopState.Order;
import io.stocksync.fakeshop.ShopState.Product;
import io.stocksync.fakeshop.ShopState.RefundLineRequest;
import io.stocksync.fakeshop.ShopState.Result;
import io.stocksync.fakeshop.ShopState.Webhook;
import tools.jackson.databind.node.JsonNodeFactory;
import tools.jackson.databind.node.ObjectNode;

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

	private static final int RECENT_LIMIT = 1000;

	private final FakeShopOptions options;

	private final HttpServer server;

	private final ExecutorService pool;

	private final String baseUrl;

	private final ShopState state;

	private final Renderer renderer;

	private final WebhookDispatcher dispatcher;

	private final Object faultLock = new Object();

	private int faultStatus;

	private int faultsRemaining;

	private Duration retryAfter = Duration.ofSeconds(1);

	private volatile Duration perSingleWrite = Duration.ZERO;

	private volatile Duration perBatchItem = Duration.ZERO;

	private long faultUntilNanos;

	private boolean faultHang;

	private final LongAdder busyNanos = new LongAdder();

	private final Map<String, LongAdder> requestCounts = new ConcurrentHashMap<>();

	private final Deque<RecordedRequest> recent = new ArrayDeque<>();

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
		OAuth1Verifier oauth = new OAuth1Verifier(this.baseUrl, options.consumerKey(), options.consumerSecret(), clock);
		AtomicInteger threads = new AtomicInteger();
		this.pool = Executors.newFixedThreadPool(8, (runnable) -> {
			Thread thread = new Thread(runnable, "fake-shop-" + options.id() + "-http-" + threads.incrementAndGet());
			thread.setDaemon(true);
			return thread;
		});
		this.server.setExecutor(this.pool);
		this.server.createContext("/", new RestApi(this, this.state, this.renderer, oauth, this.dispatcher));
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
		long count = 0;
		for (Map.Entry<String, LongAdder> entry : this.requestCounts.entrySet()) {
			int space = entry.getKey().indexOf(' ');
			String entryMethod = entry.getKey().substring(0, space);
			String path = entry.getKey().substring(space + 1);
			if ((method == null || method.equalsIgnoreCase(entryMethod)) && path.startsWith(pathPrefix)) {
				count += entry.getValue().sum();
			}
		}
		return count;
	}

	/** The last 1000 requests, oldest first. */
	public List<RecordedRequest> recentRequests() {
		synchronized (this.recent) {
			return List.copyOf(this.recent);
		}
	}

	/**
	 * The next {@code count} REST requests (reads and writes) get {@code status} with a
	 * WordPress-like error body.
	 */
	public void failNextRequests(int status, int count) {
		synchronized (this.faultLock) {
			this.faultStatus = status;
			this.faultsRemaining = count;
		}
	}

	/** Every REST request gets {@code status} until {@link #clearFaults()}. */
	public void failAllRequests(int status) {
		failNextRequests(status, Integer.MAX_VALUE);
	}

	/** The {@code Retry-After} sent with injected 429 and 503 answers (default 1 s). */
	public void setRetryAfter(Duration retryAfter) {
		synchronized (this.faultLock) {
			this.retryAfter = retryAfter;
		}
	}

	public void clearFaults() {
		failNextRequests(0, 0);
	}

	/**
	 * For {@code duration}, every REST request gets {@code status}; with {@code hang}
	 * each request is also held until the window ends before it is answered, like a shop
	 * that stopped answering (clients with a shorter read timeout give up first). Demo
	 * endpoints ({@code /stock}, {@code /checkout}) and {@code /__faults} are never
	 * affected.
	 */
	public void failRequestsFor(int status, Duration duration, boolean hang) {
		synchronized (this.faultLock) {
			this.faultStatus = status;
			this.faultsRemaining = Integer.MAX_VALUE;
			this.faultUntilNanos = System.nanoTime() + duration.toNanos();
			this.faultHang = hang;
		}
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
		return Duration.ofNanos(this.busyNanos.sum());
	}

	/**
	 * Artificial latency per single write request and per batch item, like a real
	 * WooCommerce (default zero).
	 */
	public void setCosts(Duration perSingleWrite, Duration perBatchItem) {
		this.perSingleWrite = perSingleWrite;
		this.perBatchItem = perBatchItem;
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

	// ---- package-private hooks for RestApi
	// ------------------------------------------------------------------

	void recordRequest(String method, String path, String query, int status) {
		this.requestCounts.computeIfAbsent(method + " " + path, (key) -> new LongAdder()).increment();
		synchronized (this.recent) {
			this.recent.addLast(new RecordedRequest(method, path, query, status, this.state.clock.instant()));
			while (this.recent.size() > RECENT_LIMIT) {
				this.recent.removeFirst();
			}
		}
	}

	RestApi.Response takeFault() {
		int status;
		Duration after;
		long holdNanos = 0;
		synchronized (this.faultLock) {
			if (this.faultUntilNanos != 0 && System.nanoTime() - this.faultUntilNanos >= 0) {
				this.faultUntilNanos = 0;
				this.faultsRemaining = 0;
			}
			if (this.faultsRemaining <= 0) {
				return null;
			}
			if (this.faultsRemaining != Integer.MAX_VALUE) {
				this.faultsRemaining--;
			}
			status = this.faultStatus;
			after = this.retryAfter;
			if (this.faultHang && this.faultUntilNanos != 0) {
				holdNanos = this.faultUntilNanos - System.nanoTime();
			}
		}
		if (holdNanos > 0) {
			// A hung shop: the answer comes (if the caller still waits) only when the
			// fault window is over.
			LockSupport.parkNanos(holdNanos);
		}
		ObjectNode body = JsonNodeFactory.instance.objectNode();
		if (status == 500) {
			body.put("code", "internal_server_error");
			body.put("message",
					"<p>There has been a critical error on this website.</p><p><a href=\"https://wordpress.org/"
							+ "documentation/article/faq-troubleshooting/\">Learn more about troubleshooting WordPress.</a></p>");
			body.set("data", WcError.statusData(500));
			body.putArray("additional_errors");
		}
		else if (status == 429) {
			body.put("code", "woocommerce_rest_too_many_requests");
			body.put("message", "Too many requests. Please wait and try again.");
			body.set("data", WcError.statusData(429));
		}
		else {
			body.put("code", "fake_shop_injected_fault");
			body.put("message", "Injected fault (HTTP " + status + ").");
			body.set("data", WcError.statusData(status));
		}
		RestApi.Response response = RestApi.json(status, body);
		if (status == 429 || status == 503) {
			response.headers.add(Map.entry("Retry-After", Long.toString(Math.max(0, after.toSeconds()))));
		}
		return response;
	}

	void applyCost(RestApi.Kind kind, tools.jackson.databind.JsonNode params) {
		Duration cost = Duration.ZERO;
		if (kind == RestApi.Kind.CREATE || kind == RestApi.Kind.EDIT || kind == RestApi.Kind.DELETE) {
			cost = this.perSingleWrite;
		}
		else if (kind == RestApi.Kind.BATCH) {
			int items = 0;
			for (String operation : List.of("create", "update", "delete")) {
				items += params.path(operation).isArray() ? params.path(operation).size() : 0;
			}
			cost = this.perBatchItem.multipliedBy(items);
		}
		if (!cost.isZero() && !cost.isNegative()) {
			this.busyNanos.add(cost.toNanos());
			try {
				// Real WooCommerce spends this time in PHP and MySQL; the caller should
				// feel it.
				Thread.sleep(cost.toMillis());
			}
			catch (InterruptedException ex) {
				Thread.currentThread().interrupt();
			}
		}
	}

	// ---- helpers
	// --------------------------------------------------------------------------------------------

	private <T> T write(java.util.function.Function<ShopState.Events, T> operation) {
		Result<T> result = this.state.write(operation);
		this.dispatcher.dispatch(result.deliveries());
		return result.value();
	}

	private Product requireSku(String sku) {
		Product product = this.state.productBySku(sku);
		if (product == null) {
			throw new IllegalArgumentException("unknown SKU '" + sku + "'");
		}
		return product;
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
