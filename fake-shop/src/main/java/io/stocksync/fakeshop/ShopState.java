package io.stocksync.fakeshop;

import java.math.BigDecimal;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.Function;
import java.util.function.Supplier;

import tools.jackson.databind.node.JsonNodeFactory;

/**
 * Everything the shop knows (products, variations, orders, refunds, webhooks) plus
 * WooCommerce's stock rules for its own orders. All access goes through {@link #write} or
 * {@link #read}, which hold one lock, so the state is consistent whichever thread of the
 * HTTP server or the test touches it. A write collects the webhook events it caused; they
 * are turned into deliveries (at most one per webhook and resource) when the write ends.
 */
final class ShopState {

	static final Set<String> REDUCING_STATUSES = Set.of("processing", "completed", "on-hold");

	static final Set<String> RESTORING_STATUSES = Set.of("cancelled", "pending");

	static final List<String> ORDER_STATUSES = List.of("pending", "processing", "on-hold", "completed", "cancelled",
			"refunded", "failed", "checkout-draft");

	private static final String KEY_CHARS = "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789";

	private final ReentrantLock lock = new ReentrantLock();

	private final SecureRandom random = new SecureRandom();

	final String baseUrl;

	final Clock clock;

	final String defaultWebhookSecret;

	volatile FakeShop.StockListener stockListener;

	/**
	 * WordPress posts: products, variations, orders and refunds share one id sequence.
	 */
	private long nextPostId = 10;

	private long nextItemId = 1;

	private long nextMetaId = 70;

	private long nextWebhookId = 1;

	final Map<Long, Product> products = new LinkedHashMap<>();

	final Map<Long, Order> orders = new LinkedHashMap<>();

	final Map<Long, Webhook> webhooks = new LinkedHashMap<>();

	ShopState(String baseUrl, Clock clock, String defaultWebhookSecret) {
		this.baseUrl = baseUrl;
		this.clock = clock;
		this.defaultWebhookSecret = defaultWebhookSecret;
	}

	<T> Result<T> write(Function<Events, T> operation) {
		this.lock.lock();
		try {
			Events events = new Events();
			T value = operation.apply(events);
			return new Result<>(value, resolve(events));
		}
		finally {
			this.lock.unlock();
		}
	}

	<T> T read(Supplier<T> operation) {
		this.lock.lock();
		try {
			return operation.get();
		}
		finally {
			this.lock.unlock();
		}
	}

	Instant now() {
		return this.clock.instant().truncatedTo(ChronoUnit.SECONDS);
	}

	private List<PendingDelivery> resolve(Events events) {
		List<PendingDelivery> deliveries = new ArrayList<>();
		Set<String> seen = new HashSet<>();
		for (Event event : events.list) {
			for (Webhook webhook : this.webhooks.values()) {
				if (webhook.status.equals("active") && webhook.topic.equals(event.topic())
						&& seen.add(webhook.id + ":" + event.resourceId())) {
					deliveries.add(new PendingDelivery(webhook.id, event.topic(), event.resourceId()));
				}
			}
		}
		return deliveries;
	}

	// ---- products
	// -------------------------------------------------------------------------------------------

	Product product(long id) {
		return this.products.get(id);
	}

	Product productBySku(String sku) {
		for (Product product : this.products.values()) {
			if (sku.equals(product.sku)) {
				return product;
			}
		}
		return null;
	}

	void checkSkuFree(String sku, long exceptId) {
		if (sku == null || sku.isEmpty()) {
			return;
		}
		Product existing = productBySku(sku);
		if (existing != null && existing.id != exceptId) {
			throw new WcError(400, "product_invalid_sku", "Invalid or duplicated SKU.",
					WcError.statusData(400).put("resource_id", existing.id).put("unique_sku", sku));
		}
	}

