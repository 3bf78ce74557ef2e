package io.stocksync.console.shops;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

import io.stocksync.console.operations.Jobs;
import io.stocksync.console.system.AdminApi;
import io.stocksync.console.system.ApiResult;
import io.stocksync.console.system.ConsoleProperties;
import io.stocksync.console.system.Services;

import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.security.core.Authentication;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.multipart.MultipartFile;
import org.springframework.web.servlet.mvc.support.RedirectAttributes;

/**
 * The shops: their state and, per shop, connection test, pause/resume, webhooks, order
 * poll, drift check, mapping refresh, missing and duplicate SKUs, and the manual mappings
 * as CSV (export; upload with a preview first).
 */
@Controller
class ShopsController {

	private static final int MAX_CSV_BYTES = 1_000_000;

	private final Services services;

	private final Jobs jobs;

	private final ConsoleProperties properties;

	ShopsController(Services services, Jobs jobs, ConsoleProperties properties) {
		this.services = services;
		this.jobs = jobs;
		this.properties = properties;
	}

	@GetMapping("/shops")
	String list(@RequestParam(defaultValue = "") String q, Model model) {
		ApiResult sites = this.services.propagator().get("/admin/sites");
		model.addAttribute("sites", sites);
		model.addAttribute("rows", sites.list()
			.stream()
			.filter((site) -> q.isBlank() || String.valueOf(((Map<?, ?>) site).get("shopId")).contains(q.trim()))
			.toList());
		ApiResult dlt = this.services.propagator().get("/admin/dlt");
		model.addAttribute("dltCounts",
				dlt.list()
					.stream()
					.collect(Collectors.groupingBy((entry) -> String.valueOf(((Map<?, ?>) entry).get("shopId")),
							Collectors.counting())));
		model.addAttribute("drift", this.services.propagator().get("/admin/reconcile/last"));
		model.addAttribute("q", q);
		return "shops/list";
	}

	@GetMapping("/shops/{shop}")
	String shop(@PathVariable String shop, Model model) {
		AdminApi propagator = this.services.propagator();
		ApiResult sites = propagator.get("/admin/sites");
		Object status = sites.list()
			.stream()
			.filter((site) -> shop.equals(((Map<?, ?>) site).get("shopId")))
			.findFirst()
			.orElse(null);
		model.addAttribute("shop", shop);
		model.addAttribute("sites", sites);
		model.addAttribute("status", status);
		model.addAttribute("webhooks", this.services.ingest().get(AdminApi.path("/admin/sites/{shop}/webhooks", shop)));
		model.addAttribute("missing", propagator.get(AdminApi.path("/admin/missing-skus?shop={shop}", shop)));
		ApiResult mapping = propagator.get(AdminApi.path("/admin/mappings?shop={shop}", shop));
		model.addAttribute("mapping", mapping);
		model.addAttribute("mappedSkus", (mapping.map().get("bySku") instanceof Map<?, ?> bySku) ? bySku.size() : null);
		ApiResult drift = propagator.get(AdminApi.path("/admin/reconcile/last?shop={shop}", shop));
		model.addAttribute("drift", drift.byKey("shop").get(shop));
		model.addAttribute("driftResult", drift);
		model.addAttribute("dlt", propagator.get(AdminApi.path("/admin/dlt?shop={shop}", shop)));
		model.addAttribute("refreshJob", this.jobs.find("refresh-mappings-" + shop).orElse(null));
		model.addAttribute("reconcileJob", this.jobs.find("reconcile-" + shop).orElse(null));
		return "shops/shop";
	}

	@PostMapping("/shops/{shop}/test-connection")
	String testConnection(@PathVariable String shop, RedirectAttributes redirect) {
		ApiResult result = this.services.propagator().post(AdminApi.path("/admin/sites/{shop}/test-connection", shop));
		return done(shop, redirect, result, "Connection test", result.ok() ? null : result.problem());
	}

	@PostMapping("/shops/{shop}/pause")
	String pause(@PathVariable String shop, RedirectAttributes redirect) {
		ApiResult result = this.services.propagator().post(AdminApi.path("/admin/sites/{shop}/pause", shop));
		return done(shop, redirect, null, "Paused: nothing is written to " + shop + " until it is resumed.",
				result.problem());
	}

	@PostMapping("/shops/{shop}/resume")
	String resume(@PathVariable String shop, RedirectAttributes redirect) {
		ApiResult result = this.services.propagator().post(AdminApi.path("/admin/sites/{shop}/resume", shop));
		return done(shop, redirect, null, "Resumed: " + shop + " gets the current quantities again.", result.problem());
	}

