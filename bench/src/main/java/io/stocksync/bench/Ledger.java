package io.stocksync.bench;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;

import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * The ledger's admin API: the import that seeds the pool, and the whole stock table page
 * by page.
 */
final class Ledger {

	private static final JsonMapper JSON = JsonMapper.builder().build();

	private final Stack stack;

	Ledger(Stack stack) {
		this.stack = stack;
	}

	/**
	 * {@code POST /admin/stock/import?fromShop=...}: every SKU of that shop becomes a
	 * stock take.
	 */
	String importFrom(String shopId) {
		// It publishes one adjustment per SKU and waits for each acknowledgement: minutes
		// for 10,000 SKUs.
		return call("POST", "/admin/stock/import?fromShop=" + shopId, Duration.ofMinutes(20));
	}

	/** SKU to on_hand, every SKU (pages of 1000). */
	Map<String, Long> onHand() {
		Map<String, Long> all = new LinkedHashMap<>();
		String after = "";
		while (true) {
			JsonNode page = JSON.readTree(
					call("GET", "/admin/stock?limit=1000&after=" + URLEncoder.encode(after, StandardCharsets.UTF_8),
							Duration.ofSeconds(60)));
			if (page.isEmpty()) {
				return all;
			}
			for (JsonNode row : page) {
				all.put(row.get("sku").asString(), row.get("onHand").asLong());
				after = row.get("sku").asString();
			}
		}
	}

	private String call(String method, String path, Duration timeout) {
		return this.stack.admin("ledger", method, path, timeout);
	}

}
