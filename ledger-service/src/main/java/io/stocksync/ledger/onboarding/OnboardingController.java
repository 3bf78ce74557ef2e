package io.stocksync.ledger.onboarding;

import java.util.List;
import java.util.Map;
import java.util.Optional;

import io.stocksync.common.shop.ShopConfig;
import io.stocksync.common.shop.Sites;

import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/**
 * Onboarding (see {@link Onboarding}): {@code POST /admin/stock/import?fromShop=} seeds
 * the pool from one shop and records the baseline of every configured shop at the same
 * instant (WooCommerce shops and Shopify stores alike: a Shopify store's stock is its
 * {@code available} at the synced location, its orders are read through the GraphQL Admin
 * API); {@code POST /admin/orders/baseline[?shop=]} records the baseline of a shop added
 * later (or of all); {@code GET /admin/orders/baseline} shows the job. Both starts answer
 * 202 with the job's status, 409 with the running job's status while one runs, 404 for an
 * unknown shop.
 */
@RestController
class OnboardingController {

	private final Onboarding onboarding;

	private final Sites sites;

	OnboardingController(Onboarding onboarding, Sites sites) {
		this.onboarding = onboarding;
		this.sites = sites;
	}

	@PostMapping("/admin/stock/import")
	ResponseEntity<Object> importFromShop(@RequestParam String fromShop) {
		Optional<ShopConfig> from = this.sites.find(fromShop);
		if (from.isEmpty()) {
			return unknownShop(fromShop);
		}
		return started(this.onboarding.start(fromShop, this.sites.all()));
	}

	@PostMapping("/admin/orders/baseline")
	ResponseEntity<Object> baseline(@RequestParam Optional<String> shop) {
		List<ShopConfig> shops = this.sites.all();
		if (shop.isPresent()) {
			Optional<ShopConfig> one = this.sites.find(shop.get());
			if (one.isEmpty()) {
				return unknownShop(shop.get());
			}
			shops = List.of(one.get());
		}
		return started(this.onboarding.start(null, shops));
	}

	@GetMapping("/admin/orders/baseline")
	BaselineStatus status() {
		return this.onboarding.status();
	}

	private ResponseEntity<Object> started(BaselineStatus started) {
		if (started == null) {
			return ResponseEntity.status(HttpStatus.CONFLICT)
				.body(Map.of("error", "onboarding_running", "message",
						"an onboarding job is running; GET /admin/orders/baseline shows it", "job",
						this.onboarding.status()));
		}
		return ResponseEntity.status(HttpStatus.ACCEPTED).body(started);
	}

	private static ResponseEntity<Object> unknownShop(String shopId) {
		return ResponseEntity.status(HttpStatus.NOT_FOUND)
			.body(Map.of("error", "unknown_shop", "message", "no shop with id '" + shopId + "'"));
	}

}