	Product createSimple(String sku, String name, BigDecimal price, boolean manageStock, Integer stock, Events events) {
		checkSkuFree(sku, 0);
		Product product = new Product();
		product.id = this.nextPostId++;
		product.type = "simple";
		product.sku = (sku != null) ? sku : "";
		product.name = (name != null) ? name : nameFromSku(product.sku);
		product.slug = slug(product.name);
		product.price = price;
		product.manageStock = manageStock;
		product.stock = manageStock ? stock : null;
		product.created = now();
		product.modified = product.created;
		this.products.put(product.id, product);
		events.add("product.created", product.id);
		return product;
	}

	Product createVariable(String sku, String name, String attributeName, Events events) {
		checkSkuFree(sku, 0);
		Product product = new Product();
		product.id = this.nextPostId++;
		product.type = "variable";
		product.sku = (sku != null) ? sku : "";
		product.name = (name != null) ? name : nameFromSku(product.sku);
		product.slug = slug(product.name);
		product.attributeName = (attributeName != null) ? attributeName : "Size";
		product.manageStock = false;
		product.created = now();
		product.modified = product.created;
		this.products.put(product.id, product);
		events.add("product.created", product.id);
		return product;
	}

	Product createVariation(Product parent, String sku, String option, BigDecimal price, boolean manageStock,
			Integer stock, Events events) {
		checkSkuFree(sku, 0);
		Product variation = new Product();
		variation.id = this.nextPostId++;
		variation.type = "variation";
		variation.parentId = parent.id;
		variation.sku = (sku != null) ? sku : "";
		variation.option = (option != null) ? option : optionFromSku(parent.sku, variation.sku);
		variation.name = parent.name + " - " + variation.option;
		variation.slug = slug(variation.name);
		variation.attributeName = parent.attributeName;
		variation.price = price;
		variation.manageStock = manageStock;
		variation.stock = manageStock ? stock : null;
		variation.created = now();
		variation.modified = variation.created;
		this.products.put(variation.id, variation);
		parent.variations.add(variation.id);
		parent.modified = now();
		events.add("product.created", variation.id);
		return variation;
	}

	void deleteProduct(Product product, Events events) {
		for (Long variationId : new ArrayList<>(product.variations)) {
			this.products.remove(variationId);
		}
		this.products.remove(product.id);
		if (product.parentId != 0) {
			Product parent = this.products.get(product.parentId);
			if (parent != null) {
				parent.variations.remove(product.id);
			}
		}
		events.add("product.deleted", product.id);
	}

	/**
	 * Sets the stock like an admin or a REST PUT does: one {@code product.updated} even
	 * if the value is equal.
	 */
	void setStock(Product product, Integer stock, Events events) {
		product.stock = stock;
		touch(product);
		events.add("product.updated", product.id);
		FakeShop.StockListener listener = this.stockListener;
		if (listener != null && !product.sku.isEmpty()) {
			listener.stockSet(product.sku, stock);
		}
	}

	private void changeStock(Product product, int delta, Events events) {
		product.stock = ((product.stock != null) ? product.stock : 0) + delta;
		touch(product);
		events.add("product.updated", product.id);
	}

	void touch(Product product) {
		product.modified = now();
		if (product.parentId != 0) {
			// WooCommerce re-syncs (and saves) the variable parent, without a webhook for
			// it.
			Product parent = this.products.get(product.parentId);
			if (parent != null) {
				parent.modified = product.modified;
			}
		}
	}

	List<Product> variationsOf(Product parent) {
		List<Product> result = new ArrayList<>();
		for (Long id : parent.variations) {
			Product variation = this.products.get(id);
			if (variation != null) {
				result.add(variation);
			}
		}
		return result;
	}

	BigDecimal priceOf(Product product) {
		if (product.type.equals("variable")) {
			BigDecimal min = null;
			for (Product variation : variationsOf(product)) {
				if (variation.price != null && (min == null || variation.price.compareTo(min) < 0)) {
					min = variation.price;
				}
			}
			return min;
		}
		return product.price;
	}

	String stockStatus(Product product) {
		if (product.type.equals("variable") && !product.manageStock) {
			for (Product variation : variationsOf(product)) {
				if (stockStatus(variation).equals("instock")) {
					return "instock";
				}
			}
			return "outofstock";
		}
		if (!product.manageStock) {
			return "instock";
		}
		return (product.stock != null && product.stock > 0) ? "instock" : "outofstock";
	}

