package io.stocksync.ledger.onboarding;

import java.time.Clock;
import java.time.DateTimeException;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.UUID;

import io.stocksync.common.event.OrderLine;
import io.stocksync.common.event.OrderSnapshot;
import io.stocksync.common.event.OrderTopics;
import io.stocksync.common.shop.ShopConfig;
import io.stocksync.woo.WooClient;
import io.stocksync.woo.WooClients;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import tools.jackson.databind.JsonNode;

import org.springframework.stereotype.Component;

/**
 * Reads a shop's orders for the baseline (a Shopify store's through
 * {@link ShopifyBaselineReader}) and turns each into a baseline {@link OrderSnapshot}
 * (source {@code baseline}, flag {@code baseline}): per line the SKU, the quantity,
 * WooCommerce's {@code _reduced_stock} tally and, for lines without a tally on an order
 * with refunds, the refunded quantity from {@code GET /orders/{id}/refunds} (as ingest
 * does for webhooks, so that the status rule gives the same target).
 * <p>
 * Two listings, both by id: every order modified within {@code maxAge} (any status but
 * trash), and the open orders ({@code processing}, {@code on-hold}, {@code pending})
 * modified before that. An order that cannot be read (no id, status or line items) is
 * skipped and counted; the ledger then treats it as new if it ever arrives.
 */
@Component
class BaselineReader {

	private static final Logger logger = LoggerFactory.getLogger(BaselineReader.class);

	static final String SOURCE = "baseline";

	private static final String OPEN_STATUSES = "processing,on-hold,pending";

	private static final DateTimeFormatter GMT = DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm:ss")
		.withZone(ZoneOffset.UTC);

	private final WooClients clients;

	private final Clock clock;

	private final ShopifyBaselineReader shopify;

	BaselineReader(WooClients clients, Clock clock, ShopifyBaselineReader shopify) {
		this.clients = clients;
		this.clock = clock;
		this.shopify = shopify;
	}

	/** Receives the progress of a listing. */
	interface Progress {

		/**
		 * Page {@code number} (1 starts a listing) read; {@code pagesAnnounced} is that
		 * listing's total.
		 */
		void page(int number, int pagesAnnounced, int orders);

		void unreadable();

	}

	/** Every order of the shop that can hold or give back stock, by order id. */
	Map<Long, OrderSnapshot> read(ShopConfig shop, Instant modifiedSince, Progress progress) {
		if (shop.isShopify()) {
			return this.shopify.read(shop, modifiedSince, progress);
		}
		WooClient client = this.clients.forShop(shop);
		Map<Long, OrderSnapshot> orders = new LinkedHashMap<>();
		Map<String, String> recent = query("any");
		recent.put("modified_after", GMT.format(modifiedSince.truncatedTo(ChronoUnit.SECONDS)));
		Map<String, String> open = query(OPEN_STATUSES);
		open.put("modified_before", GMT.format(modifiedSince.truncatedTo(ChronoUnit.SECONDS).plusSeconds(1)));
		for (Map<String, String> listing : List.of(recent, open)) {
			client.forEachOrderPage(listing, (page, number, total) -> {
				for (JsonNode order : page) {
					OrderSnapshot snapshot = parse(client, shop.id(), order);
					if (snapshot == null) {
						progress.unreadable();
					}
					else {
						orders.put(snapshot.orderId(), snapshot);
					}
				}
				progress.page(number, total, page.size());
			});
		}
		return orders;
	}

	/**
	 * The orders modified after {@code since} whose state differs from {@code known} (or
	 * that {@code known} lacks), as baseline snapshots by order id. Status and lines are
	 * compared too, not only the date: WooCommerce's dates have whole seconds.
	 */
	Map<Long, OrderSnapshot> changedSince(ShopConfig shop, Instant since, Map<Long, OrderSnapshot> known) {
		if (shop.isShopify()) {
			return this.shopify.changedSince(shop, since, known);
		}
		WooClient client = this.clients.forShop(shop);
		Map<Long, OrderSnapshot> changed = new LinkedHashMap<>();
		for (JsonNode order : client.listOrdersModifiedAfter(since)) {
			OrderSnapshot now = parse(client, shop.id(), order);
			if (now == null) {
				continue;
			}
			if (differs(known.get(now.orderId()), now)) {
				changed.put(now.orderId(), now);
			}
		}
		return changed;
	}

