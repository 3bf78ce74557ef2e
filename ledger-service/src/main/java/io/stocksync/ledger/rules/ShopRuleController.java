package io.stocksync.ledger.rules;

import java.time.Clock;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.UUID;

import io.stocksync.common.event.ShopRuleChangeRequested;
import io.stocksync.common.rules.SkuRule;
import io.stocksync.common.shop.Sites;
import io.stocksync.ledger.adjustment.AdjustmentPublisher;

import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PutMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RestController;

/**
 * Per-SKU overrides of a shop's rules. Changes go through the adjustments topic like any
 * operator request (202), so the log rebuilds them; the ledger then publishes the SKU
 * again with the overrides in its {@code StockChanged}.
 */
@RestController
class ShopRuleController {

	private final Sites sites;

	private final ShopRules rules;

	private final AdjustmentPublisher publisher;

	private final Clock clock;

	ShopRuleController(Sites sites, ShopRules rules, AdjustmentPublisher publisher, Clock clock) {
		this.sites = sites;
		this.rules = rules;
		this.publisher = publisher;
		this.clock = clock;
	}

	/** The overrides of one shop, by SKU. */
	@GetMapping("/admin/shops/{shopId}/rules")
	ResponseEntity<?> list(@PathVariable String shopId) {
		if (this.sites.find(shopId).isEmpty()) {
			return unknownShop(shopId);
		}
		return ResponseEntity.ok(Map.of("shop", shopId, "rules", this.rules.forShop(shopId)));
	}

	/** Sets the override of one SKU on one shop (values left out keep the shop's own). */
	@PutMapping("/admin/shops/{shopId}/rules/{sku}")
	ResponseEntity<?> put(@PathVariable String shopId, @PathVariable String sku, @RequestBody SkuRule rule) {
		if (this.sites.find(shopId).isEmpty()) {
			return unknownShop(shopId);
		}
		if (rule.problem() != null) {
			return ResponseEntity.badRequest().body(Map.of("error", "invalid_request", "message", rule.problem()));
		}
		return publish(shopId, sku, rule);
	}

	/** Removes the override: the shop's own rules apply to the SKU again. */
	@DeleteMapping("/admin/shops/{shopId}/rules/{sku}")
	ResponseEntity<?> delete(@PathVariable String shopId, @PathVariable String sku) {
		if (this.sites.find(shopId).isEmpty()) {
			return unknownShop(shopId);
		}
		return publish(shopId, sku, null);
	}

	private ResponseEntity<?> publish(String shopId, String sku, SkuRule rule) {
		ShopRuleChangeRequested event = new ShopRuleChangeRequested(ShopRuleChangeRequested.SCHEMA_VERSION,
				UUID.randomUUID().toString(), shopId, sku, rule, this.clock.instant());
		this.publisher.publishRequest(sku, event);
		Map<String, Object> body = new LinkedHashMap<>();
		body.put("status", "accepted");
		body.put("shop", shopId);
		body.put("sku", sku);
		body.put("rule", rule);
		body.put("eventId", event.eventId());
		return ResponseEntity.status(HttpStatus.ACCEPTED).body(body);
	}

	private static ResponseEntity<?> unknownShop(String shopId) {
		return ResponseEntity.status(HttpStatus.NOT_FOUND)
			.body(Map.of("error", "unknown_shop", "message", "no shop with id '" + shopId + "'"));
	}

}
