package io.stocksync.propagator.handedit;

import java.util.Map;

import io.stocksync.common.shop.Sites;

import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/** {@code GET /admin/hand-edits}: the hand edits seen on the shops. */
@RestController
class HandEditController {

	private final Sites sites;

	private final HandEditRepository repository;

	HandEditController(Sites sites, HandEditRepository repository) {
		this.sites = sites;
		this.repository = repository;
	}

	/**
	 * Hand edits seen (restored or adopted), newest first; all shops without
	 * {@code shop}.
	 */
	@GetMapping("/admin/hand-edits")
	ResponseEntity<?> handEdits(@RequestParam(required = false) String shop,
			@RequestParam(defaultValue = "100") int limit) {
		if (shop != null && this.sites.find(shop).isEmpty()) {
			return unknownShop(shop);
		}
		return ResponseEntity.ok(this.repository.handEdits(shop, Math.max(1, Math.min(limit, 1000))));
	}

	private static ResponseEntity<Map<String, String>> unknownShop(String shopId) {
		return ResponseEntity.status(HttpStatus.NOT_FOUND)
			.body(Map.of("error", "unknown_shop", "message", "no shop with id '" + shopId + "'"));
	}

}
