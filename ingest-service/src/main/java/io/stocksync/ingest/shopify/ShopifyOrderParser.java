package io.stocksync.ingest.shopify;

import java.time.Clock;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import io.stocksync.common.event.OrderLine;
import io.stocksync.common.event.OrderSnapshot;
import io.stocksync.common.json.JsonMappers;
import io.stocksync.common.shop.ShopifyLineRule;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;

import org.springframework.stereotype.Component;

/**
 * Turns a Shopify order (the body of {@code orders/*} webhooks, and the {@code order} of
 * the REST order resource, which have the same shape) into the platform-neutral
 * {@link OrderSnapshot} the ledger applies.
 * <p>
 * Shopify's inventory semantics ({@link ShopifyLineRule}, shared with the ledger's
 * onboarding baseline) are computed here, per line, and handed to the ledger as the
 * line's {@code reducedStock} (the "tally of what the shop deducted" that the ledger
 * prefers over any status rule):
 * <ul>
 * <li>a line takes its {@code quantity} when Shopify tracks the variant's inventory
 * ({@code variant_inventory_management} is {@code shopify}, or absent); gift cards and
 * untracked variants ({@code null} there) take 0;</li>
 * <li>minus the quantities of its {@code refunds[].refund_line_items[]} whose
 * {@code restock_type} is {@code cancel}, {@code return} or {@code legacy_restock};
 * {@code no_restock} moves nothing. Order edits that remove units are recorded by Shopify
 * as refund line items too ({@code cancel} when restocked, {@code no_restock} otherwise),
 * so the same sum covers them. A cancel with restock refunds every line with
 * {@code cancel} and so ends at 0; a cancel without restock keeps what was taken.</li>
 * </ul>
 * The snapshot's status is {@code cancelled} when {@code cancelled_at} is set and
 * {@code processing} otherwise: both make the ledger treat the snapshot as deciding every
 * line of the order (Shopify always sends every line), and the order's {@code updated_at}
 * orders deliveries as {@code date_modified_gmt} does for WooCommerce.
 */
@Component
public class ShopifyOrderParser {

	private final Clock clock;

	ShopifyOrderParser(Clock clock) {
		this.clock = clock;
	}

	OrderSnapshot parse(String shopId, String topic, byte[] body, String source) {
		JsonNode order;
		try {
			order = JsonMappers.standard().readTree(body);
		}
		catch (JacksonException ex) {
			throw new UnusableShopifyBody("body is not JSON: " + ex.getOriginalMessage());
		}
		return parse(shopId, topic, order, source);
	}

	/**
	 * @throws UnusableShopifyBody when the order lacks what the ledger needs (id,
	 * updated_at, line ids)
	 */
	public OrderSnapshot parse(String shopId, String topic, JsonNode order, String source) {
		if (order == null || !order.isObject()) {
			throw new UnusableShopifyBody("order is not a JSON object");
		}
		long orderId = requiredId(order, "id", "order");
		Instant updatedAt = instant(order.get("updated_at"), "order " + orderId + ": updated_at");
		if (updatedAt == null) {
			throw new UnusableShopifyBody("order " + orderId + " has no updated_at");
		}
		JsonNode items = order.get("line_items");
		if (items == null || !items.isArray()) {
			throw new UnusableShopifyBody("order " + orderId + " has no line_items array");
		}
		Map<Long, Integer> restocked = restockedByLine(order, orderId);
		List<OrderLine> lines = new ArrayList<>();
		for (JsonNode item : items) {
			long lineId = requiredId(item, "id", "order " + orderId + " line item");
			int quantity = item.path("quantity").asInt(-1);
			if (quantity < 0) {
				throw new UnusableShopifyBody("order " + orderId + " line " + lineId + " has no quantity");
			}
			String sku = item.path("sku").isString() ? item.path("sku").asString().trim() : "";
			int back = restocked.getOrDefault(lineId, 0);
			int committed = ShopifyLineRule.committed(quantity, isTracked(item), back);
			lines.add(new OrderLine(lineId, sku.isEmpty() ? null : sku, item.path("product_id").asLong(0),
					item.path("variant_id").asLong(0), quantity, committed, back));
		}
		boolean cancelled = order.hasNonNull("cancelled_at");
		return new OrderSnapshot(OrderSnapshot.SCHEMA_VERSION, UUID.randomUUID().toString(), shopId, orderId, topic,
				cancelled ? "cancelled" : "processing", updatedAt, lines, source, this.clock.instant());
	}

	/* Shopify moves inventory only for variants it tracks; gift cards have none. */
	private static boolean isTracked(JsonNode item) {
		if (item.path("gift_card").asBoolean(false)) {
			return false;
		}
		JsonNode management = item.get("variant_inventory_management");
		// absent (newer payloads may omit it): tracked; null: Shopify does not track the
		// variant
		return management == null || (management.isString() && "shopify".equals(management.asString()));
	}

	private static Map<Long, Integer> restockedByLine(JsonNode order, long orderId) {
		Map<Long, Integer> restocked = new HashMap<>();
		for (JsonNode refund : order.path("refunds")) {
			for (JsonNode refunded : refund.path("refund_line_items")) {
				String type = refunded.path("restock_type").asString("");
				if (!ShopifyLineRule.restocks(type)) {
					continue;
				}
				long lineId = refunded.path("line_item_id").asLong(0);
				if (lineId <= 0) {
					throw new UnusableShopifyBody("order " + orderId + ": a refund line item has no line_item_id");
				}
				restocked.merge(lineId, Math.max(0, refunded.path("quantity").asInt(0)), Integer::sum);
			}
		}
		return restocked;
	}

	private static long requiredId(JsonNode node, String field, String what) {
		JsonNode id = node.get(field);
		if (id == null || !id.canConvertToLong() || id.asLong() <= 0) {
			throw new UnusableShopifyBody(what + " has no numeric " + field);
		}
		return id.asLong();
	}

	private static Instant instant(JsonNode value, String what) {
		if (value == null || value.isNull()) {
			return null;
		}
		try {
			return OffsetDateTime.parse(value.asString()).toInstant();
		}
		catch (DateTimeParseException ex) {
			throw new UnusableShopifyBody(what + " '" + value.asString() + "' is not an ISO 8601 time");
		}
	}

}
