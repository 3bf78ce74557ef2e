package io.stocksync.ingest.poll;

import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.LinkedHashMap;
import java.util.Map;

import io.stocksync.common.shop.ShopConfig;
import io.stocksync.common.shop.Sites;
import io.stocksync.ingest.shopify.ShopifyOrderPoller;

import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.PutMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RestController;

/**
 * {@code POST /admin/sites/{shopId}/poll-orders}: the missed-order poll of one shop, now
 * (DESIGN §6); a Shopify store's is {@link ShopifyOrderPoller} (its watermark too).
 */
@RestController
class PollController {

	private final Sites sites;

	private final OrderPoller poller;

	private final ShopifyOrderPoller shopify;

	PollController(Sites sites, OrderPoller poller, ShopifyOrderPoller shopify) {
		this.sites = sites;
		this.poller = poller;
		this.shopify = shopify;
	}

	@PostMapping("/admin/sites/{shopId}/poll-orders")
	ResponseEntity<?> pollNow(@PathVariable String shopId) {
		ShopConfig shop = this.sites.find(shopId).orElse(null);
		if (shop == null) {
			return ResponseEntity.status(HttpStatus.NOT_FOUND)
				.body(Map.of("error", "unknown_shop", "message", "no shop with that id"));
		}
		PollReport report = shop.isShopify() ? this.shopify.poll(shop, "admin") : this.poller.poll(shop, "admin");
		return ResponseEntity.status(report.succeeded() ? HttpStatus.OK : HttpStatus.BAD_GATEWAY).body(report);
	}

	/**
	 * The shop's poll watermark: the poll reads orders modified after it (minus the
	 * overlap).
	 */
	@GetMapping("/admin/sites/{shopId}/poll-watermark")
	ResponseEntity<?> watermark(@PathVariable String shopId) {
		ShopConfig shop = this.sites.find(shopId).orElse(null);
		if (shop == null) {
			return unknownShop();
		}
		Map<String, Object> body = new LinkedHashMap<>();
		body.put("shopId", shopId);
		body.put("watermark", shop.isShopify() ? this.shopify.watermark(shop) : this.poller.watermark(shop));
		return ResponseEntity.ok(body);
	}

	/**
	 * Moves the shop's poll watermark forward to {@code {"watermark": "<ISO instant>"}},
	 * never back: the ledger's onboarding baseline hands over its cut so that the first
	 * poll after it starts there.
	 */
	@PutMapping("/admin/sites/{shopId}/poll-watermark")
	ResponseEntity<?> advanceWatermark(@PathVariable String shopId, @RequestBody WatermarkRequest request) {
		ShopConfig shop = this.sites.find(shopId).orElse(null);
		if (shop == null) {
			return unknownShop();
		}
		Instant watermark;
		try {
			watermark = Instant.parse(String.valueOf(request.watermark()));
		}
		catch (DateTimeParseException ex) {
			return ResponseEntity.badRequest()
				.body(Map.of("error", "invalid_request", "message", "watermark must be an ISO-8601 instant"));
		}
		return ResponseEntity.ok(shop.isShopify() ? this.shopify.advanceWatermark(shop, watermark)
				: this.poller.advanceWatermark(shop, watermark));
	}

	private static ResponseEntity<?> unknownShop() {
		return ResponseEntity.status(HttpStatus.NOT_FOUND)
			.body(Map.of("error", "unknown_shop", "message", "no shop with that id"));
	}

	/** Body of {@code PUT /admin/sites/{shopId}/poll-watermark}. */
	record WatermarkRequest(String watermark) {
	}

}
