package io.stocksync.propagator.mapping;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import io.stocksync.common.shop.ShopConfig;
import io.stocksync.common.shop.Sites;
import io.stocksync.propagator.push.PushService;

import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

@RestController
class MappingController {

	private final Sites sites;

	private final MappingService mappings;

	private final PushService push;

	MappingController(Sites sites, MappingService mappings, PushService push) {
		this.sites = sites;
		this.mappings = mappings;
		this.push = push;
	}

	@PostMapping("/admin/refresh-mappings")
	List<Map<String, Object>> refreshAll() {
		List<Map<String, Object>> reports = new ArrayList<>();
		for (ShopConfig shop : this.sites.all()) {
			reports.add(refreshReport(shop));
		}
		return reports;
	}

	@PostMapping("/admin/refresh-mappings/{shopId}")
	ResponseEntity<Map<String, Object>> refresh(@PathVariable String shopId) {
		return this.sites.find(shopId).map((shop) -> {
			Map<String, Object> report = refreshReport(shop);
			return report.containsKey("error") ? ResponseEntity.status(HttpStatus.BAD_GATEWAY).body(report)
					: ResponseEntity.ok(report);
		}).orElseGet(() -> unknownShop(shopId));
	}

	@GetMapping("/admin/mappings")
	ResponseEntity<?> list(@RequestParam String shop) {
		if (this.sites.find(shop).isEmpty()) {
			return unknownShop(shop);
		}
		return (this.sites.find(shop).get().isShopify() ? this.push.currentShopifyMapping(shop)
				: this.mappings.current(shop))
			.<ResponseEntity<?>>map(ResponseEntity::ok)
			.orElseGet(() -> ResponseEntity.status(HttpStatus.SERVICE_UNAVAILABLE)
				.body(Map.of("error", "not_loaded", "message", "the catalogue of shop " + shop + " was not read yet")));
	}

	private Map<String, Object> refreshReport(ShopConfig shop) {
		Map<String, Object> report = new LinkedHashMap<>();
		report.put("shop", shop.id());
		try {
			// a Shopify store's writer keeps its own catalogue (SKU to inventory item)
			ShopMapping mapping = shop.isShopify() ? this.push.readShopifyMapping(shop.id())
					: this.mappings.refresh(shop);
			if (shop.isShopify()) {
				report.put("platform", "shopify");
			}
			report.put("skus", mapping.bySku().size());
			report.put("duplicateSkus", mapping.duplicateSkus());
			report.put("notStockManaged", mapping.notStockManaged());
			report.put("withoutSku", mapping.withoutSku());
		}
		catch (RuntimeException ex) {
			report.put("error", ex.getMessage());
		}
		return report;
	}

	private static <T> ResponseEntity<T> unknownShop(String shopId) {
		@SuppressWarnings("unchecked")
		T body = (T) Map.of("error", "unknown_shop", "message", "no shop with id '" + shopId + "'");
		return ResponseEntity.status(HttpStatus.NOT_FOUND).body(body);
	}

}
