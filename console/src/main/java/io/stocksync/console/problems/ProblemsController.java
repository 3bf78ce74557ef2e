package io.stocksync.console.problems;

import java.time.Duration;
import java.util.List;
import java.util.Map;

import io.stocksync.console.system.AdminApi;
import io.stocksync.console.system.ApiResult;
import io.stocksync.console.system.Services;

import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.servlet.mvc.support.RedirectAttributes;

/**
 * What needs an operator: failed pushes (each shop's DLT) with replay of one or all,
 * quarantined webhook deliveries with their raw body (shown as text), and open oversells
 * with the orders that caused them.
 */
@Controller
class ProblemsController {

	static final int PAGE = 50;

	private static final Duration REPLAY_TIMEOUT = Duration.ofSeconds(60);

	private final Services services;

	ProblemsController(Services services) {
		this.services = services;
	}

	@GetMapping("/problems")
	String problems(@RequestParam(defaultValue = "") String shop, @RequestParam(defaultValue = "0") int page,
			@RequestParam(defaultValue = "false") boolean replayed, @RequestParam(defaultValue = "20") int quarantined,
			@RequestParam(defaultValue = "") String oversellsBefore, Model model) {
		String shopFilter = shop.isBlank() ? null : shop.trim();
		ApiResult dlt = this.services.propagator()
			.get((shopFilter == null) ? AdminApi.path("/admin/dlt?includeReplayed={r}", replayed)
					: AdminApi.path("/admin/dlt?shop={shop}&includeReplayed={r}", shopFilter, replayed));
		List<Object> entries = dlt.list();
		int from = Math.max(0, Math.min(page * PAGE, entries.size()));
		model.addAttribute("dlt", dlt);
		model.addAttribute("dltRows", entries.subList(from, Math.min(from + PAGE, entries.size())));
		model.addAttribute("dltTotal", entries.size());
		model.addAttribute("page", page);
		model.addAttribute("hasNext", from + PAGE < entries.size());
		model.addAttribute("openByShop",
				entries.stream().filter((entry) -> ((Map<?, ?>) entry).get("replayedAt") == null).count());
		int limit = Math.max(1, Math.min(quarantined, 200));
		model.addAttribute("quarantine",
				this.services.ingest()
					.get((shopFilter == null) ? AdminApi.path("/admin/quarantine?limit={limit}", limit)
							: AdminApi.path("/admin/quarantine?shop={shop}&limit={limit}", shopFilter, limit)));
		model.addAttribute("quarantined", limit);
		model.addAttribute("oversells",
				this.services.ledger()
					.get(oversellsBefore.isBlank() ? "/admin/oversells?limit=" + PAGE
							: AdminApi.path("/admin/oversells?limit={limit}&before={before}", PAGE, oversellsBefore)));
		model.addAttribute("shop", shop);
		model.addAttribute("replayed", replayed);
		model.addAttribute("sites", this.services.propagator().get("/admin/sites"));
		return "problems/problems";
	}

	/**
	 * Replays one DLT entry ({@code shop} and {@code sku}), a shop's entries, or every
	 * shop's.
	 */
	@PostMapping("/problems/dlt/replay")
	String replay(@RequestParam(defaultValue = "") String shop, @RequestParam(defaultValue = "") String sku,
			RedirectAttributes redirect) {
		String path;
		if (!shop.isBlank() && !sku.isBlank()) {
			path = AdminApi.path("/admin/dlt/replay?shop={shop}&sku={sku}", shop, sku);
		}
		else if (!shop.isBlank()) {
			path = AdminApi.path("/admin/dlt/replay?shop={shop}", shop);
		}
		else {
			path = "/admin/dlt/replay";
		}
		ApiResult result = this.services.propagator().postLong(path, REPLAY_TIMEOUT);
		if (!result.ok()) {
			redirect.addFlashAttribute("error", result.problem());
		}
		else {
			int done = result.list("replayed").size();
			int failed = result.list("failed").size();
			if (failed > 0) {
				redirect.addFlashAttribute("error", failed + " not replayed: " + result.list("failed")
					.stream()
					.map((entry) -> ((Map<?, ?>) entry).get("sku") + " (" + ((Map<?, ?>) entry).get("reason") + ")")
					.toList());
			}
			redirect.addFlashAttribute("message", done + " replayed: the shop got the current quantity.");
		}
		return "redirect:/problems";
	}

}