	/* A state the baseline does not hold yet: new, or another date, status or lines. */
	static boolean differs(OrderSnapshot before, OrderSnapshot now) {
		return before == null || !Objects.equals(before.dateModifiedGmt(), now.dateModifiedGmt())
				|| !Objects.equals(before.status(), now.status()) || !before.lines().equals(now.lines());
	}

	private static Map<String, String> query(String status) {
		Map<String, String> query = new LinkedHashMap<>();
		query.put("status", status);
		// Without this WooCommerce reads modified_after/_before in the site's timezone.
		query.put("dates_are_gmt", "true");
		// By id: orders created while the pages are read are appended at the end and
		// shift no page.
		query.put("orderby", "id");
		query.put("order", "asc");
		return query;
	}

	/* The order as a baseline snapshot, or null when it cannot be read. */
	private OrderSnapshot parse(WooClient client, String shopId, JsonNode order) {
		try {
			long id = order.path("id").asLong(0);
			String status = order.path("status").asString(null);
			JsonNode items = order.get("line_items");
			if (id <= 0 || status == null || status.isBlank() || items == null || !items.isArray()) {
				logger.warn("Baseline of shop={} skips an order it cannot read (id {})", shopId, id);
				return null;
			}
			List<OrderLine> lines = new ArrayList<>();
			for (JsonNode item : items) {
				String sku = item.path("sku").isString() ? item.path("sku").asString().trim() : null;
				lines.add(new OrderLine(item.path("id").asLong(), (sku == null || sku.isEmpty()) ? null : sku,
						item.path("product_id").asLong(0), item.path("variation_id").asLong(0),
						item.path("quantity").asInt(0), reducedStock(item), 0));
			}
			if (order.path("refunds").isArray() && !order.path("refunds").isEmpty()
					&& lines.stream().anyMatch((line) -> line.sku() != null && line.reducedStock() == null)) {
				lines = withRefunds(lines, refunded(client.listRefunds(id)));
			}
			return new OrderSnapshot(OrderSnapshot.SCHEMA_VERSION, UUID.randomUUID().toString(), shopId, id,
					OrderTopics.UPDATED, status.trim(), gmt(order.path("date_modified_gmt")), lines, SOURCE,
					this.clock.instant(), true);
		}
		catch (NumberFormatException | DateTimeException ex) {
			logger.warn("Baseline of shop={} skips an order it cannot read: {}", shopId, ex.toString());
			return null;
		}
	}

	private static Integer reducedStock(JsonNode item) {
		for (JsonNode meta : item.path("meta_data")) {
			if ("_reduced_stock".equals(meta.path("key").asString(null))) {
				return Integer.parseInt(meta.path("value").asString().trim());
			}
		}
		return null;
	}

	/*
	 * Refunded quantity per line item id: refund line items carry a negative quantity and
	 * _refunded_item_id.
	 */
	private static Map<Long, Integer> refunded(List<JsonNode> refunds) {
		Map<Long, Integer> refunded = new HashMap<>();
		for (JsonNode refund : refunds) {
			for (JsonNode item : refund.path("line_items")) {
				for (JsonNode meta : item.path("meta_data")) {
					if ("_refunded_item_id".equals(meta.path("key").asString(null))) {
						refunded.merge(Long.parseLong(meta.path("value").asString().trim()),
								Math.abs(item.path("quantity").asInt()), Integer::sum);
					}
				}
			}
		}
		return refunded;
	}

	/*
	 * As ingest: a line without WooCommerce's tally counts a refunded unit as given back.
	 */
	private static List<OrderLine> withRefunds(List<OrderLine> lines, Map<Long, Integer> refunded) {
		List<OrderLine> result = new ArrayList<>(lines.size());
		for (OrderLine line : lines) {
			int restocked = (line.reducedStock() == null)
					? Math.min(line.quantity(), refunded.getOrDefault(line.lineItemId(), 0)) : 0;
			result.add(new OrderLine(line.lineItemId(), line.sku(), line.productId(), line.variationId(),
					line.quantity(), line.reducedStock(), restocked));
		}
		return result;
	}

	private static Instant gmt(JsonNode value) {
		if (value == null || !value.isString()) {
			return null;
		}
		String text = value.asString();
		return text.endsWith("Z") ? Instant.parse(text) : LocalDateTime.parse(text).toInstant(ZoneOffset.UTC);
	}

}
