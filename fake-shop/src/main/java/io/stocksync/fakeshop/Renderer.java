package io.stocksync.fakeshop;

import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import io.stocksync.fakeshop.ShopState.LineItem;
import io.stocksync.fakeshop.ShopState.Meta;
import io.stocksync.fakeshop.ShopState.Order;
import io.stocksync.fakeshop.ShopState.Product;
import io.stocksync.fakeshop.ShopState.Refund;
import io.stocksync.fakeshop.ShopState.RefundLine;
import io.stocksync.fakeshop.ShopState.Webhook;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.JsonNodeFactory;
import tools.jackson.databind.node.ObjectNode;

/**
 * Builds the REST/webhook JSON of each resource with the keys in the order WooCommerce
 * 9.9.5 emits them (copied from the captured fixtures). Callers must hold the state lock.
 */
final class Renderer {

	private static final JsonNodeFactory NODES = JsonNodeFactory.instance;

	private static final List<String> ITEM_METHODS = List.of("GET", "POST", "PUT", "PATCH", "DELETE");

	private final ShopState state;

	private final String api;

	Renderer(ShopState state) {
		this.state = state;
		this.api = state.baseUrl + "/wp-json/wc/v3";
	}

	/**
	 * Body of a webhook delivery, built now (WooCommerce builds it at delivery time), or
	 * null if the resource is gone.
	 */
	byte[] payload(String topic, long resourceId) {
		if (topic.endsWith(".deleted")) {
			ObjectNode body = NODES.objectNode();
			body.put("id", resourceId);
			return PhpJson.encode(body);
		}
		if (topic.startsWith("order.")) {
			Order order = this.state.order(resourceId);
			return (order != null) ? PhpJson.encode(order(order)) : null;
		}
		if (topic.startsWith("product.")) {
			Product product = this.state.product(resourceId);
			return (product != null) ? PhpJson.encode(product(product, false)) : null;
		}
		return null;
	}

	/** A product, variable parent or variation as {@code GET /products/{id}} shows it. */
	ObjectNode product(Product p, boolean edit) {
		boolean variation = p.type.equals("variation");
		boolean variable = p.type.equals("variable");
		Product parent = variation ? this.state.product(p.parentId) : null;
		BigDecimal price = this.state.priceOf(p);
		ObjectNode json = NODES.objectNode();
		json.put("id", p.id);
		json.put("name", p.name);
		json.put("slug", p.slug);
		json.put("permalink", permalink(p, parent));
		dates(json, p);
		json.put("type", p.type);
		json.put("status", "publish");
		json.put("featured", false);
		json.put("catalog_visibility", "visible");
		json.put("description", "");
		json.put("short_description", "");
		json.put("sku", p.sku);
		json.put("price", (price != null) ? Money.format(price) : "");
		json.put("regular_price", (!variable && p.price != null) ? Money.format(p.price) : "");
		json.put("sale_price", "");
		saleDates(json);
		json.put("on_sale", false);
		json.put("purchasable", price != null);
		if (variation) {
			// WooCommerce quirk: a variation's total_sales is the raw meta string.
			json.put("total_sales", "0");
		}
		else {
			json.put("total_sales", p.totalSales);
		}
		json.put("virtual", false);
		json.put("downloadable", false);
		json.putArray("downloads");
		json.put("download_limit", -1);
		json.put("download_expiry", -1);
		json.put("external_url", "");
		json.put("button_text", "");
		json.put("tax_status", "taxable");
		json.put("tax_class", "");
		stock(json, p, false);
		json.put("sold_individually", false);
		json.put("weight", "");
		dimensions(json);
		json.put("shipping_required", true);
		json.put("shipping_taxable", true);
		json.put("shipping_class", "");
		json.put("shipping_class_id", 0);
		json.put("reviews_allowed", !variation);
		json.put("average_rating", "0.00");
		json.put("rating_count", 0);
		json.putArray("upsell_ids");
		json.putArray("cross_sell_ids");
		json.put("parent_id", p.parentId);
		json.put("purchase_note", "");
		ArrayNode categories = json.putArray("categories");
		if (!variation) {
			ObjectNode category = categories.addObject();
			category.put("id", 15);
			category.put("name", "Uncategorized");
			category.put("slug", "uncategorized");
		}
		json.putArray("brands");
		json.putArray("tags");
		json.putArray("images");
		ArrayNode attributes = json.putArray("attributes");
		if (variable) {
			ObjectNode attribute = attributes.addObject();
			attribute.put("id", 0);
			attribute.put("name", p.attributeName);
			attribute.put("slug", p.attributeName);
			attribute.put("position", 0);
			attribute.put("visible", true);
			attribute.put("variation", true);
			ArrayNode options = attribute.putArray("options");
			for (Product child : this.state.variationsOf(p)) {
				options.add(child.option);
			}
		}
		else if (variation) {
			variationAttribute(attributes, p);
		}
		json.putArray("default_attributes");
		ArrayNode variations = json.putArray("variations");
		p.variations.forEach(variations::add);
		json.putArray("grouped_products");
		json.put("menu_order", 0);
		json.put("price_html", (price != null) ? priceHtml(price) : "");
		ArrayNode related = json.putArray("related_ids");
		if (!variation) {
			relatedIds(p).forEach(related::add);
		}
		json.putArray("meta_data");
		json.put("stock_status", this.state.stockStatus(p));
		json.put("has_options", variable);
		json.put("post_password", "");
		json.put("global_unique_id", "");
		if (edit && !variation) {
			json.put("permalink_template", this.state.baseUrl + "/product/%pagename%/");
			json.put("generated_slug", p.slug);
		}
		ObjectNode links = json.putObject("_links");
		selfLink(links, this.api + "/products/" + p.id, ITEM_METHODS);
		link(links, "collection", this.api + "/products");
		if (variation) {
			link(links, "up", this.api + "/products/" + p.parentId);
		}
		return json;
	}

