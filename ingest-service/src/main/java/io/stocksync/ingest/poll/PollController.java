package io.stocksync.ingest.poll;

import java.util.Map;

import io.stocksync.common.shop.ShopConfig;
import io.stocksync.common.shop.Sites;

import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RestController;

/** {@code POST /admin/sites/{shopId}/poll-orders}: the missed-order poll of one shop, now (DESIGN §6). */
@RestController
class PollController {

	private final Sites sites;

	private final OrderPoller poller;

	PollController(Sites sites, OrderPoller poller) {
		this.sites = sites;
		this.poller = poller;
	}

	@PostMapping("/admin/sites/{shopId}/poll-orders")
	ResponseEntity<?> pollNow(@PathVariable String shopId) {
		ShopConfig shop = this.sites.find(shopId).orElse(null);
		if (shop == null) {
			return ResponseEntity.status(HttpStatus.NOT_FOUND)
				.body(Map.of("error", "unknown_shop", "message", "no shop with that id"));
		}
		PollReport report = this.poller.poll(shop, "admin");
		return ResponseEntity.status(report.succeeded() ? HttpStatus.OK : HttpStatus.BAD_GATEWAY).body(report);
	}

}
