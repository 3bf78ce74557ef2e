package io.stocksync.fakeshop;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Map;
import java.util.Set;

import tools.jackson.core.JacksonException;
import tools.jackson.databind.DeserializationFeature;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.JsonNodeFactory;
import tools.jackson.databind.node.ObjectNode;

/** Request parameters the way WordPress reads and coerces them. */
final class Params {

	private static final JsonNodeFactory NODES = JsonNodeFactory.instance;

	private static final JsonMapper MAPPER = JsonMapper.builder()
		.enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
		.build();

	private Params() {
	}

	/**
	 * Query parameters overlaid with the JSON (or form) body, like
	 * {@code WP_REST_Request}'s parameter order.
	 */
	static ObjectNode of(Request request) {
		ObjectNode params = NODES.objectNode();
		request.query().forEach(params::put);
		byte[] body = request.body();
		if (body.length == 0) {
			return params;
		}
		String contentType = request.header("Content-Type");
		if (contentType != null && contentType.toLowerCase().contains("application/x-www-form-urlencoded")) {
			for (Map.Entry<String, String> entry : PhpUrls.parseQuery(new String(body, StandardCharsets.UTF_8))) {
				params.put(entry.getKey(), entry.getValue());
			}
			return params;
		}
		if (contentType != null && !contentType.toLowerCase().contains("json")) {
			return params;
		}
		JsonNode parsed;
		try {
			parsed = MAPPER.readTree(body);
		}
		catch (JacksonException ex) {
			ObjectNode data = WcError.statusData(400);
			data.put("json_error_code", 4);
			data.put("json_error_message", "Syntax error");
			throw new WcError(400, "rest_invalid_json", "Invalid JSON body passed.", data);
		}
		if (parsed != null && parsed.isObject()) {
			for (Map.Entry<String, JsonNode> entry : parsed.properties()) {
				params.set(entry.getKey(), entry.getValue());
			}
		}
		return params;
	}

	/**
	 * WordPress {@code rest_is_integer}: ints, integral floats and numeric strings;
	 * anything else is an error.
	 */
	static Integer integer(JsonNode params, String name) {
		JsonNode value = params.get(name);
		if (value == null || value.isMissingNode()) {
			return null;
		}
		if (value.isIntegralNumber() && value.canConvertToInt()) {
			return value.intValue();
		}
		if (value.isFloatingPointNumber() && value.asDouble() == Math.rint(value.asDouble())) {
			return (int) value.asDouble();
		}
		if (value.isString()) {
			String text = value.stringValue().trim();
			try {
				double number = Double.parseDouble(text);
				if (number == Math.rint(number) && !text.isEmpty() && !text.matches(".*[a-zA-Z].*")) {
					return (int) number;
				}
			}
			catch (NumberFormatException ex) {
				// falls through to the WordPress error
			}
		}
		throw WcError.notInteger(name);
	}

	static boolean bool(JsonNode params, String name, boolean fallback) {
		JsonNode value = params.get(name);
		if (value == null || value.isNull() || value.isMissingNode()) {
			return fallback;
		}
		if (value.isBoolean()) {
			return value.asBoolean();
		}
		String text = value.asString("").trim().toLowerCase();
		return text.equals("true") || text.equals("1") || text.equals("yes");
	}

	static String text(JsonNode node, String name, String fallback) {
		JsonNode value = node.get(name);
		return (value == null || value.isNull() || value.isMissingNode() || value.isContainer()) ? fallback
				: value.asString();
	}

	static Instant instant(Call call, String name) {
		String value = call.string(name);
		if (value == null || value.isEmpty()) {
			return null;
		}
		try {
			return Formats.parseIso(value);
		}
		catch (RuntimeException ex) {
			throw WcError.invalidParam(name, "rest_invalid_date", "Invalid date.", true);
		}
	}

	static Set<String> idSet(String value) {
		return (value == null || value.isEmpty()) ? null : Set.of(value.split("\\s*,\\s*"));
	}

}
