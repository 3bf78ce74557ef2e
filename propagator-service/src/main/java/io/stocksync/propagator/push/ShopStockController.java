package io.stocksync.propagator.push;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

import io.stocksync.common.rules.Allocation;
import io.stocksync.common.shop.ShopConfig;
import io.stocksync.common.shop.Sites;
import io.stocksync.propagator.mapping.MappingService;
import io.stocksync.propagator.push.ShopStockRepository.LastWrite;
import io.stocksync.propagator.write.PushRepository;
import io.stocksync.propagator.write.ShopWriters;
import io.stocksync.propagator.write.StockWriter;
import io.stocksync.propagator.write.Truth;
import io.stocksync.woo.CatalogueItem;

import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/**
 * {@code GET /admin/shop-stock?skus=A,B}: for each SKU and each shop, what the shop
 * should show now (the truth through the shop's buffer and cap), what was last written
 * there and when, how long that took after the ledger's commit, and the product it maps
 * to. One call for a page of SKUs (the console's stock list). Also push one SKU to one
 * shop now.
 */
@RestController
class ShopStockController {

	private static final int MAX_SKUS = 200;

	private static final Duration PUSH_TIMEOUT = Duration.ofSeconds(10);

	private final Sites sites;

	private final PushRepository push;

	private final ShopStockRepository writes;

	private final MappingService mappings;

	private final ShopWriters writers;

	ShopStockController(Sites sites, PushRepository push, ShopStockRepository writes, MappingService mappings,
			ShopWriters writers) {
		this.sites = sites;
		this.push = push;
		this.writes = writes;
		this.mappings = mappings;
		this.writers = writers;
	}

	/**
	 * {@code POST /admin/sites/{shopId}/push?sku=}: writes the current truth of one SKU
	 * to one shop now (through the shop's normal write path and version guard) and
	 * answers once the shop confirmed it, or with the reason.
	 */
	@PostMapping("/admin/sites/{shopId}/push")
	ResponseEntity<?> pushNow(@PathVariable String shopId, @RequestParam String sku) {
		StockWriter writer = this.writers.find(shopId).orElse(null);
		if (writer == null) {
			return ResponseEntity.status(HttpStatus.NOT_FOUND)
				.body(Map.of("error", "unknown_shop", "message", "no shop with id '" + shopId + "'"));
		}
		if (writer.status().paused()) {
			return ResponseEntity.status(HttpStatus.CONFLICT)
				.body(Map.of("error", "paused", "message", "shop " + shopId + " is paused"));
		}
		try {
			writer.pushCurrent(sku).get(PUSH_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
			return ResponseEntity.ok(Map.of("shop", shopId, "sku", sku, "pushed", true));
		}
		catch (ExecutionException ex) {
			return ResponseEntity.status(HttpStatus.BAD_GATEWAY)
				.body(Map.of("error", "push_failed", "message", String.valueOf(ex.getCause().getMessage())));
		}
		catch (TimeoutException ex) {
			return ResponseEntity.status(HttpStatus.ACCEPTED)
				.body(Map.of("shop", shopId, "sku", sku, "pushed", false, "message",
						"no confirmation within " + PUSH_TIMEOUT.toSeconds() + "s; still being written"));
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			return ResponseEntity.status(HttpStatus.SERVICE_UNAVAILABLE).body(Map.of("error", "interrupted"));
		}
	}

	@GetMapping("/admin/shop-stock")
	ResponseEntity<?> shopStock(@RequestParam String skus) {
		Set<String> wanted = new LinkedHashSet<>();
		Arrays.stream(skus.split(",")).map(String::trim).filter((sku) -> !sku.isEmpty()).forEach(wanted::add);
		if (wanted.size() > MAX_SKUS) {
			return ResponseEntity.badRequest()
				.body(Map.of("error", "invalid_request", "message", "at most " + MAX_SKUS + " SKUs per call"));
		}
		Map<String, Truth> truth = this.push.truth(wanted);
		Map<String, LastWrite> written = new LinkedHashMap<>();
		for (LastWrite write : this.writes.lastWrites(wanted)) {
			written.put(write.shopId() + "\n" + write.sku(), write);
		}
		List<Map<String, Object>> answer = new ArrayList<>();
		for (String sku : wanted) {
			Truth current = truth.get(sku);
			Map<String, Object> row = new LinkedHashMap<>();
			row.put("sku", sku);
			row.put("version", (current != null) ? current.version() : null);
			row.put("available", (current != null) ? current.available() : null);
			List<Map<String, Object>> shops = new ArrayList<>();
			for (ShopConfig shop : this.sites.all()) {
				Map<String, Object> perShop = new LinkedHashMap<>();
				perShop.put("shop", shop.id());
				Allocation.Published published = (current != null) ? current.publishedTo(shop) : null;
				perShop.put("shouldShow", (published != null) ? published.quantity() : null);
				perShop.put("sync", (published != null) ? published.sync() : null); // false:
																					// the
																					// shop's
																					// own
																					// number
				CatalogueItem item = this.mappings.current(shop.id())
					.flatMap((mapping) -> mapping.find(sku))
					.orElse(null);
				perShop.put("mapped", item != null);
				perShop.put("productId", (item != null) ? item.productId() : null);
				perShop.put("variationId", (item != null) ? item.variationId() : null);
				LastWrite write = written.get(shop.id() + "\n" + sku);
				perShop.put("writtenQuantity", (write != null) ? write.quantity() : null);
				perShop.put("writtenVersion", (write != null) ? write.version() : null);
				perShop.put("writtenAt", (write != null) ? write.writtenAt() : null);
				perShop.put("latencyMillis", (write != null && write.committedAt() != null)
						? Duration.between(write.committedAt(), write.writtenAt()).toMillis() : null);
				shops.add(perShop);
			}
			row.put("shops", shops);
			answer.add(row);
		}
		return ResponseEntity.ok(answer);
	}

}
