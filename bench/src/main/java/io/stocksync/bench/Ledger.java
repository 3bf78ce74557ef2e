package io.stocksync.bench;

import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
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

	private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(3)).build();

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
		HttpRequest request = HttpRequest.newBuilder(URI.create(this.stack.url("ledger", path)))
			.timeout(timeout)
			.header("Authorization", "Bearer " + Stack.ADMIN_TOKEN)
			.method(method, HttpRequest.BodyPublishers.noBody())
			.build();
		try {
			HttpResponse<String> response = this.http.send(request, HttpResponse.BodyHandlers.ofString());
			if (response.statusCode() / 100 != 2) {
				throw new IllegalStateException(
						method + " " + path + " answered " + response.statusCode() + ": " + response.body());
			}
			return response.body();
		}
		catch (IOException ex) {
			throw new IllegalStateException(method + " " + path + " failed: " + ex, ex);
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			throw new IllegalStateException(ex);
		}
	}

}
