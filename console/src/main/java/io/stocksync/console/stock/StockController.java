package io.stocksync.console.stock;

import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;

import io.stocksync.console.system.AdminApi;
import io.stocksync.console.system.ApiResult;
import io.stocksync.console.system.Services;
import jakarta.servlet.http.HttpServletResponse;

import org.springframework.http.HttpStatus;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.servlet.mvc.support.RedirectAttributes;

/**
 * The stock list (every SKU with the pool's figures and, per shop, what it should show
 * and what it last got) and the SKU page (history, chart, oversells, per-shop mapping and
 * last write, and the operator's actions).
 */
@Controller
class StockController {

	static final int PAGE = 50;

	private static final Set<String> FILTERS = Set.of("all", "oversold", "low", "drifting", "unmapped", "backorders");

	private final Services services;

	StockController(Services services) {
		this.services = services;
	}

	@GetMapping("/stock")
	String list(@RequestParam(defaultValue = "") String q, @RequestParam(defaultValue = "all") String filter,
			@RequestParam(defaultValue = "") String after, @RequestParam(defaultValue = "5") long threshold,
			Model model) {
		String chosen = FILTERS.contains(filter) ? filter : "all";
		AdminApi ledger = this.services.ledger();
		ApiResult drift = this.services.propagator().get("/admin/reconcile/last");
		Map<String, Map<String, Object>> found = lastFound(drift);
		List<Object> rows;
		ApiResult source;
		String start = after.isEmpty() ? q.trim() : after;
		switch (chosen) {
			case "oversold", "low" -> {
				source = ledger
					.get(AdminApi.path("/admin/stock?after={after}&limit={limit}&filter={filter}&threshold={t}",
							startAfter(start, after), PAGE, chosen, threshold));
				rows = source.list();
			}
			case "backorders" -> {
				source = ledger.get(AdminApi.path("/admin/stock?after={after}&limit=1000", startAfter(start, after)));
				rows = source.list()
					.stream()
					.filter((row) -> row instanceof Map<?, ?> map && Boolean.TRUE.equals(map.get("backorders")))
					.limit(PAGE)
					.toList();
			}
			case "drifting", "unmapped" -> {
				Set<String> skus = chosen.equals("drifting") ? found.keySet() : unmapped();
				source = ledger.get("/admin/stock?limit=1");
				rows = new ArrayList<>();
				skus.stream()
					.sorted()
					.filter((sku) -> sku.compareTo(startAfter(start, after)) > 0)
					.limit(PAGE)
					.forEach((sku) -> {
						ApiResult one = ledger.get(AdminApi.path("/admin/stock/{sku}", sku));
						rows.add(one.ok() ? one.body() : Map.of("sku", sku));
					});
			}
			default -> {
				source = ledger
					.get(AdminApi.path("/admin/stock?after={after}&limit={limit}", startAfter(start, after), PAGE));
				rows = source.list();
			}
		}
		List<String> skus = rows.stream().map((row) -> String.valueOf(((Map<?, ?>) row).get("sku"))).toList();
		ApiResult perShop = skus.isEmpty() ? new ApiResult("propagator", 200, List.of(), null)
				: this.services.propagator()
					.get(AdminApi.path("/admin/shop-stock?skus={skus}", String.join(",", skus)));
		model.addAttribute("rows", rows);
		model.addAttribute("source", source);
		model.addAttribute("shops", shopIds(perShop));
		model.addAttribute("perShop", bySku(perShop));
		model.addAttribute("perShopResult", perShop);
		model.addAttribute("found", found);
		model.addAttribute("q", q);
		model.addAttribute("filter", chosen);
		model.addAttribute("threshold", threshold);
		model.addAttribute("next", (rows.size() >= PAGE) ? skus.get(skus.size() - 1) : null);
		model.addAttribute("after", after);
		return "stock/list";
	}

	/*
	 * The SKU is a query parameter, not a path segment: SKUs may hold '/', which servers
	 * refuse encoded in a path.
	 */
	@GetMapping("/stock/sku")
	String sku(@RequestParam String sku, @RequestParam(defaultValue = "") String before, Model model,
			HttpServletResponse response) {
		AdminApi ledger = this.services.ledger();
		ApiResult level = ledger.get(AdminApi.path("/admin/stock/{sku}", sku));
		if (level.reachable() && level.status() == HttpStatus.NOT_FOUND.value()) {
			response.setStatus(HttpStatus.NOT_FOUND.value());
		}
		ApiResult history = ledger.get(before.isEmpty() ? AdminApi.path("/admin/stock/{sku}/history?limit=50", sku)
				: AdminApi.path("/admin/stock/{sku}/history?limit=50&before={before}", sku, before));
		ApiResult oversells = ledger.get(AdminApi.path("/admin/oversells?sku={sku}&all=true&limit=50", sku));
		ApiResult perShop = this.services.propagator().get(AdminApi.path("/admin/shop-stock?skus={sku}", sku));
		ApiResult drift = this.services.propagator().get("/admin/reconcile/last");
		model.addAttribute("sku", sku);
		model.addAttribute("level", level);
		model.addAttribute("history", history);
		model.addAttribute("oversells", oversells);
		model.addAttribute("perShopResult", perShop);
		model.addAttribute("shopRows",
				perShop.list().isEmpty() ? List.of() : ((Map<?, ?>) perShop.list().get(0)).get("shops"));
		model.addAttribute("found", lastFound(drift));
		model.addAttribute("chart", Chart.of(history.list("movements")));
		model.addAttribute("idempotencyKey", UUID.randomUUID().toString());
		return "stock/sku";
	}

