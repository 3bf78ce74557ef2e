package io.stocksync.ingest.webhook;

import java.time.Clock;
import java.time.DateTimeException;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

import io.stocksync.common.event.OrderLine;
import io.stocksync.common.event.OrderSnapshot;
import io.stocksync.common.event.OrderTopics;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;

import org.springframework.stereotype.Component;

/**
 * Turns a verified order webhook body into an {@link OrderSnapshot}. Understands
 * WooCommerce's native order payload (REST API v3 shape, as WooCommerce builds it at
 * delivery time), the body of {@code order.deleted} ({@code {"id": N}}), and the
 * simplified format {@code {site_id, order_id, status, line_items:[{line_item_id, sku,
 * qty}]}} some shops send through a small WordPress filter. Anything else is an
 * {@link UnusablePayloadException} whose message says why.
 * <p>
 * Values that would poison a consumer downstream are refused here rather than published:
 * text with NUL or unpaired UTF-16 surrogates (PostgreSQL and UTF-8 encoders reject
 * them), dates outside 1970..2200, quantities outside 0..{@value #MAX_QUANTITY} and more
 * than {@value #MAX_LINES} lines.
 * <p>
 * WooCommerce Product Bundles: a bundle's container line lists its children in
 * {@code bundled_items} and each child line names its container in {@code bundled_by}.
 * The children are real products and count like any line; the container counts only when
 * its own product is stock-managed on the shop (then WooCommerce reduced it too and the
 * line carries {@code _reduced_stock}). Otherwise the container line is read without SKU,
 * which the ledger ignores, so the bundle is not counted twice.
 */
@Component
class WooOrderParser {

	private static final String REDUCED_STOCK = "_reduced_stock";

	static final int MAX_LINES = 2000;

	static final int MAX_QUANTITY = 1_000_000;

	private static final int MAX_TEXT = 200;

	private static final Instant EARLIEST = Instant.parse("1970-01-01T00:00:00Z");

	private static final Instant LATEST = Instant.parse("2200-01-01T00:00:00Z");

	private final Clock clock;

	WooOrderParser(Clock clock) {
		this.clock = clock;
	}

	/** A webhook body, as it arrived. */
	OrderSnapshot parse(String shopId, String topic, byte[] body) {
		return parse(shopId, topic, readTree(body), "webhook");
	}

	/**
	 * An order object already read as JSON (e.g. one element of {@code GET /orders}).
	 * @param source recorded in the snapshot ({@code webhook}, {@code poll})
	 */
	OrderSnapshot parse(String shopId, String topic, JsonNode root, String source) {
		if (root == null || !root.isObject()) {
			throw new UnusablePayloadException("body is not a JSON object");
		}
		if (root.has("order_id") && !root.has("id")) {
			return simplified(shopId, topic, root);
		}
		if (topic == null) {
			// No X-WC-Webhook-Topic (not WooCommerce itself): the snapshot is a state,
			// read it as an update.
			topic = OrderTopics.UPDATED;
		}
		long orderId = positive(requiredLong(root, "id", "order"));
		if (OrderTopics.DELETED.equals(topic)) {
			return snapshot(shopId, orderId, topic, null, null, List.of(), source);
		}
		String status = requiredText(root, "status", "order " + orderId);
		Instant modified = gmt(root.get("date_modified_gmt"), orderId);
		JsonNode items = root.get("line_items");
		if (items == null || !items.isArray()) {
			throw new UnusablePayloadException("order " + orderId + ": line_items missing");
		}
		checkLineCount(orderId, items);
		List<OrderLine> lines = new ArrayList<>();
		for (JsonNode item : items) {
			lines.add(nativeLine(orderId, item));
		}
		return snapshot(shopId, orderId, topic, status, modified, lines, source);
	}

	private OrderSnapshot simplified(String shopId, String topic, JsonNode root) {
		long orderId = positive(requiredLong(root, "order_id", "order"));
		JsonNode site = root.get("site_id");
		if (site != null && !site.isNull() && !(site.isValueNode() && shopId.equals(site.asString()))) {
			throw new UnusablePayloadException("order " + orderId + ": site_id does not match shop " + shopId);
		}
		String status = requiredText(root, "status", "order " + orderId);
		Instant modified = gmt(root.get("date_modified_gmt"), orderId);
		JsonNode items = root.get("line_items");
		if (items == null || !items.isArray()) {
			throw new UnusablePayloadException("order " + orderId + ": line_items missing");
		}
		checkLineCount(orderId, items);
		List<OrderLine> lines = new ArrayList<>();
		for (JsonNode item : items) {
			if (item == null || !item.isObject()) {
				throw new UnusablePayloadException("order " + orderId + ": a line item is not an object");
			}
			String what = "order " + orderId + " line";
			long lineId = requiredLong(item, "line_item_id", what);
			int quantity = quantity(item, "qty", what + " " + lineId);
			lines.add(new OrderLine(lineId, sku(item), 0, 0, quantity, null, 0));
		}
		return snapshot(shopId, orderId, (topic != null) ? topic : OrderTopics.UPDATED, status, modified, lines,
				"simplified");
	}

