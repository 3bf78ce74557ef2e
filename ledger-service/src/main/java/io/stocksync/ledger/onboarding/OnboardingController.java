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
 * instant; {@code POST /admin/orders/baseline[?shop=]} records the baseline of a shop
 * added later (or of all); {@code GET /admin/orders/baseline} shows the job. Both starts
 * answer 202 with the job's status, 409 with the running job's status while one runs, 404
 * for an unknown shop.
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
		if (!from.get().isWooCommerce()) {
			return notWooCommerce(fromShop);
		}
		return started(this.onboarding.start(fromShop, wooCommerceShops()));
	}

	@PostMapping("/admin/orders/baseline")
	ResponseEntity<Object> baseline(@RequestParam Optional<String> shop) {
		List<ShopConfig> shops = wooCommerceShops();
		if (shop.isPresent()) {
			Optional<ShopConfig> one = this.sites.find(shop.get());
			if (one.isEmpty()) {
				return unknownShop(shop.get());
			}
			if (!one.get().isWooCommerce()) {
				return notWooCommerce(shop.get());
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

	/*
	 * The baseline and the import read WooCommerce's REST API; Shopify stores are not
	 * onboarded this way yet.
	 */
	private List<ShopConfig> wooCommerceShops() {
		return this.sites.all().stream().filter(ShopConfig::isWooCommerce).toList();
	}

	private static ResponseEntity<Object> notWooCommerce(String shopId) {
		return ResponseEntity.badRequest()
			.body(Map.of("error", "not_woocommerce", "message", "shop '" + shopId
					+ "' is a Shopify store: the import and the order baseline read WooCommerce shops only"));
	}

	private static ResponseEntity<Object> unknownShop(String shopId) {
		return ResponseEntity.status(HttpStatus.NOT_FOUND)
			.body(Map.of("error", "unknown_shop", "message", "no shop with id '" + shopId + "'"));
	}

}
