package io.stocksync.propagator.mapping;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;

import io.stocksync.common.shop.ShopConfig;
import io.stocksync.common.shop.Sites;
import io.stocksync.propagator.shopify.ShopifyApiException;
import io.stocksync.propagator.shopify.ShopifyClients;
import io.stocksync.woo.WooApiException;
import io.stocksync.woo.WooClients;

import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RestController;

/**
 * {@code POST /admin/sites/{shopId}/test-connection}: one cheap authenticated read of the
 * shop's REST API (a Shopify store's GraphQL Admin API: its primary location), to check
 * its URL and credentials (for example right after adding it to the sites file). The
 * answer never contains them.
 */
@RestController
class ConnectionController {

	private final Sites sites;

	private final WooClients clients;

	private final ShopifyClients shopify;

	private final Clock clock;

	ConnectionController(Sites sites, WooClients clients, ShopifyClients shopify, Clock clock) {
		this.sites = sites;
		this.clients = clients;
		this.shopify = shopify;
		this.clock = clock;
	}

	@PostMapping("/admin/sites/{shopId}/test-connection")
	ResponseEntity<Map<String, Object>> test(@PathVariable String shopId) {
		ShopConfig shop = this.sites.find(shopId).orElse(null);
		if (shop == null) {
			return ResponseEntity.status(HttpStatus.NOT_FOUND)
				.body(Map.of("error", "unknown_shop", "message", "no shop with id '" + shopId + "'"));
		}
		Map<String, Object> report = new LinkedHashMap<>();
		report.put("shop", shop.id());
		report.put("baseUrl", shop.baseUrl());
		Instant start = this.clock.instant();
		if (shop.isShopify()) {
			report.put("platform", "shopify");
			report.put("apiVersion", shop.apiVersion());
			try {
				// the cheapest authenticated read: the primary location (1 cost point)
				report.put("primaryLocationId", this.shopify.forShop(shop).primaryLocationId());
				report.put("locationId", shop.locationId());
				report.put("ok", true);
			}
			catch (ShopifyApiException ex) {
				report.put("ok", false);
				report.put("status", ex.status());
				report.put("error", ex.getMessage());
			}
			return answer(report, start);
		}
		report.put("auth", shop.auth().json());
		try {
			report.put("products", this.clients.forShop(shop).countProducts());
			report.put("ok", true);
		}
		catch (WooApiException ex) {
			report.put("ok", false);
			report.put("status", ex.status());
			report.put("error", ex.getMessage());
		}
		return answer(report, start);
	}

	private ResponseEntity<Map<String, Object>> answer(Map<String, Object> report, Instant start) {
		report.put("millis", Duration.between(start, this.clock.instant()).toMillis());
		return ResponseEntity.status(Boolean.TRUE.equals(report.get("ok")) ? HttpStatus.OK : HttpStatus.BAD_GATEWAY)
			.body(report);
	}

}
