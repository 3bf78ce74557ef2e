package io.stocksync.ingest.webhook;

import java.util.Map;

import io.stocksync.common.json.JsonMappers;
import tools.jackson.core.JsonParser;
import tools.jackson.core.filter.FilteringParserDelegate;
import tools.jackson.core.filter.TokenFilter;
import tools.jackson.databind.JsonNode;

/**
 * Reads a WooCommerce order body as a tree of only the fields {@link WooOrderParser} and
 * {@link RefundLookup} read: the order's id, status, modification date, line items (their
 * ids, SKU, quantity, product and variation, bundle children and meta data keys and
 * values) and refunds, and the simplified format's fields. Billing and shipping
 * addresses, totals, taxes, links and the line items' prices and images (about four
 * fifths of a real order's 2.7 KB) are never turned into nodes and strings. The whole
 * body is still read and checked by the parser: malformed JSON anywhere in it, a control
 * character in a string, a broken UTF-8 sequence or trailing content fail as they did
 * with the whole tree. One thing is no longer refused: a string nothing reads is skipped
 * without being decoded, so some invalid UTF-8 in it (an encoded UTF-16 surrogate, which
 * only a broken client sends) no longer costs the order; every field that is read is
 * decoded as strictly as before ({@code WooOrderFieldsTests} compares both ways on
 * thousands of malformed bodies).
 * <p>
 * Why: the whole tree was about a quarter of everything ingest allocated per webhook (JFR
 * under the bench, docs/benchmarks.md), about 11 KB of 16 KB per order, and with it of
 * ingest's young collections, whose pauses every answer in flight waits for.
 */
final class WooOrderFields {

	private static final TokenFilter ALL = TokenFilter.INCLUDE_ALL;

	private static final TokenFilter META_DATA = new Elements(new Fields(Map.of("key", ALL, "value", ALL)));

	private static final TokenFilter LINE_ITEM = new Fields(
			Map.of("id", ALL, "line_item_id", ALL, "sku", ALL, "qty", ALL, "quantity", ALL, "product_id", ALL,
					"variation_id", ALL, "bundled_items", ALL, "meta_data", META_DATA));

	private static final TokenFilter ORDER = new Fields(Map.of("id", ALL, "order_id", ALL, "site_id", ALL, "status",
			ALL, "date_modified_gmt", ALL, "line_items", new Elements(LINE_ITEM), "refunds", ALL));

	private WooOrderFields() {
	}

	/**
	 * @return the tree of the fields read, {@code null} for an empty body
	 * @throws tools.jackson.core.JacksonException when the body is not valid JSON
	 */
	static JsonNode read(byte[] body) {
		try (JsonParser parser = new FilteringParserDelegate(JsonMappers.standard().createParser(body), ORDER,
				TokenFilter.Inclusion.INCLUDE_ALL_AND_PATH, true)) {
			return JsonMappers.standard().readTree(parser);
		}
	}

	/**
	 * Containers whose content is all left out stay, empty: an order's
	 * {@code "line_items": []} is not the same as none.
	 */
	private abstract static class KeepingEmptyContainers extends TokenFilter {

		@Override
		public boolean includeEmptyObject(boolean contentsFiltered) {
			return true;
		}

		@Override
		public boolean includeEmptyArray(boolean contentsFiltered) {
			return true;
		}

	}

	/** An object's named fields, each through its own filter; nothing else. */
	private static final class Fields extends KeepingEmptyContainers {

		private final Map<String, TokenFilter> fields;

		Fields(Map<String, TokenFilter> fields) {
			this.fields = fields;
		}

		@Override
		public TokenFilter includeProperty(String name) {
			return this.fields.get(name);
		}

	}

	/** Every element of an array, through one filter. */
	private static final class Elements extends KeepingEmptyContainers {

		private final TokenFilter element;

		Elements(TokenFilter element) {
			this.element = element;
		}

		@Override
		public TokenFilter includeElement(int index) {
			return this.element;
		}

	}

}