	@PostMapping("/stock/sku/adjust")
	String adjust(@RequestParam String sku, AdjustForm form, RedirectAttributes redirect) {
		String problem = form.problem();
		if (problem == null) {
			Map<String, Object> body = new LinkedHashMap<>();
			body.put("type", form.type());
			body.put("quantity", form.quantity());
			body.put("reason", form.reason());
			body.put("idempotencyKey", form.idempotencyKey());
			ApiResult result = this.services.ledger().postJson(AdminApi.path("/admin/stock/{sku}/adjust", sku), body);
			problem = result.problem();
		}
		flash(redirect, problem, "Adjustment accepted (" + form.type() + " " + form.quantity()
				+ "): the pool and the shops follow within seconds. Submitting the same form again applies it once.");
		return "redirect:" + AdminApi.path("/stock/sku?sku={sku}", sku);
	}

	@PostMapping("/stock/sku/backorders")
	String backorders(@RequestParam String sku, @RequestParam boolean allowed,
			@RequestParam(defaultValue = "") String reason, RedirectAttributes redirect) {
		Map<String, Object> body = new HashMap<>();
		body.put("allowed", allowed);
		body.put("reason", reason.isBlank() ? "console" : reason);
		ApiResult result = this.services.ledger().putJson(AdminApi.path("/admin/stock/{sku}/backorders", sku), body);
		flash(redirect, result.problem(), allowed ? "Backorders allowed." : "Backorders stopped.");
		return "redirect:" + AdminApi.path("/stock/sku?sku={sku}", sku);
	}

	@PostMapping("/stock/sku/push")
	String push(@RequestParam String sku, @RequestParam String shop, RedirectAttributes redirect) {
		ApiResult result = this.services.propagator()
			.post(AdminApi.path("/admin/sites/{shop}/push?sku={sku}", shop, sku));
		flash(redirect, result.problem(), "Pushed the current quantity to " + shop + ".");
		return "redirect:" + AdminApi.path("/stock/sku?sku={sku}", sku);
	}

	static void flash(RedirectAttributes redirect, String problem, String success) {
		if (problem != null) {
			redirect.addFlashAttribute("error", problem);
		}
		else {
			redirect.addFlashAttribute("message", success);
		}
	}

	/*
	 * SKUs the last drift check found differing, per SKU: shop -> the quantity found
	 * there.
	 */
	private static Map<String, Map<String, Object>> lastFound(ApiResult drift) {
		Map<String, Map<String, Object>> found = new HashMap<>();
		drift.byKey("shop").forEach((shop, report) -> {
			if (report instanceof Map<?, ?> map && map.get("drifts") instanceof List<?> drifts) {
				for (Object entry : drifts) {
					if (entry instanceof Map<?, ?> d) {
						found.computeIfAbsent(String.valueOf(d.get("sku")), (k) -> new HashMap<>())
							.put(shop, d.get("found"));
					}
				}
			}
		});
		return found;
	}

	private Set<String> unmapped() {
		Set<String> skus = new LinkedHashSet<>();
		for (Object site : this.services.propagator().get("/admin/sites").list()) {
			String shop = String.valueOf(((Map<?, ?>) site).get("shopId"));
			ApiResult missing = this.services.propagator().get(AdminApi.path("/admin/missing-skus?shop={shop}", shop));
			for (String key : List.of("absent", "duplicate", "notStockManaged")) {
				missing.list(key).forEach((sku) -> skus.add(String.valueOf(sku)));
			}
		}
		return skus;
	}

	/* The ledger pages with "after": a search starts just before the searched text. */
	private static String startAfter(String start, String after) {
		if (!after.isEmpty() || start.isEmpty()) {
			return after;
		}
		char last = start.charAt(start.length() - 1);
		return start.substring(0, start.length() - 1) + (char) (last - 1) + "\uffff";
	}

	private static List<String> shopIds(ApiResult perShop) {
		if (perShop.list().isEmpty() || !(perShop.list().get(0) instanceof Map<?, ?> first)
				|| !(first.get("shops") instanceof List<?> shops)) {
			return Collections.emptyList();
		}
		return shops.stream().map((shop) -> String.valueOf(((Map<?, ?>) shop).get("shop"))).toList();
	}

	private static Map<String, Map<String, Object>> bySku(ApiResult perShop) {
		Map<String, Map<String, Object>> bySku = new HashMap<>();
		for (Object row : perShop.list()) {
			Map<?, ?> map = (Map<?, ?>) row;
			Map<String, Object> shops = new HashMap<>();
			if (map.get("shops") instanceof List<?> list) {
				list.forEach((shop) -> shops.put(String.valueOf(((Map<?, ?>) shop).get("shop")), shop));
			}
			bySku.put(String.valueOf(map.get("sku")), shops);
		}
		return bySku;
	}

	/**
	 * The adjustment form. The page generates {@code idempotencyKey} when it is shown, so
	 * submitting the same form twice (a double click, a resent POST) applies once.
	 *
	 * @param type set, add or remove
	 * @param quantity a whole number, not negative
	 * @param reason why (kept in the audit trail)
	 * @param idempotencyKey from the form
	 */
	record AdjustForm(String type, Long quantity, String reason, String idempotencyKey) {

		String problem() {
			if (this.type == null || !Set.of("set", "add", "remove").contains(this.type)) {
				return "Choose receive (add), remove or stock take (set).";
			}
			if (this.quantity == null || this.quantity < 0) {
				return "The quantity must be a whole number of 0 or more.";
			}
			if (this.reason == null || this.reason.isBlank()) {
				return "Give a reason: it is kept in the SKU's history.";
			}
			if (this.idempotencyKey == null || this.idempotencyKey.isBlank()) {
				return "The form has no idempotency key: reload the page.";
			}
			return null;
		}

	}

}