	private static long positive(long orderId) {
		if (orderId <= 0) {
			throw new UnusablePayloadException("order id " + orderId + " is not positive");
		}
		return orderId;
	}

	private static void checkLineCount(long orderId, JsonNode items) {
		if (items.size() > MAX_LINES) {
			throw new UnusablePayloadException(
					"order " + orderId + ": " + items.size() + " line items, more than " + MAX_LINES);
		}
	}

	private static OrderLine nativeLine(long orderId, JsonNode item) {
		if (item == null || !item.isObject()) {
			throw new UnusablePayloadException("order " + orderId + ": a line item is not an object");
		}
		String what = "order " + orderId + " line item";
		long lineId = requiredLong(item, "id", what);
		what = what + " " + lineId;
		int quantity = quantity(item, "quantity", what);
		long productId = optionalLong(item, "product_id");
		long variationId = optionalLong(item, "variation_id");
		Integer reduced = reducedStock(item, what);
		String sku = (isBundleContainer(item) && reduced == null) ? null : sku(item);
		return new OrderLine(lineId, sku, productId, variationId, quantity, reduced, 0);
	}

	/*
	 * Product Bundles: a container line lists its child line ids in bundled_items (empty
	 * on other lines).
	 */
	private static boolean isBundleContainer(JsonNode item) {
		JsonNode children = item.get("bundled_items");
		return children != null && children.isArray() && !children.isEmpty();
	}

	private static Integer reducedStock(JsonNode item, String what) {
		JsonNode meta = item.get("meta_data");
		if (meta == null || !meta.isArray()) {
			return null;
		}
		for (JsonNode entry : meta) {
			if (entry != null && entry.isObject() && entry.path("key").isString()
					&& REDUCED_STOCK.equals(entry.path("key").asString())) {
				JsonNode value = entry.get("value");
				if (value == null || !value.isValueNode()) {
					throw new UnusablePayloadException(what + ": _reduced_stock is not a whole number");
				}
				try {
					int reduced = Integer.parseInt(value.asString().trim());
					if (reduced < 0 || reduced > MAX_QUANTITY) {
						throw new UnusablePayloadException(what + ": _reduced_stock " + reduced + " is out of range");
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

	/**
	 * The body's fields this parser and the refund lookup read ({@link WooOrderFields});
	 * an {@link UnusablePayloadException} when the body is not JSON.
	 */
	static JsonNode readTree(byte[] body) {
		try {
			return WooOrderFields.read(body);
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
		if (!sku.isValueNode()) {
			throw new UnusablePayloadException("sku is not a text");
		}
		String value = sku.asString().trim();
		return value.isEmpty() ? null : safeText(value, "sku");
	}

	/**
	 * Text that every consumer can store and encode: no NUL or other C0 controls, no
	 * unpaired surrogates.
	 */
	private static String safeText(String value, String what) {
		if (value.length() > MAX_TEXT) {
			throw new UnusablePayloadException(what + " is longer than " + MAX_TEXT + " characters");
		}
		for (int i = 0; i < value.length(); i++) {
			char c = value.charAt(i);
			if (c < 0x20 || c == 0x7f) {
				throw new UnusablePayloadException(what + " contains a control character");
			}
			if (Character.isHighSurrogate(c)) {
				if (i + 1 >= value.length() || !Character.isLowSurrogate(value.charAt(i + 1))) {
					throw new UnusablePayloadException(what + " contains an unpaired surrogate");
				}
				i++;
			}
			else if (Character.isLowSurrogate(c)) {
				throw new UnusablePayloadException(what + " contains an unpaired surrogate");
			}
		}
		return value;
	}

	private static int quantity(JsonNode node, String field, String what) {
		long quantity = requiredLong(node, field, what);
		if (quantity < 0 || quantity > MAX_QUANTITY) {
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
		if (value.isString() && value.asString().length() <= 20) {
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
		return (value != null && value.isIntegralNumber() && value.canConvertToLong()) ? value.asLong() : 0;
	}

	private static String requiredText(JsonNode node, String field, String what) {
		JsonNode value = node.get(field);
		if (value == null || !value.isString() || value.asString().isBlank()) {
			throw new UnusablePayloadException(what + ": " + field + " missing");
		}
		return safeText(value.asString().trim(), what + ": " + field);
	}

	private static Instant gmt(JsonNode value, long orderId) {
		if (value == null || value.isNull()) {
			return null;
		}
		if (!value.isString()) {
			throw new UnusablePayloadException("order " + orderId + ": date_modified_gmt is not a text");
		}
		String text = value.asString();
		Instant instant;
		try {
			instant = text.endsWith("Z") ? Instant.parse(text) : LocalDateTime.parse(text).toInstant(ZoneOffset.UTC);
		}
		catch (DateTimeException ex) {
			throw new UnusablePayloadException("order " + orderId + ": date_modified_gmt is not a date");
		}
		if (instant.isBefore(EARLIEST) || instant.isAfter(LATEST)) {
			throw new UnusablePayloadException(
					"order " + orderId + ": date_modified_gmt " + instant + " is implausible");
		}
		return instant;
	}

}
