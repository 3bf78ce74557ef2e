package io.stocksync.ledger.onboarding;

import java.time.Clock;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.function.Consumer;

import io.stocksync.common.event.OrderLine;
import io.stocksync.common.event.OrderSnapshot;
import io.stocksync.common.shop.ShopConfig;
import io.stocksync.common.shop.ShopifyLineRule;
import io.stocksync.ledger.shopify.ShopifyGraphql;
import okhttp3.OkHttpClient;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import tools.jackson.databind.JsonNode;

import org.springframework.stereotype.Component;

/**
 * The baseline of a Shopify store: its orders read through the GraphQL Admin API
 * ({@code orders(first:, after:, query:)}, cursor pages by id) and turned into baseline
 * {@link OrderSnapshot}s with the same line tallies ingest computes for the same order
 * ({@link ShopifyLineRule}): a line holds its quantity when Shopify tracks the variant,
 * minus its refunded units restocked as {@code CANCEL}, {@code RETURN} or
 * {@code LEGACY_RESTOCK}. Status {@code cancelled} when {@code cancelledAt} is set,
 * otherwise {@code processing}; the order's {@code updatedAt} is its date.
 * <p>
 * Two listings, as for WooCommerce: every order updated within {@code maxAge}
 * ({@code updated_at:>=}), and the open orders ({@code status:open}) updated before that.
 * An order with more line items or refund line items than one page carries
 * ({@value #LINES} lines, {@value #REFUNDS} refunds of {@value #LINES} items) cannot be
 * read whole: it is skipped and counted as unreadable, as an order WooCommerce cannot
 * give.
 */
@Component
class ShopifyBaselineReader {

	private static final Logger logger = LoggerFactory.getLogger(ShopifyBaselineReader.class);

	static final int ORDERS = 4;

	static final int LINES = 50;

	static final int REFUNDS = 10;

	/*
	 * Shopify's calculated cost of one page: about 2 + 4 x (1 + 2 + 50 x 4 + refunds),
	 * under the 1,000 a single query may cost.
	 */
	private static final String ORDERS_QUERY = """
			query BaselineOrders($first: Int!, $after: String, $query: String) {
			  orders(first: $first, after: $after, query: $query, sortKey: ID) {
			    pageInfo { hasNextPage endCursor }
			    nodes {
			      id
			      updatedAt
			      cancelledAt
			      lineItems(first: %d) {
			        pageInfo { hasNextPage }
			        nodes {
			          id
			          sku
			          quantity
			          isGiftCard
			          product { id }
			          variant { id inventoryItem { tracked } }
			        }
			      }
			      refunds(first: %d) {
			        refundLineItems(first: %d) {
			          pageInfo { hasNextPage }
			          nodes { lineItem { id } quantity restockType }
			        }
			      }
			    }
			  }
			}""".formatted(LINES, REFUNDS, LINES);

	private final OkHttpClient http;

	private final Clock clock;

	ShopifyBaselineReader(OkHttpClient http, Clock clock) {
		this.http = http;
		this.clock = clock;
	}

	/** Every order of the store that can hold or give back stock, by order id. */
	Map<Long, OrderSnapshot> read(ShopConfig shop, Instant modifiedSince, BaselineReader.Progress progress) {
		ShopifyGraphql graphql = new ShopifyGraphql(this.http, shop);
		Map<Long, OrderSnapshot> orders = new LinkedHashMap<>();
		String since = modifiedSince.truncatedTo(ChronoUnit.SECONDS).toString();
		for (String query : List.of("updated_at:>='" + since + "'", "status:open updated_at:<'" + since + "'")) {
			int[] number = { 0 };
			forEachPage(graphql, query, (page) -> {
				for (JsonNode order : page) {
					OrderSnapshot snapshot = parse(shop.id(), order);
					if (snapshot == null) {
						progress.unreadable();
					}
					else {
						orders.put(snapshot.orderId(), snapshot);
					}
				}
				number[0]++;
				// cursor pages announce no total: each page is the last known so far
				progress.page(number[0], number[0], page.size());
			});
		}
		return orders;
	}

	/**
	 * The orders updated at or after {@code since} whose state differs from {@code known}
	 * (or that {@code known} lacks).
	 */
	Map<Long, OrderSnapshot> changedSince(ShopConfig shop, Instant since, Map<Long, OrderSnapshot> known) {
		ShopifyGraphql graphql = new ShopifyGraphql(this.http, shop);
		Map<Long, OrderSnapshot> changed = new LinkedHashMap<>();
		forEachPage(graphql, "updated_at:>='" + since.truncatedTo(ChronoUnit.SECONDS) + "'", (page) -> {
			for (JsonNode order : page) {
				OrderSnapshot now = parse(shop.id(), order);
				if (now != null && BaselineReader.differs(known.get(now.orderId()), now)) {
					changed.put(now.orderId(), now);
				}
			}
		});
		return changed;
	}

