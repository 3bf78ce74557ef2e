package io.stocksync.propagator.mapping;

import java.time.Clock;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

import io.stocksync.common.shop.ShopConfig;
import io.stocksync.common.shop.Sites;
import io.stocksync.propagator.mapping.ManualMappingRepository.ManualMapping;
import io.stocksync.woo.CatalogueItem;

import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PutMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/**
 * Mappings as CSV, for operators: export what a shop's mapping is now (from its catalogue
 * and from manual entries), and replace the manual entries with an imported file. Format:
 * a header line {@code sku,product_id,variation_id}, then one line per SKU
 * ({@code variation_id} 0 for a product); RFC 4180 quoting, a byte order mark and CRLF
 * line ends as spreadsheets write them ({@link MappingCsv}).
 */
@RestController
class ManualMappingController {

	private static final List<String> EXPORT_HEADER = List.of("sku", "product_id", "variation_id", "source");

	private static final MediaType CSV = MediaType.parseMediaType("text/csv");

	private final Sites sites;

	private final MappingService mappings;

	private final ManualMappingRepository manual;

	private final Clock clock;

	ManualMappingController(Sites sites, MappingService mappings, ManualMappingRepository manual, Clock clock) {
		this.sites = sites;
		this.mappings = mappings;
		this.manual = manual;
		this.clock = clock;
	}

	@GetMapping(path = "/admin/mappings/export", produces = "text/csv")
	ResponseEntity<String> export(@RequestParam String shop) {
		if (this.sites.find(shop).isEmpty()) {
			return ResponseEntity.status(HttpStatus.NOT_FOUND)
				.contentType(MediaType.TEXT_PLAIN)
				.body("no shop with id '" + shop + "'\n");
		}
		Set<String> manualSkus = new HashSet<>();
		this.manual.forShop(shop).forEach((entry) -> manualSkus.add(entry.sku()));
		List<List<Object>> rows = new ArrayList<>();
		this.mappings.current(shop).ifPresent((mapping) -> {
			for (CatalogueItem item : mapping.bySku().values()) {
				rows.add(List.of(item.sku(), item.productId(), item.variationId(),
						manualSkus.contains(item.sku()) ? "manual" : "catalogue"));
			}
		});
		return ResponseEntity.ok().contentType(CSV).body(MappingCsv.write(EXPORT_HEADER, rows));
	}

	@PutMapping(path = "/admin/mappings/manual", consumes = { "text/csv", "text/plain" })
	ResponseEntity<Map<String, Object>> replace(@RequestParam String shop, @RequestBody(required = false) String body) {
		ShopConfig config = this.sites.find(shop).orElse(null);
		if (config == null) {
			return ResponseEntity.status(HttpStatus.NOT_FOUND)
				.body(Map.of("error", "unknown_shop", "message", "no shop with id '" + shop + "'"));
		}
		MappingCsv.Parsed parsed = MappingCsv.parse((body != null) ? body : "");
		if (parsed.problem() != null) {
			return ResponseEntity.badRequest().body(Map.of("error", "invalid_csv", "message", parsed.problem()));
		}
		List<ManualMapping> entries = parsed.entries();
		this.manual.replace(shop, entries, this.clock.instant());
		Map<String, Object> answer = new LinkedHashMap<>();
		answer.put("shop", shop);
		answer.put("manualMappings", entries.size());
		try {
			answer.put("skus", this.mappings.refresh(config).bySku().size());
		}
		catch (RuntimeException ex) {
			answer.put("refreshError", ex.getMessage()); // stored; applied at the next
															// successful refresh
		}
		return ResponseEntity.ok(answer);
	}

}
