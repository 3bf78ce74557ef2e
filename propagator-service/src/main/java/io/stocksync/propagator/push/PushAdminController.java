package io.stocksync.propagator.push;

import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

import io.stocksync.common.shop.Sites;
import io.stocksync.propagator.mapping.MappingService;
import io.stocksync.propagator.mapping.ShopMapping;
import io.stocksync.propagator.write.PushRepository;
import io.stocksync.propagator.write.ShopWriter;
import io.stocksync.propagator.write.ShopWriters;
import io.stocksync.propagator.write.StockWriter;

import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/**
 * Operator endpoints of the push: shop pause/resume and status, missing SKUs, own writes.
 */
@RestController
class PushAdminController {

	private final Sites sites;

	private final ShopWriters writers;

	private final PushRepository repository;

	private final MappingService mappings;

	private final Clock clock;

	PushAdminController(Sites sites, ShopWriters writers, PushRepository repository, MappingService mappings,
			Clock clock) {
		this.sites = sites;
		this.writers = writers;
		this.repository = repository;
		this.mappings = mappings;
		this.clock = clock;
	}

	@GetMapping("/admin/sites")
	List<ShopWriter.Status> sites() {
		return this.writers.all().stream().map(StockWriter::status).toList();
	}

	@PostMapping("/admin/sites/{shopId}/pause")
	ResponseEntity<?> pause(@PathVariable String shopId) {
		if (this.writers.find(shopId).isEmpty()) {
			return unknownShop(shopId);
		}
		this.writers.pause(shopId);
		return ResponseEntity.ok(this.writers.writer(shopId).status());
	}

	@PostMapping("/admin/sites/{shopId}/resume")
	ResponseEntity<?> resume(@PathVariable String shopId) {
		if (this.writers.find(shopId).isEmpty()) {
			return unknownShop(shopId);
		}
		this.writers.resume(shopId);
		return ResponseEntity.ok(this.writers.writer(shopId).status());
	}

	/**
	 * SKUs of the pool (every SKU a stock change was seen for) that the shop cannot
	 * receive: not listed at all, listed more than once, or not stock-managed there.
	 */
	@GetMapping("/admin/missing-skus")
	ResponseEntity<?> missingSkus(@RequestParam String shop) {
		if (this.sites.find(shop).isEmpty()) {
			return unknownShop(shop);
		}
		ShopMapping mapping = this.mappings.current(shop).orElse(null);
		if (mapping == null) {
			return ResponseEntity.status(HttpStatus.SERVICE_UNAVAILABLE)
				.body(Map.of("error", "not_loaded", "message", "the catalogue of shop " + shop + " was not read yet"));
		}
		Set<String> known = this.repository.knownSkus();
		List<String> absent = new ArrayList<>();
		List<String> duplicate = new ArrayList<>();
		List<String> notStockManaged = new ArrayList<>();
		for (String sku : known) {
			if (mapping.find(sku).isPresent()) {
				continue;
			}
			if (mapping.duplicateSkus().contains(sku)) {
				duplicate.add(sku);
			}
			else if (mapping.notStockManaged().contains(sku)) {
				notStockManaged.add(sku);
			}
			else {
				absent.add(sku);
			}
		}
		Map<String, Object> report = new LinkedHashMap<>();
		report.put("shop", shop);
		report.put("poolSkus", known.size());
		report.put("mappingRefreshedAt", mapping.refreshedAt());
		report.put("absent", absent);
		report.put("duplicate", duplicate);
		report.put("notStockManaged", notStockManaged);
		return ResponseEntity.ok(report);
	}

	/** Loop safety: what the propagator wrote to a shop, newest first. */
	@GetMapping("/admin/writes")
	ResponseEntity<?> writes(@RequestParam String shop, @RequestParam(required = false) String sku,
			@RequestParam(defaultValue = "100") int limit) {
		if (this.sites.find(shop).isEmpty()) {
			return unknownShop(shop);
		}
		return ResponseEntity.ok(this.repository.writes(shop, sku, Math.max(1, Math.min(limit, 1000))));
	}

	/**
	 * Loop safety: whether a {@code product.updated} of this shop (its {@code id},
	 * {@code parent_id} and {@code stock_quantity}) is the echo of one of our own writes
	 * within the given time.
	 */
	@GetMapping("/admin/writes/own")
	ResponseEntity<?> ownWrite(@RequestParam String shop, @RequestParam long productId,
			@RequestParam(defaultValue = "0") long variationId, @RequestParam long quantity,
			@RequestParam(defaultValue = "PT15M") Duration within) {
		if (this.sites.find(shop).isEmpty()) {
			return unknownShop(shop);
		}
		boolean own = this.repository.isOwnWrite(shop, productId, variationId, quantity,
				this.clock.instant().minus(within));
		return ResponseEntity.ok(Map.of("shop", shop, "productId", productId, "variationId", variationId, "quantity",
				quantity, "own", own));
	}

	private static ResponseEntity<Map<String, String>> unknownShop(String shopId) {
		return ResponseEntity.status(HttpStatus.NOT_FOUND)
			.body(Map.of("error", "unknown_shop", "message", "no shop with id '" + shopId + "'"));
	}

}
