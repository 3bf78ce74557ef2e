package io.stocksync.fakeshop;

import java.math.BigDecimal;
import java.math.RoundingMode;

import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.JsonNodeFactory;

/**
 * Money the way WooCommerce prints it: strings with two decimals, and PHP numbers for
 * line item prices.
 */
final class Money {

	private Money() {
	}

	static String format(BigDecimal amount) {
		return amount.setScale(2, RoundingMode.HALF_UP).toPlainString();
	}

	/**
	 * A line item {@code price} is a PHP division result: an int when whole ({@code 20}),
	 * else a float ({@code 12.5}).
	 */
	static JsonNode phpNumber(BigDecimal amount) {
		BigDecimal stripped = amount.stripTrailingZeros();
		if (stripped.scale() <= 0) {
			return JsonNodeFactory.instance.numberNode(stripped.longValueExact());
		}
		return JsonNodeFactory.instance.numberNode(stripped.doubleValue());
	}

	static BigDecimal parse(JsonNode node, BigDecimal fallback) {
		if (node == null || node.isNull() || node.isMissingNode()) {
			return fallback;
		}
		try {
			return new BigDecimal(node.asString().trim());
		}
		catch (NumberFormatException ex) {
			return fallback;
		}
	}

}