	/**
	 * A variation as {@code /products/{pid}/variations} shows it (a different shape than
	 * via {@code /products}).
	 */
	ObjectNode variation(Product v, boolean edit) {
		Product parent = this.state.product(v.parentId);
		ObjectNode json = NODES.objectNode();
		json.put("id", v.id);
		json.put("type", "variation");
		json.put("date_created", Formats.wpDate(v.created));
		json.put("date_created_gmt", Formats.wpDate(v.created));
		json.put("date_modified", Formats.wpDate(v.modified));
		json.put("date_modified_gmt", Formats.wpDate(v.modified));
		json.put("description", "");
		json.put("permalink", permalink(v, parent));
		json.put("sku", v.sku);
		json.put("global_unique_id", "");
		json.put("price", (v.price != null) ? Money.format(v.price) : "");
		json.put("regular_price", (v.price != null) ? Money.format(v.price) : "");
		json.put("sale_price", "");
		saleDates(json);
		json.put("on_sale", false);
		json.put("status", "publish");
		json.put("purchasable", v.price != null);
		json.put("virtual", false);
		json.put("downloadable", false);
		json.putArray("downloads");
		json.put("download_limit", -1);
		json.put("download_expiry", -1);
		json.put("tax_status", "taxable");
		json.put("tax_class", edit ? "parent" : "");
		stock(json, v, true);
		json.put("weight", "");
		dimensions(json);
		json.put("shipping_class", "");
		json.put("shipping_class_id", 0);
		json.putNull("image");
		variationAttribute(json.putArray("attributes"), v);
		json.put("menu_order", 0);
		json.putArray("meta_data");
		json.put("name", v.option);
		json.put("parent_id", v.parentId);
		ObjectNode links = json.putObject("_links");
		String collection = this.api + "/products/" + v.parentId + "/variations";
		selfLink(links, collection + "/" + v.id, ITEM_METHODS);
		link(links, "collection", collection);
		link(links, "up", this.api + "/products/" + v.parentId);
		return json;
	}

