package io.stocksync.fakeshop;

import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.util.Map;

import tools.jackson.databind.JsonNode;

/**
 * Encodes a JSON tree the way PHP's {@code wp_json_encode()} does with WordPress' default
 * flags, so that webhook bodies and REST responses are byte-identical to WooCommerce's:
 * compact, {@code /} escaped as {@code \/}, every non-ASCII UTF-16 unit escaped as
 * lowercase {@code \u20ac}, keys in insertion order. The output is therefore pure ASCII.
 */
final class PhpJson {

	private static final char[] HEX = "0123456789abcdef".toCharArray();

	private PhpJson() {
	}

	static byte[] encode(JsonNode node) {
		StringBuilder out = new StringBuilder(1024);
		write(node, out);
		return out.toString().getBytes(StandardCharsets.US_ASCII);
	}

	static String encodeToString(JsonNode node) {
		return new String(encode(node), StandardCharsets.US_ASCII);
	}

	private static void write(JsonNode node, StringBuilder out) {
		if (node == null || node.isNull() || node.isMissingNode()) {
			out.append("null");
		}
		else if (node.isObject()) {
			out.append('{');
			boolean first = true;
			for (Map.Entry<String, JsonNode> entry : node.properties()) {
				if (!first) {
					out.append(',');
				}
				first = false;
				string(entry.getKey(), out);
				out.append(':');
				write(entry.getValue(), out);
			}
			out.append('}');
		}
		else if (node.isArray()) {
			out.append('[');
			for (int i = 0; i < node.size(); i++) {
				if (i > 0) {
					out.append(',');
				}
				write(node.get(i), out);
			}
			out.append(']');
		}
		else if (node.isString()) {
			string(node.stringValue(), out);
		}
		else if (node.isBoolean()) {
			out.append(node.asBoolean() ? "true" : "false");
		}
		else if (node.isIntegralNumber()) {
			out.append(node.asBigInteger().toString());
		}
		else if (node.isNumber()) {
			out.append(phpFloat(node.asDouble()));
		}
		else {
			string(node.asString(), out);
		}
	}

	/**
	 * PHP 7.1+ ({@code serialize_precision=-1}): shortest round-trip digits, integral
	 * floats keep {@code .0}.
	 */
	static String phpFloat(double value) {
		if (Double.isNaN(value) || Double.isInfinite(value)) {
			// json_encode fails on these; WooCommerce never produces them.
			return "0";
		}
		if (value == Math.rint(value) && Math.abs(value) < 1e15) {
			return BigDecimal.valueOf(value).toBigInteger().toString() + ".0";
		}
		String plain = BigDecimal.valueOf(value).toPlainString();
		return plain;
	}

	static void string(String value, StringBuilder out) {
		out.append('"');
		for (int i = 0; i < value.length(); i++) {
			char c = value.charAt(i);
			switch (c) {
				case '"' -> out.append("\\\"");
				case '\\' -> out.append("\\\\");
				case '/' -> out.append("\\/");
				case '\b' -> out.append("\\b");
				case '\f' -> out.append("\\f");
				case '\n' -> out.append("\\n");
				case '\r' -> out.append("\\r");
				case '\t' -> out.append("\\t");
				default -> {
					if (c < 0x20 || c > 0x7f) {
						out.append("\\u")
							.append(HEX[(c >> 12) & 0xf])
							.append(HEX[(c >> 8) & 0xf])
							.append(HEX[(c >> 4) & 0xf])
							.append(HEX[c & 0xf]);
					}
					else {
						out.append(c);
					}
				}
			}
		}
		out.append('"');
	}

}
