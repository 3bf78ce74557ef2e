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

/**
 * Operations over the whole pool: ledger rebuild (then its differences), drift check of every shop, mapping refresh of
 * every shop, and stock import from a shop (onboarding, confirmed with counts first). Each runs as a {@link Jobs job}
 * whose page shows it running and then its result.
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

	/** The confirmation of an import: what the shop offers, and what the pool holds now. */
	@GetMapping("/operations/import")
	String confirmImport(@RequestParam String shop, Model model) {
		ApiResult mapping = this.services.propagator().get(AdminApi.path("/admin/mappings?shop={shop}", shop));
		model.addAttribute("shop", shop);
		model.addAttribute("mapping", mapping);
		model.addAttribute("mappedSkus", (mapping.map().get("bySku") instanceof Map<?, ?> bySku) ? bySku.size() : null);
		model.addAttribute("pool", this.services.ledger().get("/admin/stock?limit=1000"));
		return "operations/import";
	}

	@PostMapping("/operations/import")
	String runImport(@RequestParam String shop, Authentication user) {
		return started(this.jobs.start("import-" + shop, "Stock import from " + shop, user.getName(),
				() -> this.services.ledger()
					.postLong(AdminApi.path("/admin/stock/import?fromShop={shop}", shop), this.properties.jobTimeout())));
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