	ObjectNode order(Order o) {
		BigDecimal total = this.state.total(o);
		ObjectNode json = NODES.objectNode();
		json.put("id", o.id);
		json.put("parent_id", 0);
		json.put("status", o.status);
		json.put("currency", "EUR");
		json.put("version", "9.9.5");
		json.put("prices_include_tax", false);
		json.put("date_created", Formats.wpDate(o.created));
		json.put("date_modified", Formats.wpDate(o.modified));
		json.put("discount_total", "0.00");
		json.put("discount_tax", "0.00");
		json.put("shipping_total", "0.00");
		json.put("shipping_tax", "0.00");
		json.put("cart_tax", "0.00");
		json.put("total", Money.format(total));
		json.put("total_tax", "0.00");
		json.put("customer_id", 0);
		json.put("order_key", o.orderKey);
		address(json.putObject("billing"), o.billing, true);
		address(json.putObject("shipping"), o.shipping, false);
		json.put("payment_method", o.paymentMethod);
		json.put("payment_method_title", o.paymentMethodTitle);
		json.put("transaction_id", "");
		json.put("customer_ip_address", "");
		json.put("customer_user_agent", "");
		json.put("created_via", o.createdVia);
		json.put("customer_note", o.customerNote);
		json.put("date_completed", Formats.wpDate(o.dateCompleted));
		json.put("date_paid", Formats.wpDate(o.datePaid));
		json.put("cart_hash", "");
		json.put("number", Long.toString(o.id));
		json.putArray("meta_data");
		ArrayNode items = json.putArray("line_items");
		for (LineItem item : o.items) {
			lineItem(items.addObject(), item);
		}
		json.putArray("tax_lines");
		json.putArray("shipping_lines");
		json.putArray("fee_lines");
		json.putArray("coupon_lines");
		ArrayNode refunds = json.putArray("refunds");
		for (Refund refund : o.refunds) {
			ObjectNode summary = refunds.addObject();
			summary.put("id", refund.id);
			summary.put("reason", refund.reason);
			summary.put("total", Money.format(refund.amount.negate()));
		}
		json.put("payment_url",
				this.state.baseUrl + "/checkout/order-pay/" + o.id + "/?pay_for_order=true&key=" + o.orderKey);
		boolean editable = List.of("pending", "on-hold", "auto-draft", "failed", "checkout-draft").contains(o.status);
		json.put("is_editable", editable);
		json.put("needs_payment", List.of("pending", "failed").contains(o.status) && total.signum() > 0);
		json.put("needs_processing", true);
		json.put("date_created_gmt", Formats.wpDate(o.created));
		json.put("date_modified_gmt", Formats.wpDate(o.modified));
		json.put("date_completed_gmt", Formats.wpDate(o.dateCompleted));
		json.put("date_paid_gmt", Formats.wpDate(o.datePaid));
		json.put("currency_symbol", "\u20ac");
		ObjectNode links = json.putObject("_links");
		selfLink(links, this.api + "/orders/" + o.id, ITEM_METHODS);
		link(links, "collection", this.api + "/orders");
		ObjectNode email = links.putArray("email_templates").addObject();
		email.put("embeddable", true);
		email.put("href", this.api + "/orders/" + o.id + "/actions/email_templates");
		return json;
	}

	private void lineItem(ObjectNode json, LineItem item) {
		BigDecimal total = item.total();
		json.put("id", item.id);
		json.put("name", item.name);
		json.put("product_id", item.productId);
		json.put("variation_id", item.variationId);
		json.put("quantity", item.quantity);
		json.put("tax_class", "");
		json.put("subtotal", Money.format(total));
		json.put("subtotal_tax", "0.00");
		json.put("total", Money.format(total));
		json.put("total_tax", "0.00");
		json.putArray("taxes");
		ArrayNode meta = json.putArray("meta_data");
		for (Meta entry : item.meta) {
			meta(meta.addObject(), entry.id, entry.key, entry.value, entry.displayKey);
		}
		json.put("sku", item.sku);
		json.set("price", Money.phpNumber(item.price));
		image(json, item);
		json.put("parent_name", item.parentName);
	}