	private static void forEachPage(ShopifyGraphql graphql, String query, Consumer<List<JsonNode>> pages) {
		String after = null;
		do {
			Map<String, Object> variables = new LinkedHashMap<>();
			variables.put("first", ORDERS);
			variables.put("after", after);
			variables.put("query", query);
			JsonNode connection = graphql.query(ORDERS_QUERY, variables).path("orders");
			List<JsonNode> page = new ArrayList<>();
			connection.path("nodes").forEach(page::add);
			pages.accept(page);
			JsonNode info = connection.path("pageInfo");
			after = info.path("hasNextPage").asBoolean(false) ? info.path("endCursor").asString(null) : null;
		}
		while (after != null);
	}

	/* The order as a baseline snapshot, or null when it cannot be read whole. */
	OrderSnapshot parse(String shopId, JsonNode order) {
		String gid = order.path("id").asString(null);
		try {
			long orderId = ShopifyGraphql.legacyId(gid, "Order");
			Instant updatedAt = Instant.parse(order.path("updatedAt").asString(""));
			JsonNode items = order.path("lineItems");
			if (items.path("pageInfo").path("hasNextPage").asBoolean(false)) {
				logger.warn("Baseline of Shopify store={} skips order {}: more than {} line items", shopId, orderId,
						LINES);
				return null;
			}
			Map<Long, Integer> restocked = new HashMap<>();
			JsonNode refunds = order.path("refunds");
			if (refunds.size() >= REFUNDS) {
				logger.warn("Baseline of Shopify store={} skips order {}: {} or more refunds", shopId, orderId,
						REFUNDS);
				return null;
			}
			for (JsonNode refund : refunds) {
				JsonNode refunded = refund.path("refundLineItems");
				if (refunded.path("pageInfo").path("hasNextPage").asBoolean(false)) {
					logger.warn("Baseline of Shopify store={} skips order {}: a refund of more than {} items", shopId,
							orderId, LINES);
					return null;
				}
				for (JsonNode item : refunded.path("nodes")) {
					if (ShopifyLineRule.restocks(item.path("restockType").asString(null))) {
						restocked.merge(
								ShopifyGraphql.legacyId(item.path("lineItem").path("id").asString(null), "LineItem"),
								Math.max(0, item.path("quantity").asInt(0)), Integer::sum);
					}
				}
			}
			List<OrderLine> lines = new ArrayList<>();
			for (JsonNode item : items.path("nodes")) {
				long lineId = ShopifyGraphql.legacyId(item.path("id").asString(null), "LineItem");
				int quantity = item.path("quantity").asInt(0);
				String sku = item.path("sku").isString() ? item.path("sku").asString().trim() : "";
				JsonNode variant = item.path("variant");
				// untracked: a gift card, a deleted variant, or one whose inventory
				// Shopify
				// does not track
				boolean tracked = !item.path("isGiftCard").asBoolean(false) && variant.isObject()
						&& variant.path("inventoryItem").path("tracked").asBoolean(false);
				int back = restocked.getOrDefault(lineId, 0);
				long productId = item.path("product").isObject()
						? ShopifyGraphql.legacyId(item.path("product").path("id").asString(null), "Product") : 0;
				long variantId = variant.isObject()
						? ShopifyGraphql.legacyId(variant.path("id").asString(null), "ProductVariant") : 0;
				lines.add(new OrderLine(lineId, sku.isEmpty() ? null : sku, productId, variantId, quantity,
						ShopifyLineRule.committed(quantity, tracked, back), back));
			}
			boolean cancelled = order.hasNonNull("cancelledAt");
			return new OrderSnapshot(OrderSnapshot.SCHEMA_VERSION, UUID.randomUUID().toString(), shopId, orderId,
					"orders/updated", cancelled ? "cancelled" : "processing", updatedAt, lines, BaselineReader.SOURCE,
					this.clock.instant(), true);
		}
		catch (ShopifyGraphql.ShopifyReadException | DateTimeParseException ex) {
			logger.warn("Baseline of Shopify store={} skips an order it cannot read ({}): {}", shopId, gid,
					ex.getMessage());
			return null;
		}
	}

}