	// ---- orders
	// ---------------------------------------------------------------------------------------------

	Order order(long id) {
		return this.orders.get(id);
	}

	/**
	 * Creates an order like {@code POST /orders} or a storefront checkout: it is born
	 * {@code pending} (order.created + order.updated), then moves to the requested status
	 * in the same operation, applying the stock rules.
	 */
	Order createOrder(String status, List<LineRequest> lines, Map<String, String> billing, Map<String, String> shipping,
			String paymentMethod, String paymentMethodTitle, String createdVia, String customerNote, Events events) {
		Order order = new Order();
		order.id = this.nextPostId++;
		order.status = "pending";
		order.createdVia = createdVia;
		order.created = now();
		order.modified = order.created;
		order.orderKey = "wc_order_" + randomKey(13);
		order.billing = billing;
		order.shipping = shipping;
		order.paymentMethod = paymentMethod;
		order.paymentMethodTitle = paymentMethodTitle;
		order.customerNote = customerNote;
		for (LineRequest line : lines) {
			order.items.add(newLineItem(line));
		}
		this.orders.put(order.id, order);
		events.add("order.created", order.id);
		events.add("order.updated", order.id);
		if (!status.equals("pending")) {
			setStatus(order, status, events);
		}
		return order;
	}

	private LineItem newLineItem(LineRequest line) {
		Product product = line.product();
		LineItem item = new LineItem();
		item.id = this.nextItemId++;
		item.quantity = line.quantity();
		item.sku = product.sku;
		item.price = (priceOf(product) != null) ? priceOf(product) : BigDecimal.ZERO;
		if (product.type.equals("variation")) {
			Product parent = this.products.get(product.parentId);
			item.productId = product.parentId;
			item.variationId = product.id;
			item.name = product.name;
			item.parentName = (parent != null) ? parent.name : null;
			item.meta.add(new Meta(this.nextMetaId++, product.attributeName.toLowerCase(Locale.ROOT), product.option,
					product.attributeName));
		}
		else {
			item.productId = product.id;
			item.name = product.name;
		}
		return item;
	}

	Product stockProductOf(LineItem item) {
		return this.products.get((item.variationId != 0) ? item.variationId : item.productId);
	}

	/**
	 * Status change with WooCommerce's stock rules (wc_maybe_reduce_stock_levels /
	 * wc_maybe_increase_stock_levels).
	 */
	void setStatus(Order order, String status, Events events) {
		order.status = status;
		order.modified = now();
		if ((status.equals("processing") || status.equals("completed")) && order.datePaid == null) {
			order.datePaid = order.modified;
		}
		if (status.equals("completed") && order.dateCompleted == null) {
			order.dateCompleted = order.modified;
		}
		events.add("order.updated", order.id);
		if (REDUCING_STATUSES.contains(status)) {
			reduceStock(order, events);
		}
		else if (RESTORING_STATUSES.contains(status)) {
			increaseStock(order, events);
		}
	}

	private void reduceStock(Order order, Events events) {
		if (order.stockReduced) {
			return;
		}
		for (LineItem item : order.items) {
			Product product = stockProductOf(item);
			if (item.meta("_reduced_stock") != null || product == null) {
				continue;
			}
			countSale(item, item.quantity);
			if (!product.manageStock) {
				continue;
			}
			changeStock(product, -item.quantity, events);
			item.meta.add(new Meta(this.nextMetaId++, "_reduced_stock", Integer.toString(item.quantity), null));
		}
		order.stockReduced = true;
	}

	private void increaseStock(Order order, Events events) {
		if (!order.stockReduced) {
			return;
		}
		for (LineItem item : order.items) {
			Product product = stockProductOf(item);
			Meta reduced = item.meta("_reduced_stock");
			if (product != null) {
				countSale(item, -item.quantity);
			}
			if (reduced == null || product == null || !product.manageStock) {
				continue;
			}
			changeStock(product, Integer.parseInt(reduced.value), events);
			item.meta.remove(reduced);
		}
		order.stockReduced = false;
	}

