package io.stocksync.ingest.webhook;

import java.time.Clock;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

import io.stocksync.common.event.OrderLine;
import io.stocksync.common.event.OrderSnapshot;
import io.stocksync.common.event.OrderTopics;
import io.stocksync.common.json.JsonMappers;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;

import org.springframework.stereotype.Component;

/**
 * Turns a verified order webhook body into an {@link OrderSnapshot}. Understands WooCommerce's native order payload
 * (REST API v3 shape, as WooCommerce builds it at delivery time), the body of {@code order.deleted}
 * ({@code {"id": N}}), and the simplified format {@code {site_id, order_id, status, line_items:[{line_item_id, sku,
 * qty}]}} some shops send through a small WordPress filter. Anything else is an {@link UnusablePayloadException}
 * whose message says why.
 */
@Component
class WooOrderParser {

	private static final String REDUCED_STOCK = "_reduced_stock";

	private final Clock clock;

	WooOrderParser(Clock clock) {
		this.clock = clock;
	}

	OrderSnapshot parse(String shopId, String topic, byte[] body) {
		JsonNode root = readTree(body);
		if (!root.isObject()) {
			throw new UnusablePayloadException("body is not a JSON object");
		}
		if (root.has("order_id") && !root.has("id")) {
			return simplified(shopId, topic, root);
		}
		long orderId = requiredLong(root, "id", "order");
		if (OrderTopics.DELETED.equals(topic)) {
			return snapshot(shopId, orderId, topic, null, null, List.of(), "webhook");
		}
		String status = requiredText(root, "status", "order " + orderId);
		Instant modified = gmt(root.get("date_modified_gmt"), orderId);
		JsonNode items = root.get("line_items");
		if (items == null || !items.isArray()) {
			throw new UnusablePayloadException("order " + orderId + ": line_items missing");
		}
		List<OrderLine> lines = new ArrayList<>();
		for (JsonNode item : items) {
			lines.add(nativeLine(orderId, item));
		}
		return snapshot(shopId, orderId, topic, status, modified, lines, "webhook");
	}

	private OrderSnapshot simplified(String shopId, String topic, JsonNode root) {
		long orderId = requiredLong(root, "order_id", "order");
		JsonNode site = root.get("site_id");
		if (site != null && !site.isNull() && !shopId.equals(site.asString())) {
			throw new UnusablePayloadException(
					"order " + orderId + ": site_id '" + site.asString() + "' does not match shop " + shopId);
		}
		String status = requiredText(root, "status", "order " + orderId);
		Instant modified = gmt(root.get("date_modified_gmt"), orderId);
		JsonNode items = root.get("line_items");
		if (items == null || !items.isArray()) {
			throw new UnusablePayloadException("order " + orderId + ": line_items missing");
		}
		List<OrderLine> lines = new ArrayList<>();
		for (JsonNode item : items) {
			String what = "order " + orderId + " line";
			long lineId = requiredLong(item, "line_item_id", what);
			int quantity = quantity(item, "qty", what + " " + lineId);
			lines.add(new OrderLine(lineId, sku(item), 0, 0, quantity, null, 0));
		}
		return snapshot(shopId, orderId, (topic != null) ? topic : OrderTopics.UPDATED, status, modified, lines,
				"simplified");
	}

	private static OrderLine nativeLine(long orderId, JsonNode item) {
		String what = "order " + orderId + " line item";
		long lineId = requiredLong(item, "id", what);
		what = what + " " + lineId;
		int quantity = quantity(item, "quantity", what);
		long productId = optionalLong(item, "product_id");
		long variationId = optionalLong(item, "variation_id");
		return new OrderLine(lineId, sku(item), productId, variationId, quantity, reducedStock(item, what), 0);
	}

	private static Integer reducedStock(JsonNode item, String what) {
		JsonNode meta = item.get("meta_data");
		if (meta == null || !meta.isArray()) {
			return null;
		}
		for (JsonNode entry : meta) {
			if (REDUCED_STOCK.equals(entry.path("key").asString(null))) {
				JsonNode value = entry.get("value");
				try {
					int reduced = Integer.parseInt(value.asString().trim());
					if (reduced < 0) {
						throw new UnusablePayloadException(what + ": negative _reduced_stock");
					}
					return reduced;
				}
				catch (NumberFormatException | NullPointerException ex) {
					throw new UnusablePayloadException(what + ": _reduced_stock is not a whole number");
				}
			}
		}
		return null;
	}

	private OrderSnapshot snapshot(String shopId, long orderId, String topic, String status, Instant modified,
			List<OrderLine> lines, String source) {
		return new OrderSnapshot(OrderSnapshot.SCHEMA_VERSION, UUID.randomUUID().toString(), shopId, orderId, topic,
				status, modified, lines, source, this.clock.instant());
	}

	private static JsonNode readTree(byte[] body) {
		try {
			return JsonMappers.standard().readTree(body);
		}
		catch (JacksonException ex) {
			throw new UnusablePayloadException("body is not valid JSON: " + ex.getOriginalMessage(), ex);
		}
	}

	private static String sku(JsonNode item) {
		JsonNode sku = item.get("sku");
		if (sku == null || sku.isNull()) {
			return null;
		}
		String value = sku.asString().trim();
		return value.isEmpty() ? null : value;
	}

	private static int quantity(JsonNode node, String field, String what) {
		long quantity = requiredLong(node, field, what);
		if (quantity < 0 || quantity > Integer.MAX_VALUE) {
			throw new UnusablePayloadException(what + ": " + field + " " + quantity + " is out of range");
		}
		return (int) quantity;
	}

	private static long requiredLong(JsonNode node, String field, String what) {
		JsonNode value = node.get(field);
		if (value == null || value.isNull()) {
			throw new UnusablePayloadException(what + ": " + field + " missing");
		}
		if (value.isIntegralNumber() && value.canConvertToLong()) {
			return value.asLong();
		}
		if (value.isString()) {
			try {
				return Long.parseLong(value.asString().trim());
			}
			catch (NumberFormatException ex) {
				// reported below
			}
		}
		throw new UnusablePayloadException(what + ": " + field + " is not a whole number");
	}

	private static long optionalLong(JsonNode node, String field) {
		JsonNode value = node.get(field);
		return (value != null && value.canConvertToLong()) ? value.asLong() : 0;
	}

	private static String requiredText(JsonNode node, String field, String what) {
		JsonNode value = node.get(field);
		if (value == null || !value.isString() || value.asString().isBlank()) {
			throw new UnusablePayloadException(what + ": " + field + " missing");
		}
		return value.asString().trim();
	}

	private static Instant gmt(JsonNode value, long orderId) {
		if (value == null || value.isNull()) {
			return null;
		}
		String text = value.asString();
		try {
			return text.endsWith("Z") ? Instant.parse(text) : LocalDateTime.parse(text).toInstant(ZoneOffset.UTC);
		}
		catch (DateTimeParseException ex) {
			throw new UnusablePayloadException("order " + orderId + ": date_modified_gmt '" + text + "' is not a date");
		}
	}

}