	ObjectNode refund(Order o, Refund r) {
		ObjectNode json = NODES.objectNode();
		json.put("id", r.id);
		json.put("date_created", Formats.wpDate(r.created));
		json.put("date_created_gmt", Formats.wpDate(r.created));
		json.put("amount", Money.format(r.amount));
		json.put("reason", r.reason);
		json.put("refunded_by", 1);
		json.put("refunded_payment", false);
		json.putArray("meta_data");
		ArrayNode items = json.putArray("line_items");
		for (RefundLine line : r.lines) {
			LineItem source = line.source;
			ObjectNode item = items.addObject();
			item.put("id", line.id);
			item.put("name", source.name);
			item.put("product_id", source.productId);
			item.put("variation_id", source.variationId);
			item.put("quantity", -line.quantity);
			item.put("tax_class", "");
			item.put("subtotal", Money.format(line.total.negate()));
			item.put("subtotal_tax", "0.00");
			item.put("total", Money.format(line.total.negate()));
			item.put("total_tax", "0.00");
			item.putArray("taxes");
			meta(item.putArray("meta_data").addObject(), line.metaId, "_refunded_item_id", Long.toString(source.id),
					"_refunded_item_id");
			item.put("sku", source.sku);
			item.set("price", Money.phpNumber(source.price));
			image(item, source);
			item.put("parent_name", source.parentName);
		}
		json.putArray("shipping_lines");
		json.putArray("tax_lines");
		json.putArray("fee_lines");
		ObjectNode links = json.putObject("_links");
		String collection = this.api + "/orders/" + o.id + "/refunds";
		selfLink(links, collection + "/" + r.id, List.of("GET", "DELETE"));
		link(links, "collection", collection);
		link(links, "up", this.api + "/orders/" + o.id);
		return json;
	}

	ObjectNode webhook(Webhook w) {
		ObjectNode json = NODES.objectNode();
		json.put("id", w.id);
		json.put("name", w.name);
		json.put("status", w.status);
		json.put("topic", w.topic);
		int dot = w.topic.indexOf('.');
		json.put("resource", (dot > 0) ? w.topic.substring(0, dot) : w.topic);
		json.put("event", (dot > 0) ? w.topic.substring(dot + 1) : "");
		ArrayNode hooks = json.putArray("hooks");
		hooks(w.topic).forEach(hooks::add);
		json.put("delivery_url", w.deliveryUrl);
		json.put("date_created", Formats.wpDate(w.created));
		json.put("date_created_gmt", Formats.wpDate(w.created));
		json.put("date_modified", Formats.wpDate(w.modified));
		json.put("date_modified_gmt", Formats.wpDate(w.modified));
		ObjectNode links = json.putObject("_links");
		selfLink(links, this.api + "/webhooks/" + w.id, ITEM_METHODS);
		link(links, "collection", this.api + "/webhooks");
		return json;
	}

	static List<String> hooks(String topic) {
		return switch (topic) {
			case "order.created" -> List.of("woocommerce_new_order");
			case "order.updated" -> List.of("woocommerce_update_order", "woocommerce_order_refunded");
			case "order.deleted" -> List.of("wp_trash_post", "woocommerce_trash_order");
			case "order.restored" -> List.of("untrashed_post", "woocommerce_untrash_order");
			case "product.created" -> List.of("woocommerce_process_product_meta", "woocommerce_new_product",
					"woocommerce_new_product_variation");
			case "product.updated" -> List.of("woocommerce_process_product_meta", "woocommerce_update_product",
					"woocommerce_update_product_variation");
			case "product.deleted" -> List.of("wp_trash_post");
			case "product.restored" -> List.of("untrashed_post");
			default -> List.of();
		};
	}