	private void countSale(LineItem item, int quantity) {
		Product product = this.products.get(item.productId);
		if (product != null) {
			product.totalSales = Math.max(0, product.totalSales + quantity);
		}
	}

	/**
	 * Line item edits of {@code PUT /orders/{id}}
	 * ({@code wc_maybe_adjust_line_item_product_stock}): when the order has reduced
	 * stock, the difference to {@code _reduced_stock} is taken from or given back to the
	 * product.
	 */
	void setLineQuantity(Order order, LineItem item, int quantity, Events events) {
		Product product = stockProductOf(item);
		if (quantity <= 0) {
			Meta reduced = item.meta("_reduced_stock");
			if (reduced != null && product != null && product.manageStock) {
				changeStock(product, Integer.parseInt(reduced.value), events);
			}
			order.items.remove(item);
		}
		else {
			item.quantity = quantity;
			if (order.stockReduced && product != null && product.manageStock) {
				Meta reduced = item.meta("_reduced_stock");
				int already = (reduced != null) ? Integer.parseInt(reduced.value) : 0;
				Meta refunded = item.meta("_restock_refunded_items");
				int restocked = (refunded != null) ? Integer.parseInt(refunded.value) : 0;
				int diff = quantity - restocked - already;
				if (diff != 0) {
					changeStock(product, -diff, events);
					setMeta(item, "_reduced_stock", Integer.toString(quantity - restocked));
				}
			}
		}
		order.modified = now();
		events.add("order.updated", order.id);
	}

	void addLine(Order order, LineRequest line, Events events) {
		LineItem item = newLineItem(line);
		order.items.add(item);
		Product product = stockProductOf(item);
		if (order.stockReduced && product != null && product.manageStock) {
			changeStock(product, -item.quantity, events);
			item.meta.add(new Meta(this.nextMetaId++, "_reduced_stock", Integer.toString(item.quantity), null));
		}
		order.modified = now();
		events.add("order.updated", order.id);
	}

	private void setMeta(LineItem item, String key, String value) {
		Meta meta = item.meta(key);
		if (meta != null) {
			meta.value = value;
		}
		else {
			item.meta.add(new Meta(this.nextMetaId++, key, value, null));
		}
	}

	void trash(Order order, Events events) {
		order.statusBeforeTrash = order.status;
		order.status = "trash";
		order.modified = now();
		events.add("order.deleted", order.id);
	}

	void untrash(Order order, Events events) {
		order.status = (order.statusBeforeTrash != null) ? order.statusBeforeTrash : "pending";
		order.statusBeforeTrash = null;
		order.modified = now();
		events.add("order.restored", order.id);
	}

	void deleteOrder(Order order) {
		this.orders.remove(order.id);
	}

	BigDecimal total(Order order) {
		BigDecimal total = BigDecimal.ZERO;
		for (LineItem item : order.items) {
			total = total.add(item.total());
		}
		return total;
	}

	BigDecimal refunded(Order order) {
		BigDecimal refunded = BigDecimal.ZERO;
		for (Refund refund : order.refunds) {
			refunded = refunded.add(refund.amount);
		}
		return refunded;
	}

