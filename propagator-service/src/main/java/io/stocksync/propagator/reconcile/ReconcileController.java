package io.stocksync.propagator.reconcile;

import java.util.Map;

import io.stocksync.common.shop.Sites;

import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/** Operator endpoints of the drift check: run it now, and the last report per shop. */
@RestController
class ReconcileController {

	private final Sites sites;

	private final ReconcileService reconcile;

	ReconcileController(Sites sites, ReconcileService reconcile) {
		this.sites = sites;
		this.reconcile = reconcile;
	}

	/**
	 * Checks one shop (its report; 502 if its catalogue could not be read) or every shop
	 * (a list of reports) now. Answers once the corrections are confirmed or given up.
	 */
	@PostMapping("/admin/reconcile")
	ResponseEntity<?> run(@RequestParam(required = false) String shop) {
		if (shop == null) {
			return ResponseEntity.ok(this.reconcile.reconcileAll());
		}
		return this.sites.find(shop).<ResponseEntity<?>>map((config) -> {
			ReconcileReport report = this.reconcile.reconcile(config);
			return ReconcileReport.ERROR.equals(report.status())
					? ResponseEntity.status(HttpStatus.BAD_GATEWAY).body(report) : ResponseEntity.ok(report);
		}).orElseGet(() -> unknownShop(shop));
	}

	/** The last stored report of every shop that has one (or of one shop), by shop id. */
	@GetMapping("/admin/reconcile/last")
	ResponseEntity<?> last(@RequestParam(required = false) String shop) {
		if (shop != null && this.sites.find(shop).isEmpty()) {
			return unknownShop(shop);
		}
		return ResponseEntity.ok(this.reconcile.last(shop));
	}

	private static ResponseEntity<Map<String, String>> unknownShop(String shopId) {
		return ResponseEntity.status(HttpStatus.NOT_FOUND)
			.body(Map.of("error", "unknown_shop", "message", "no shop with id '" + shopId + "'"));
	}

}