	private List<Long> relatedIds(Product p) {
		List<Long> related = new ArrayList<>();
		List<Product> all = new ArrayList<>(this.state.products.values());
		for (int i = all.size() - 1; i >= 0 && related.size() < 5; i--) {
			Product other = all.get(i);
			if (other.id != p.id && other.parentId == 0) {
				related.add(other.id);
			}
		}
		return related;
	}

	private String permalink(Product p, Product parent) {
		if (parent != null) {
			return this.state.baseUrl + "/product/" + parent.slug + "/?attribute_"
					+ p.attributeName.toLowerCase(java.util.Locale.ROOT) + "=" + p.option;
		}
		return this.state.baseUrl + "/product/" + p.slug + "/";
	}

	private static void dates(ObjectNode json, Product p) {
		json.put("date_created", Formats.wpDate(p.created));
		json.put("date_created_gmt", Formats.wpDate(p.created));
		json.put("date_modified", Formats.wpDate(p.modified));
		json.put("date_modified_gmt", Formats.wpDate(p.modified));
	}

	private static void saleDates(ObjectNode json) {
		json.putNull("date_on_sale_from");
		json.putNull("date_on_sale_from_gmt");
		json.putNull("date_on_sale_to");
		json.putNull("date_on_sale_to_gmt");
	}

	private void stock(ObjectNode json, Product p, boolean variationShape) {
		json.put("manage_stock", p.manageStock);
		if (p.manageStock && p.stock != null) {
			json.put("stock_quantity", p.stock.intValue());
		}
		else {
			json.putNull("stock_quantity");
		}
		if (variationShape) {
			json.put("stock_status", this.state.stockStatus(p));
		}
		json.put("backorders", "no");
		json.put("backorders_allowed", false);
		json.put("backordered", false);
		json.putNull("low_stock_amount");
	}

	private static void dimensions(ObjectNode json) {
		ObjectNode dimensions = json.putObject("dimensions");
		dimensions.put("length", "");
		dimensions.put("width", "");
		dimensions.put("height", "");
	}

	private static void variationAttribute(ArrayNode attributes, Product v) {
		ObjectNode attribute = attributes.addObject();
		attribute.put("id", 0);
		attribute.put("name", v.attributeName);
		attribute.put("slug", v.attributeName.toLowerCase(java.util.Locale.ROOT));
		attribute.put("option", v.option);
	}

	private static void meta(ObjectNode json, long id, String key, String value, String displayKey) {
		json.put("id", id);
		json.put("key", key);
		json.put("value", value);
		json.put("display_key", displayKey);
		json.put("display_value", value);
	}

	/**
	 * WooCommerce quirk: a line of a simple product without image has {@code "id":""}, a
	 * variation's {@code 0}.
	 */
	private static void image(ObjectNode json, LineItem item) {
		ObjectNode image = json.putObject("image");
		if (item.variationId != 0) {
			image.put("id", 0);
		}
		else {
			image.put("id", "");
		}
		image.put("src", "");
	}

	private static void address(ObjectNode json, Map<String, String> values, boolean withEmail) {
		for (String key : List.of("first_name", "last_name", "company", "address_1", "address_2", "city", "state",
				"postcode", "country", "email", "phone")) {
			if (!withEmail && key.equals("email")) {
				continue;
			}
			json.put(key, values.getOrDefault(key, ""));
		}
	}

	private static void selfLink(ObjectNode links, String href, List<String> allow) {
		ObjectNode self = links.putArray("self").addObject();
		self.put("href", href);
		ArrayNode methods = self.putObject("targetHints").putArray("allow");
		allow.forEach(methods::add);
	}

	private static void link(ObjectNode links, String rel, String href) {
		links.putArray(rel).addObject().put("href", href);
	}

	static String priceHtml(BigDecimal price) {
		return "<span class=\"woocommerce-Price-amount amount\"><bdi><span class=\"woocommerce-Price-currencySymbol\">"
				+ "&euro;</span>" + Money.format(price) + "</bdi></span>";
	}

}
