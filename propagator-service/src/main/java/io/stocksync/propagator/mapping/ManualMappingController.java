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
 * Mappings as CSV, for operators: export what a shop's mapping is now (from its catalogue and from manual entries),
 * and replace the manual entries with an imported file. Format: a header line
 * {@code sku,product_id,variation_id}, then one line per SKU ({@code variation_id} 0 for a product). Fields hold no
 * commas or quotes.
 */
@RestController
class ManualMappingController {

	private static final String HEADER = "sku,product_id,variation_id";

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
			return ResponseEntity.status(HttpStatus.NOT_FOUND).contentType(MediaType.TEXT_PLAIN)
				.body("no shop with id '" + shop + "'\n");
		}
		Set<String> manualSkus = new HashSet<>();
		this.manual.forShop(shop).forEach((entry) -> manualSkus.add(entry.sku()));
		StringBuilder csv = new StringBuilder(HEADER).append(",source\n");
		this.mappings.current(shop).ifPresent((mapping) -> {
			for (CatalogueItem item : mapping.bySku().values()) {
				csv.append(item.sku()).append(',').append(item.productId()).append(',').append(item.variationId())
					.append(',').append(manualSkus.contains(item.sku()) ? "manual" : "catalogue").append('\n');
			}
		});
		return ResponseEntity.ok().contentType(CSV).body(csv.toString());
	}

	@PutMapping(path = "/admin/mappings/manual", consumes = { "text/csv", "text/plain" })
	ResponseEntity<Map<String, Object>> replace(@RequestParam String shop, @RequestBody(required = false) String body) {
		ShopConfig config = this.sites.find(shop).orElse(null);
		if (config == null) {
			return ResponseEntity.status(HttpStatus.NOT_FOUND)
				.body(Map.of("error", "unknown_shop", "message", "no shop with id '" + shop + "'"));
		}
		List<ManualMapping> entries = new ArrayList<>();
		String problem = parse((body != null) ? body : "", entries);
		if (problem != null) {
			return ResponseEntity.badRequest().body(Map.of("error", "invalid_csv", "message", problem));
		}
		this.manual.replace(shop, entries, this.clock.instant());
		Map<String, Object> answer = new LinkedHashMap<>();
		answer.put("shop", shop);
		answer.put("manualMappings", entries.size());
		try {
			answer.put("skus", this.mappings.refresh(config).bySku().size());
		}
		catch (RuntimeException ex) {
			answer.put("refreshError", ex.getMessage()); // stored; applied at the next successful refresh
		}
		return ResponseEntity.ok(answer);
	}

	/* Fills entries; returns what is wrong (with the line number), or null. */
	static String parse(String csv, List<ManualMapping> entries) {
		String[] lines = csv.replace("\r", "").split("\n");
		if (lines.length == 0 || !lines[0].trim().equalsIgnoreCase(HEADER)) {
			return "line 1 must be the header '" + HEADER + "'";
		}
		Set<String> seen = new HashSet<>();
		for (int i = 1; i < lines.length; i++) {
			String line = lines[i].trim();
			if (line.isEmpty()) {
				continue;
			}
			String[] fields = line.split(",", -1);
			if (fields.length != 3 || line.contains("\"")) {
				return "line " + (i + 1) + ": expected sku,product_id,variation_id";
			}
			String sku = fields[0].trim();
			if (sku.isEmpty() || !seen.add(sku)) {
				return "line " + (i + 1) + ": SKU '" + sku + "' is empty or repeated";
			}
			try {
				long productId = Long.parseLong(fields[1].trim());
				long variationId = Long.parseLong(fields[2].trim());
				if (productId <= 0 || variationId < 0) {
					return "line " + (i + 1) + ": ids must be positive (variation_id 0 for a product)";
				}
				entries.add(new ManualMapping(sku, productId, variationId));
			}
			catch (NumberFormatException ex) {
				return "line " + (i + 1) + ": product_id and variation_id must be whole numbers";
			}
		}
		return null;
	}

}
