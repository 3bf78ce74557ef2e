package io.stocksync.console.overview;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import io.stocksync.console.system.AdminApi;
import io.stocksync.console.system.ApiResult;
import io.stocksync.console.system.Services;

import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;

/**
 * The overview: one card per shop, the pool's totals, the pipeline and the recent
 * activity. Each figure comes from one admin call and links to the page that shows where
 * it comes from; a service that does not answer turns its figures into a "not reachable"
 * note.
 */
@Controller
class OverviewController {

	private static final int COUNT_LIMIT = 1000;

	private final Services services;

	OverviewController(Services services) {
		this.services = services;
	}

	@GetMapping("/")
	String overview(Model model) {
		AdminApi ledger = this.services.ledger();
		AdminApi propagator = this.services.propagator();
		ApiResult sites = propagator.get("/admin/sites");
		ApiResult dlt = propagator.get("/admin/dlt");
		ApiResult drift = propagator.get("/admin/reconcile/last");
		ApiResult propagatorLag = propagator.get("/admin/lag");
		Map<String, Object> lagByShop = byKey(propagatorLag.list("shops"), "shop");
		List<Map<String, Object>> cards = new ArrayList<>();
		for (Object site : sites.list()) {
			@SuppressWarnings("unchecked")
			Map<String, Object> status = (Map<String, Object>) site;
			String shop = String.valueOf(status.get("shopId"));
			Map<String, Object> card = new LinkedHashMap<>(status);
			card.put("dltOpen",
					dlt.list()
						.stream()
						.filter((entry) -> entry instanceof Map<?, ?> map && shop.equals(map.get("shopId")))
						.count());
			card.put("drift", drift.byKey("shop").get(shop));
			card.put("lag", lagOf(lagByShop.get(shop)));
			ApiResult lastWrite = propagator.get(AdminApi.path("/admin/writes?shop={shop}&limit=1", shop));
			card.put("lastWrite", lastWrite.list().isEmpty() ? null : lastWrite.list().get(0));
			ApiResult lastOrder = ledger.get(AdminApi.path("/admin/activity?shop={shop}&limit=1", shop));
			card.put("lastOrder", lastOrder.list("changes").isEmpty() ? null : lastOrder.list("changes").get(0));
			cards.add(card);
		}
		model.addAttribute("sites", sites);
		model.addAttribute("cards", cards);
		model.addAttribute("dlt", dlt);
		model.addAttribute("propagatorLag", propagatorLag);
		model.addAttribute("ledgerLag", ledger.get("/admin/lag"));
		ApiResult all = ledger.get("/admin/stock?limit=" + COUNT_LIMIT);
		ApiResult oversold = ledger.get("/admin/stock?filter=oversold&limit=" + COUNT_LIMIT);
		ApiResult low = ledger.get("/admin/stock?filter=low&limit=" + COUNT_LIMIT);
		model.addAttribute("pool", all);
		model.addAttribute("skus", count(all));
		model.addAttribute("oversold", count(oversold));
		model.addAttribute("low", count(low));
		long drifting = drift.byKey("shop")
			.values()
			.stream()
			.mapToLong((report) -> (report instanceof Map<?, ?> map && map.get("drift") instanceof Number n)
					? n.longValue() : 0)
			.sum();
		model.addAttribute("drifting", drift.ok() ? String.valueOf(drifting) : "?");
		ApiResult ingestHealth = this.services.ingest().health();
		model.addAttribute("ingestHealth", ingestHealth);
		model.addAttribute("spoolPending", spoolPending(ingestHealth));
		model.addAttribute("ledgerHealth", ledger.health());
		model.addAttribute("propagatorHealth", propagator.health());
		model.addAttribute("activity", ledger.get("/admin/activity?limit=15"));
		return "overview/overview";
	}

	private static String count(ApiResult result) {
		if (!result.ok()) {
			return "?";
		}
		int size = result.list().size();
		return (size >= COUNT_LIMIT) ? COUNT_LIMIT + "+" : String.valueOf(size);
	}

	/** A shop's lag as a number, or "?" when the propagator could not tell it. */
	private static Object lagOf(Object shopLag) {
		return (shopLag instanceof Map<?, ?> map && map.get("lag") instanceof Number lag) ? lag : "?";
	}

	private static Map<String, Object> byKey(List<Object> items, String key) {
		Map<String, Object> byKey = new LinkedHashMap<>();
		for (Object item : items) {
			if (item instanceof Map<?, ?> map && map.get(key) != null) {
				byKey.put(String.valueOf(map.get(key)), item);
			}
		}
		return byKey;
	}

	private static Object spoolPending(ApiResult health) {
		Object components = health.map().get("components");
		if (components instanceof Map<?, ?> map && map.get("spool") instanceof Map<?, ?> spool
				&& spool.get("details") instanceof Map<?, ?> details) {
			return details.get("pending");
		}
		return null;
	}

}
