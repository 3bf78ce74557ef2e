package io.stocksync.propagator.deadletter;

import java.util.Map;

import io.stocksync.common.shop.Sites;

import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/** Operator endpoints of the shops' DLTs: list and replay. */
@RestController
class DeadLetterController {

	private final Sites sites;

	private final DeadLetterService deadLetters;

	DeadLetterController(Sites sites, DeadLetterService deadLetters) {
		this.sites = sites;
		this.deadLetters = deadLetters;
	}

	@GetMapping("/admin/dlt")
	ResponseEntity<?> deadLetters(@RequestParam(required = false) String shop,
			@RequestParam(defaultValue = "false") boolean includeReplayed) {
		if (shop != null && this.sites.find(shop).isEmpty()) {
			return unknownShop(shop);
		}
		return ResponseEntity.ok(this.deadLetters.list(shop, includeReplayed));
	}

	@PostMapping("/admin/dlt/replay")
	ResponseEntity<?> replay(@RequestParam(required = false) String shop, @RequestParam(required = false) String sku) {
		if (shop != null && this.sites.find(shop).isEmpty()) {
			return unknownShop(shop);
		}
		return ResponseEntity.ok(this.deadLetters.replay(shop, sku));
	}

	private static ResponseEntity<Map<String, String>> unknownShop(String shopId) {
		return ResponseEntity.status(HttpStatus.NOT_FOUND)
			.body(Map.of("error", "unknown_shop", "message", "no shop with id '" + shopId + "'"));
	}

}