	/**
	 * {@code wc_create_refund} with WooCommerce's order of steps: validate the amount,
	 * try the gateway (bacs cannot refund, so {@code apiRefund=true} fails with rest-42's
	 * error), then restock ({@code wc_restock_refunded_items}: stock up,
	 * {@code _reduced_stock} down, {@code _restock_refunded_items} up) and save the
	 * order.
	 */
	Refund refund(Order order, BigDecimal amount, String reason, List<RefundLineRequest> lines, boolean apiRefund,
			boolean restock, Events events) {
		BigDecimal computed = BigDecimal.ZERO;
		for (RefundLineRequest line : lines) {
			computed = computed.add(line.refundTotal());
		}
		BigDecimal refundAmount = (amount != null) ? amount : computed;
		if (refundAmount.signum() <= 0) {
			throw new WcError(400, "woocommerce_rest_invalid_order_refund", "Refund amount must be greater than zero.");
		}
		if (refundAmount.compareTo(total(order).subtract(refunded(order))) > 0) {
			throw new WcError(500, "woocommerce_rest_cannot_create_order_refund", "Invalid refund amount.",
					JsonNodeFactory.instance.numberNode(500));
		}
		long refundId = this.nextPostId++;
		if (apiRefund) {
			throw new WcError(500, "woocommerce_rest_cannot_create_order_refund",
					"The payment gateway for this order does not support automatic refunds.",
					JsonNodeFactory.instance.numberNode(500));
		}
		Refund refund = new Refund();
		refund.id = refundId;
		refund.created = now();
		refund.amount = refundAmount;
		refund.reason = (reason != null) ? reason : "";
		for (RefundLineRequest line : lines) {
			LineItem item = line.item();
			RefundLine refundLine = new RefundLine();
			refundLine.id = this.nextItemId++;
			refundLine.source = item;
			refundLine.quantity = line.quantity();
			refundLine.total = line.refundTotal();
			refundLine.metaId = this.nextMetaId++;
			refund.lines.add(refundLine);
		}
		order.refunds.add(0, refund);
		if (restock) {
			for (RefundLineRequest line : lines) {
				LineItem item = line.item();
				Product product = stockProductOf(item);
				Meta reduced = item.meta("_reduced_stock");
				if (reduced == null || Integer.parseInt(reduced.value) == 0 || line.quantity() == 0 || product == null
						|| !product.manageStock) {
					continue;
				}
				changeStock(product, line.quantity(), events);
				reduced.value = Integer.toString(Integer.parseInt(reduced.value) - line.quantity());
				Meta restocked = item.meta("_restock_refunded_items");
				int before = (restocked != null) ? Integer.parseInt(restocked.value) : 0;
				setMeta(item, "_restock_refunded_items", Integer.toString(before + line.quantity()));
			}
		}
		order.modified = now();
		events.add("order.updated", order.id);
		if (refunded(order).compareTo(total(order)) >= 0 && !order.status.equals("refunded")) {
			setStatus(order, "refunded", events);
		}
		return refund;
	}

	// ---- webhooks
	// -------------------------------------------------------------------------------------------

	Webhook createWebhook(String name, String topic, String deliveryUrl, String secret, String status) {
		Webhook webhook = new Webhook();
		webhook.id = this.nextWebhookId++;
		webhook.topic = topic;
		webhook.name = (name != null) ? name : "Webhook created on " + Formats.humanDate(now());
		webhook.deliveryUrl = deliveryUrl;
		webhook.secret = (secret != null && !secret.isEmpty()) ? secret : this.defaultWebhookSecret;
		webhook.status = (status != null) ? status : "active";
		webhook.created = now();
		this.webhooks.put(webhook.id, webhook);
		return webhook;
	}

	/**
	 * WooCommerce counts consecutive failures and disables the webhook after more than 5.
	 */
	void recordDeliveryResult(long webhookId, boolean success) {
		Webhook webhook = this.webhooks.get(webhookId);
		if (webhook == null) {
			return;
		}
		if (success) {
			webhook.failureCount = 0;
		}
		else {
			webhook.failureCount++;
			if (webhook.failureCount > 5) {
				webhook.status = "disabled";
			}
		}
	}

	// ---- helpers
	// --------------------------------------------------------------------------------------------

	String randomKey(int length) {
		StringBuilder key = new StringBuilder(length);
		for (int i = 0; i < length; i++) {
			key.append(KEY_CHARS.charAt(this.random.nextInt(KEY_CHARS.length())));
		}
		return key.toString();
	}

