package io.stocksync.console.operations;

import java.util.Map;

import io.stocksync.console.system.AdminApi;
import io.stocksync.console.system.ApiResult;
import io.stocksync.console.system.ConsoleProperties;
import io.stocksync.console.system.Services;
import jakarta.servlet.http.HttpServletResponse;

import org.springframework.security.core.Authentication;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.servlet.mvc.support.RedirectAttributes;

/**
 * Operations over the whole pool: ledger rebuild (then its differences), drift check of
 * every shop, mapping refresh of every shop run as console {@link Jobs jobs} whose page
 * shows them running and then their result. The stock import from a shop (onboarding,
 * confirmed with counts first) and the order baseline are the ledger's own job, whose
 * progress the ledger reports ({@code GET /admin/orders/baseline}) and the onboarding
 * page shows.
 */
@Controller
class OperationsController {

	private final Services services;

	private final Jobs jobs;

	private final ConsoleProperties properties;

	OperationsController(Services services, Jobs jobs, ConsoleProperties properties) {
		this.services = services;
		this.jobs = jobs;
		this.properties = properties;
	}

	@GetMapping("/operations")
	String operations(Model model) {
		model.addAttribute("jobs", this.jobs.recent());
		model.addAttribute("sites", this.services.propagator().get("/admin/sites"));
		model.addAttribute("onboarding", this.services.ledger().get("/admin/orders/baseline"));
		return "operations/operations";
	}

	@PostMapping("/operations/rebuild")
	String rebuild(Authentication user) {
		return started(this.jobs.start("rebuild", "Ledger rebuild", user.getName(),
				() -> this.services.ledger().postLong("/admin/rebuild", this.properties.jobTimeout())));
	}

	@PostMapping("/operations/reconcile")
	String reconcileAll(Authentication user) {
		return started(this.jobs.start("reconcile-all", "Drift check of every shop", user.getName(),
				() -> this.services.propagator().postLong("/admin/reconcile", this.properties.jobTimeout())));
	}

	@PostMapping("/operations/refresh-mappings")
	String refreshAll(Authentication user) {
		return started(this.jobs.start("refresh-mappings-all", "Mapping refresh of every shop", user.getName(),
				() -> this.services.propagator().postLong("/admin/refresh-mappings", this.properties.jobTimeout())));
	}

	/**
	 * The confirmation of an import: what the shop offers, and what the pool holds now.
	 */
	@GetMapping("/operations/import")
	String confirmImport(@RequestParam String shop, Model model) {
		ApiResult mapping = this.services.propagator().get(AdminApi.path("/admin/mappings?shop={shop}", shop));
		model.addAttribute("shop", shop);
		model.addAttribute("mapping", mapping);
		model.addAttribute("mappedSkus", (mapping.map().get("bySku") instanceof Map<?, ?> bySku) ? bySku.size() : null);
		model.addAttribute("pool", this.services.ledger().get("/admin/stock?limit=1000"));
		return "operations/import";
	}

	/**
	 * The import is the ledger's onboarding job (baseline of every shop's orders, then
	 * the stock at the same cut): it runs in the ledger, which reports its progress; a
	 * second start while it runs is refused there (409).
	 */
	@PostMapping("/operations/import")
	String runImport(@RequestParam String shop, RedirectAttributes redirect) {
		ApiResult result = this.services.ledger().post(AdminApi.path("/admin/stock/import?fromShop={shop}", shop));
		return onboardingStarted(result, "Import from " + shop + " started: the baseline of every shop's orders first, "
				+ "then the stock at the same instant.", redirect);
	}

	@PostMapping("/operations/baseline")
	String runBaseline(@RequestParam(required = false) String shop, RedirectAttributes redirect) {
		String path = (shop == null || shop.isBlank()) ? "/admin/orders/baseline"
				: AdminApi.path("/admin/orders/baseline?shop={shop}", shop);
		ApiResult result = this.services.ledger().post(path);
		return onboardingStarted(result, "Baseline of " + ((shop == null || shop.isBlank()) ? "every shop" : shop)
				+ " started: orders are recorded as already in the pool; nothing moves.", redirect);
	}

	/**
	 * The ledger's onboarding job: phase, pages and orders per shop, and the import's
	 * counts.
	 */
	@GetMapping("/operations/onboarding")
	String onboarding(Model model) {
		ApiResult status = this.services.ledger().get("/admin/orders/baseline");
		model.addAttribute("status", status);
		model.addAttribute("job", status.ok() ? status.map() : Map.of());
		model.addAttribute("running", status.ok() && "running".equals(status.map().get("state")));
		return "operations/onboarding";
	}

	private static String onboardingStarted(ApiResult result, String message, RedirectAttributes redirect) {
		if (result.status() == 409) {
			redirect.addFlashAttribute("error", "An onboarding job is already running: this is its progress.");
		}
		else if (!result.ok()) {
			redirect.addFlashAttribute("error", result.problem());
		}
		else {
			redirect.addFlashAttribute("message", message);
		}
		return "redirect:/operations/onboarding";
	}

	@GetMapping("/operations/jobs/{id}")
	String job(@PathVariable String id, Model model, HttpServletResponse response) {
		Jobs.Job job = this.jobs.find(id).orElse(null);
		if (job == null) {
			response.setStatus(HttpServletResponse.SC_NOT_FOUND);
		}
		model.addAttribute("job", job);
		model.addAttribute("id", id);
		model.addAttribute("elapsed", (job != null) ? this.jobs.elapsed(job).toSeconds() : 0);
		return "operations/job";
	}

	private static String started(Jobs.Job job) {
		return "redirect:" + AdminApi.path("/operations/jobs/{id}", job.id());
	}

}
