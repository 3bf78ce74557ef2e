package io.stocksync.propagator.mapping;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;

import io.stocksync.common.shop.ShopConfig;
import io.stocksync.common.shop.Sites;
import io.stocksync.woo.WooApiException;
import io.stocksync.woo.WooClients;

import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RestController;

/**
 * {@code POST /admin/sites/{shopId}/test-connection}: one cheap authenticated read of the
 * shop's REST API, to check its URL and credentials (for example right after adding it to
 * the sites file). The answer never contains them.
 */
@RestController
class ConnectionController {

	private final Sites sites;

	private final WooClients clients;

	private final Clock clock;

	ConnectionController(Sites sites, WooClients clients, Clock clock) {
		this.sites = sites;
		this.clients = clients;
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
		report.put("auth", shop.auth().json());
		Instant start = this.clock.instant();
		try {
			report.put("products", this.clients.forShop(shop).countProducts());
			report.put("ok", true);
		}
		catch (WooApiException ex) {
			report.put("ok", false);
			report.put("status", ex.status());
			report.put("error", ex.getMessage());
		}
		report.put("millis", Duration.between(start, this.clock.instant()).toMillis());
		return ResponseEntity.status(Boolean.TRUE.equals(report.get("ok")) ? HttpStatus.OK : HttpStatus.BAD_GATEWAY)
			.body(report);
	}

}
