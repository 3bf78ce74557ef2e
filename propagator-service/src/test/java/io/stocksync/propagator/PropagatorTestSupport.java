package io.stocksync.propagator;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.Collection;
import java.util.UUID;
import java.util.function.Function;

import io.stocksync.common.event.StockChanged;
import io.stocksync.common.json.JsonMappers;
import io.stocksync.fakeshop.FakeShop;
import tools.jackson.databind.JsonNode;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * What the propagator's integration tests share: a sites file for fake shops, stock
 * changes, admin calls.
 */
final class PropagatorTestSupport {

	private static final HttpClient HTTP = HttpClient.newHttpClient();

	private PropagatorTestSupport() {
	}

	/**
	 * A sites file naming the shops; {@code extra} adds lines (buffer, cap) for a shop,
	 * or returns "".
	 */
	static String sitesFile(Collection<FakeShop> shops, Function<FakeShop, String> extra) {
		StringBuilder sites = new StringBuilder("sites:\n");
		shops.forEach((shop) -> sites.append(shop.sitesEntry()).append(extra.apply(shop)));
		try {
			Path file = Files.createTempFile("propagator-sites", ".yml");
			Files.writeString(file, sites);
			return file.toString();
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
	}

	static StockChanged change(String sku, long available, long version) {
		return new StockChanged(StockChanged.SCHEMA_VERSION, UUID.randomUUID().toString(), sku, available, available,
				false, version, "test", Instant.now());
	}

	static long writeRequests(FakeShop shop) {
		return shop.requestCount("POST", "/wp-json/wc/v3/products")
				+ shop.requestCount("PUT", "/wp-json/wc/v3/products");
	}

	static HttpResponse<String> admin(int port, String token, String method, String path) {
		try {
			return HTTP.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path))
				.header("Authorization", "Bearer " + token)
				.method(method, HttpRequest.BodyPublishers.noBody())
				.build(), HttpResponse.BodyHandlers.ofString());
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			throw new IllegalStateException(ex);
		}
	}

	static JsonNode json(HttpResponse<String> response) {
		assertThat(response.statusCode()).as(response.body()).isBetween(200, 299);
		return JsonMappers.standard().readTree(response.body());
	}

}