	@PostMapping("/shops/{shop}/webhooks/register")
	String registerWebhooks(@PathVariable String shop, RedirectAttributes redirect) {
		ApiResult result = this.services.ingest()
			.postLong(AdminApi.path("/admin/sites/{shop}/webhooks/register", shop),
					this.properties.readTimeout().multipliedBy(4));
		return done(shop, redirect, result, "Webhooks registered or repaired", result.problem());
	}

	@PostMapping("/shops/{shop}/poll-orders")
	String pollOrders(@PathVariable String shop, RedirectAttributes redirect) {
		ApiResult result = this.services.ingest()
			.postLong(AdminApi.path("/admin/sites/{shop}/poll-orders", shop),
					this.properties.readTimeout().multipliedBy(6));
		return done(shop, redirect, result, "Orders polled", result.problem());
	}

	@PostMapping("/shops/{shop}/reconcile")
	String reconcile(@PathVariable String shop, Authentication user) {
		Jobs.Job job = this.jobs.start("reconcile-" + shop, "Drift check of " + shop, user.getName(),
				() -> this.services.propagator()
					.postLong(AdminApi.path("/admin/reconcile?shop={shop}", shop), this.properties.jobTimeout()));
		return "redirect:" + AdminApi.path("/operations/jobs/{id}", job.id());
	}

	@PostMapping("/shops/{shop}/refresh-mappings")
	String refreshMappings(@PathVariable String shop, Authentication user) {
		Jobs.Job job = this.jobs.start("refresh-mappings-" + shop, "Mapping refresh of " + shop, user.getName(),
				() -> this.services.propagator()
					.postLong(AdminApi.path("/admin/refresh-mappings/{shop}", shop), this.properties.jobTimeout()));
		return "redirect:" + AdminApi.path("/operations/jobs/{id}", job.id());
	}

	@GetMapping("/shops/{shop}/mappings.csv")
	ResponseEntity<String> exportMappings(@PathVariable String shop) {
		ApiResult result = this.services.propagator().get(AdminApi.path("/admin/mappings/export?shop={shop}", shop));
		if (!result.ok()) {
			return ResponseEntity.status(HttpStatus.BAD_GATEWAY)
				.contentType(MediaType.TEXT_PLAIN)
				.body(result.problem() + "\n");
		}
		return ResponseEntity.ok()
			.contentType(new MediaType("text", "csv", StandardCharsets.UTF_8))
			.header(HttpHeaders.CONTENT_DISPOSITION,
					"attachment; filename=\"mappings-" + shop.replaceAll("[^A-Za-z0-9_-]", "_") + ".csv\"")
			.body(result.text());
	}

	/** Checks an uploaded CSV and shows what would change; nothing is stored yet. */
	@PostMapping("/shops/{shop}/mappings/preview")
	String previewMappings(@PathVariable String shop, @RequestParam("file") MultipartFile file, Model model)
			throws IOException {
		String csv = (file.getSize() > MAX_CSV_BYTES) ? null : new String(file.getBytes(), StandardCharsets.UTF_8);
		ApiResult export = this.services.propagator().get(AdminApi.path("/admin/mappings/export?shop={shop}", shop));
		MappingCsv.Preview preview = (csv == null) ? MappingCsv.Preview.tooLarge(MAX_CSV_BYTES)
				: MappingCsv.preview(csv, export.ok() ? export.text() : "");
		model.addAttribute("shop", shop);
		model.addAttribute("preview", preview);
		model.addAttribute("csv", csv);
		model.addAttribute("fileName", file.getOriginalFilename());
		model.addAttribute("exportProblem", export.problem());
		return "shops/mappings-preview";
	}

	/**
	 * Stores the previewed CSV; the propagator checks it again and changes nothing if it
	 * is wrong.
	 */
	@PostMapping("/shops/{shop}/mappings/apply")
	String applyMappings(@PathVariable String shop, @RequestParam("csv") String upload, RedirectAttributes redirect) {
		String csv = upload.replace("\uFEFF", "");
		List<MappingCsv.LineError> errors = MappingCsv.preview(csv, "").errors();
		if (!errors.isEmpty()) {
			redirect.addFlashAttribute("error", "The file has errors; nothing was changed.");
			return "redirect:" + AdminApi.path("/shops/{shop}", shop);
		}
		ApiResult result = this.services.propagator()
			.putCsv(AdminApi.path("/admin/mappings/manual?shop={shop}", shop), csv);
		return done(shop, redirect, result, "Manual mappings stored", result.problem());
	}

	private static String done(String shop, RedirectAttributes redirect, ApiResult result, String success,
			String problem) {
		if (problem != null) {
			redirect.addFlashAttribute("error", problem);
		}
		else {
			redirect.addFlashAttribute("message", success);
		}
		if (result != null && result.body() instanceof Map<?, ?>) {
			redirect.addFlashAttribute("details", result.body());
		}
		return "redirect:" + AdminApi.path("/shops/{shop}", shop);
	}

}