	static String nameFromSku(String sku) {
		if (sku == null || sku.isEmpty()) {
			return "Product";
		}
		int dash = sku.indexOf('-');
		String rest = (dash > 0 && dash < sku.length() - 1) ? sku.substring(dash + 1) : sku;
		StringBuilder name = new StringBuilder("Test");
		for (String word : rest.split("[-_ ]+")) {
			if (!word.isEmpty()) {
				name.append(' ')
					.append(Character.toUpperCase(word.charAt(0)))
					.append(word.substring(1).toLowerCase(Locale.ROOT));
			}
		}
		return name.toString();
	}

	static String optionFromSku(String parentSku, String sku) {
		if (parentSku != null && !parentSku.isEmpty() && sku.startsWith(parentSku + "-")
				&& sku.length() > parentSku.length() + 1) {
			return sku.substring(parentSku.length() + 1);
		}
		return sku.isEmpty() ? "Option" : sku;
	}

	static String slug(String name) {
		String slug = name.toLowerCase(Locale.ROOT).replaceAll("[^a-z0-9]+", "-").replaceAll("(^-+|-+$)", "");
		return slug.isEmpty() ? "product" : slug;
	}

	// ---- model
	// ----------------------------------------------------------------------------------------------

	record Result<T>(T value, List<PendingDelivery> deliveries) {
	}

	record Event(String topic, long resourceId) {
	}

	record PendingDelivery(long webhookId, String topic, long resourceId) {
	}

	record LineRequest(Product product, int quantity) {
	}

	record RefundLineRequest(LineItem item, int quantity, BigDecimal refundTotal) {
	}

	/**
	 * Webhook events of one operation, in the order they happened, each (topic, resource)
	 * once.
	 */
	static final class Events {

		final List<Event> list = new ArrayList<>();

		void add(String topic, long resourceId) {
			Event event = new Event(topic, resourceId);
			if (!this.list.contains(event)) {
				this.list.add(event);
			}
		}

	}

	static final class Product {

		long id;

		String type;

		long parentId;

		String name;

		String slug;

		String sku;

		BigDecimal price;

		boolean manageStock;

		Integer stock;

		int totalSales;

		Instant created;

		Instant modified;

		String attributeName;

		String option;

		final List<Long> variations = new ArrayList<>();

	}

	static final class Order {

		long id;

		String status;

		String statusBeforeTrash;

		String createdVia;

		Instant created;

		Instant modified;

		Instant datePaid;

		Instant dateCompleted;

		String orderKey;

		Map<String, String> billing;

		Map<String, String> shipping;

		String paymentMethod;

		String paymentMethodTitle;

		String customerNote;

		boolean stockReduced;

		final List<LineItem> items = new ArrayList<>();

		final List<Refund> refunds = new ArrayList<>();

		LineItem item(long itemId) {
			for (LineItem item : this.items) {
				if (item.id == itemId) {
					return item;
				}
			}
			return null;
		}

	}

	static final class LineItem {

		long id;

		String name;

		long productId;

		long variationId;

		int quantity;

		String sku;

		BigDecimal price;

		String parentName;

		final List<Meta> meta = new ArrayList<>();

		BigDecimal total() {
			return this.price.multiply(BigDecimal.valueOf(this.quantity));
		}

		Meta meta(String key) {
			for (Meta entry : this.meta) {
				if (entry.key.equals(key)) {
					return entry;
				}
			}
			return null;
		}

	}

	static final class Meta {

		final long id;

		final String key;

		String value;

		final String displayKey;

		Meta(long id, String key, String value, String displayKey) {
			this.id = id;
			this.key = key;
			this.value = value;
			this.displayKey = (displayKey != null) ? displayKey : key;
		}

	}

	static final class Refund {

		long id;

		Instant created;

		BigDecimal amount;

		String reason;

		final List<RefundLine> lines = new ArrayList<>();

	}

	static final class RefundLine {

		long id;

		LineItem source;

		int quantity;

		BigDecimal total;

		long metaId;

	}

	static final class Webhook {

		long id;

		String name;

		String status;

		String topic;

		String deliveryUrl;

		String secret;

		Instant created;

		Instant modified;

		int failureCount;

	}

}
