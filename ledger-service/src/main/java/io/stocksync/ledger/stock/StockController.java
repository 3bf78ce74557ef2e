package io.stocksync.ledger.stock;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import io.stocksync.common.rules.Allocation;
import io.stocksync.common.rules.SkuRule;
import io.stocksync.common.shop.ShopConfig;
import io.stocksync.common.shop.Sites;
import io.stocksync.ledger.kit.KitStock;
import io.stocksync.ledger.rules.ShopRules;

import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/** Admin read access to the pool, its audit trail and its oversells. */
@RestController
class StockController {

	private static final int MAX_PAGE = 1000;

	private final StockRepository stock;

	private final Sites sites;

	private final ShopRules rules;

	private final KitStock kits;

	StockController(StockRepository stock, Sites sites, ShopRules rules, KitStock kits) {
		this.stock = stock;
		this.sites = sites;
		this.rules = rules;
		this.kits = kits;
	}

	/**
	 * SKUs in order; page with {@code after=<last sku of the previous page>}.
	 * {@code filter=oversold} lists only SKUs below zero, {@code filter=low&threshold=N}
	 * those at or below N (default 5).
	 */
	@GetMapping("/admin/stock")
	ResponseEntity<?> list(@RequestParam(defaultValue = "") String after, @RequestParam(defaultValue = "100") int limit,
			@RequestParam(defaultValue = "all") String filter, @RequestParam(defaultValue = "5") long threshold) {
		Long maxOnHand = switch (filter) {
			case "all" -> null;
			case "oversold" -> -1L;
			case "low" -> threshold;
			default -> Long.MIN_VALUE;
		};
		if (maxOnHand != null && maxOnHand == Long.MIN_VALUE) {
			return ResponseEntity.badRequest()
				.body(Map.of("error", "invalid_request", "message", "filter must be one of all, low, oversold"));
		}
		return ResponseEntity.ok(this.stock.page(after, maxOnHand, clamp(limit)));
	}

	/**
	 * One SKU (or kit) with what every shop should show of it and why: the rules of
	 * {@link Allocation} in their order, with the SKU's per-shop overrides.
	 */
	@GetMapping("/admin/stock/{sku}")
	ResponseEntity<?> get(@PathVariable String sku) {
		Map<String, Object> body = new LinkedHashMap<>();
		long available;
		boolean backorders;
		var kit = this.kits.find(sku);
		if (kit.isPresent()) {
			available = kit.get().available();
			backorders = false;
			body.put("sku", sku);
			body.put("onHand", available);
			body.put("available", available);
			body.put("backorders", false);
			body.put("version", kit.get().version());
			body.put("updatedAt", kit.get().updatedAt());
			body.put("kit", kit.get().components());
		}
		else {
			var level = this.stock.find(sku);
			if (level.isEmpty()) {
				return unknown(sku);
			}
			available = level.get().available();
			backorders = level.get().backorders();
			body.put("sku", sku);
			body.put("onHand", level.get().onHand());
			body.put("available", available);
			body.put("backorders", backorders);
			body.put("version", level.get().version());
			body.put("updatedAt", level.get().updatedAt());
		}
		Map<String, SkuRule> overrides = this.rules.forSkus(List.of(sku)).getOrDefault(sku, Map.of());
		List<Map<String, Object>> shops = new java.util.ArrayList<>();
		for (ShopConfig shop : this.sites.all()) {
			Allocation.Published published = Allocation.publish(shop, available, backorders, overrides.get(shop.id()));
			Map<String, Object> row = new LinkedHashMap<>();
			row.put("shop", shop.id());
			row.put("quantity", published.quantity());
			row.put("sync", published.sync());
			row.put("override", overrides.get(shop.id()));
			row.put("why", published.why());
			shops.add(row);
		}
		body.put("shops", shops);
		return ResponseEntity.ok(body);
	}

	/**
	 * Every change of the SKU with its cause, newest first. Page with
	 * {@code before=<nextBefore of the previous
	 * page>}; {@code nextBefore} is absent on the last page.
	 */
	@GetMapping("/admin/stock/{sku}/history")
	ResponseEntity<?> history(@PathVariable String sku, @RequestParam(defaultValue = "" + Long.MAX_VALUE) long before,
			@RequestParam(defaultValue = "50") int limit) {
		if (this.stock.find(sku).isEmpty()) {
			return unknown(sku);
		}
		int size = clamp(limit);
		List<StockMovement> movements = this.stock.history(sku, before, size);
		Map<String, Object> body = new LinkedHashMap<>();
		body.put("sku", sku);
		body.put("movements", movements);
		if (movements.size() == size) {
			body.put("nextBefore", movements.get(movements.size() - 1).id());
		}
		return ResponseEntity.ok(body);
	}

	/**
	 * Orders (or removals) that took a SKU below zero, newest first: which order, how
	 * many units short, on_hand after it. By default only those not yet covered again
	 * ({@code resolvedAt} null); {@code all=true} shows the history; {@code sku=} narrows
	 * to one SKU.
	 */
	@GetMapping("/admin/oversells")
	Map<String, Object> oversells(@RequestParam(required = false) String sku,
			@RequestParam(defaultValue = "false") boolean all,
			@RequestParam(defaultValue = "" + Long.MAX_VALUE) long before,
			@RequestParam(defaultValue = "100") int limit) {
		int size = clamp(limit);
		List<Oversell> oversells = this.stock.oversells(sku, all, before, size);
		Map<String, Object> body = new LinkedHashMap<>();
		body.put("oversells", oversells);
		if (oversells.size() == size) {
			body.put("nextBefore", oversells.get(oversells.size() - 1).id());
		}
		return body;
	}

	private static int clamp(int limit) {
		return Math.max(1, Math.min(limit, MAX_PAGE));
	}

	private static ResponseEntity<?> unknown(String sku) {
		return ResponseEntity.status(404)
			.body(Map.of("error", "unknown_sku", "message", "no stock for SKU '" + sku + "'"));
	}

}
