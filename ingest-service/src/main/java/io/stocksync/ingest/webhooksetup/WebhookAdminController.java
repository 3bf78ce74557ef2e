package io.stocksync.ingest.webhooksetup;

import java.util.Map;
import java.util.function.Function;

import io.stocksync.common.shop.ShopConfig;
import io.stocksync.common.shop.Sites;
import io.stocksync.woo.WooApiException;

import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RestController;

/**
 * Webhook administration of a shop (bearer token, like all of {@code /admin/**}):
 * {@code GET /admin/sites/{id}/webhooks} (status), {@code POST
 * /admin/sites/{id}/webhooks/register} (create or repair) and {@code POST
 * /admin/sites/{id}/webhooks/check} (the scheduled health check, now).
 */
@RestController
class WebhookAdminController {

	private final Sites sites;

	private final WebhookRegistrar registrar;

	private final WebhookHealthCheck healthCheck;

	WebhookAdminController(Sites sites, WebhookRegistrar registrar, WebhookHealthCheck healthCheck) {
		this.sites = sites;
		this.registrar = registrar;
		this.healthCheck = healthCheck;
	}

	@GetMapping("/admin/sites/{shopId}/webhooks")
	ResponseEntity<?> status(@PathVariable String shopId) {
		return withShop(shopId,
				(shop) -> ResponseEntity.ok(this.registrar.status(shop, this.healthCheck.lastReport(shop.id()))));
	}

	@PostMapping("/admin/sites/{shopId}/webhooks/register")
	ResponseEntity<?> register(@PathVariable String shopId) {
		return withShop(shopId, (shop) -> {
			try {
				return ResponseEntity.ok(this.registrar.register(shop));
			}
			catch (IllegalStateException ex) {
				return ResponseEntity.status(HttpStatus.CONFLICT)
					.body(Map.of("error", "public_base_url_missing", "message", ex.getMessage()));
			}
		});
	}

	@PostMapping("/admin/sites/{shopId}/webhooks/check")
	ResponseEntity<?> check(@PathVariable String shopId) {
		return withShop(shopId, (shop) -> {
			WebhookStatus.CheckReport report = this.healthCheck.check(shop);
			return ResponseEntity.status((report.error() == null) ? HttpStatus.OK : HttpStatus.BAD_GATEWAY)
				.body(report);
		});
	}

	private ResponseEntity<?> withShop(String shopId, Function<ShopConfig, ResponseEntity<?>> action) {
		ShopConfig shop = this.sites.find(shopId).orElse(null);
		if (shop == null) {
			return ResponseEntity.status(HttpStatus.NOT_FOUND)
				.body(Map.of("error", "unknown_shop", "message", "no shop with that id"));
		}
		if (shop.isShopify()) {
			return ResponseEntity.badRequest()
				.body(Map.of("error", "not_woocommerce", "message", "shop '" + shopId
						+ "' is a Shopify store: its webhook subscriptions are set up in the Shopify app (shopify.app.toml"
						+ " or webhookSubscriptionCreate); stock-sync neither registers nor checks them"));
		}
		try {
			return action.apply(shop);
		}
		catch (WooApiException ex) {
			return ResponseEntity.status(HttpStatus.BAD_GATEWAY)
				.body(Map.of("error", "shop_unavailable", "message", ex.getMessage()));
		}
		catch (IllegalArgumentException ex) {
			return ResponseEntity.status(HttpStatus.CONFLICT)
				.body(Map.of("error", "shop_not_configured", "message", ex.getMessage()));
		}
	}

}
