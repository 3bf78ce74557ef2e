package io.stocksync.fakeshop;

import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.JsonNodeFactory;
import tools.jackson.databind.node.ObjectNode;

/**
 * A WordPress REST error ({@code WP_Error}) with the body WooCommerce sends:
 * {@code {code, message, data}}.
 */
final class WcError extends RuntimeException {

	private final int status;

	private final String code;

	private final JsonNode data;

	WcError(int status, String code, String message, JsonNode data) {
		super(message, null, false, false);
		this.status = status;
		this.code = code;
		this.data = data;
	}

	WcError(int status, String code, String message) {
		this(status, code, message, statusData(status));
	}

	int status() {
		return this.status;
	}

	String code() {
		return this.code;
	}

	ObjectNode body() {
		ObjectNode body = JsonNodeFactory.instance.objectNode();
		body.put("code", this.code);
		body.put("message", getMessage());
		body.set("data", this.data);
		return body;
	}

	static ObjectNode statusData(int status) {
		ObjectNode data = JsonNodeFactory.instance.objectNode();
		data.put("status", status);
		return data;
	}

	static WcError invalidProductId(int status) {
		return new WcError(status, "woocommerce_rest_product_invalid_id", "Invalid ID.");
	}

	static WcError invalidVariationId() {
		return new WcError(404, "woocommerce_rest_product_variation_invalid_id", "Invalid ID.");
	}

	static WcError invalidOrderId(int status) {
		return new WcError(status, "woocommerce_rest_shop_order_invalid_id", "Invalid ID.");
	}

	/**
	 * {@code rest_invalid_param} with {@code params} and {@code details}, like rest-20
	 * and rest-36.
	 */
	static WcError invalidParam(String param, String detailCode, String message, boolean detailDataIsParam) {
		ObjectNode data = statusData(400);
		data.putObject("params").put(param, message);
		ObjectNode detail = data.putObject("details").putObject(param);
		detail.put("code", detailCode);
		detail.put("message", message);
		if (detailDataIsParam) {
			detail.putObject("data").put("param", param);
		}
		else {
			detail.putNull("data");
		}
		return new WcError(400, "rest_invalid_param", "Invalid parameter(s): " + param, data);
	}

	static WcError notInteger(String param) {
		return invalidParam(param, "rest_invalid_type", param + " is not of type integer.", true);
	}

}
