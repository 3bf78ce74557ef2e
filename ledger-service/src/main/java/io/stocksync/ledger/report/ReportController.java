package io.stocksync.ledger.report;

import java.io.IOException;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.time.Clock;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.UUID;

import io.stocksync.common.event.StockPlanningRequested;
import io.stocksync.common.shop.ShopConfig;
import io.stocksync.common.shop.Sites;
import io.stocksync.ledger.adjustment.AdjustmentPublisher;
import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVPrinter;

import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PutMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestHeader;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/**
 * Reports from the ledger's movements: sales, reorder, low stock; JSON, or CSV with
 * {@code Accept: text/csv} (same rows, same values). A period of {@code days} is the last
 * that many UTC days, today included. Also the reorder planning of a SKU, which goes
 * through the adjustments topic like every operator setting (202).
 */
@RestController
class ReportController {

	private static final MediaType CSV = MediaType.parseMediaType("text/csv");

	private static final Set<Integer> PERIODS = Set.of(7, 30, 90);

	private final ReportRepository reports;

	private final SalesBook sales;

	private final Sites sites;

	private final AdjustmentPublisher publisher;

	private final Clock clock;

	ReportController(ReportRepository reports, SalesBook sales, Sites sites, AdjustmentPublisher publisher,
			Clock clock) {
		this.reports = reports;
		this.sales = sales;
		this.sites = sites;
		this.publisher = publisher;
		this.clock = clock;
	}

	/**
	 * Units sold per SKU and per shop, net of cancellations and restocked refunds; kits
	 * under the kit's SKU.
	 */
	@GetMapping("/admin/reports/sales")
	ResponseEntity<?> sales(@RequestParam(defaultValue = "30") int days, @RequestParam(required = false) String shop,
			@RequestHeader(value = "Accept", required = false) String accept) {
		if (!PERIODS.contains(days)) {
			return invalid("days must be 7, 30 or 90");
		}
		LocalDate to = this.sales.roll();
		LocalDate from = to.minusDays(days - 1L);
		Map<String, Object> body = Reports.sales(days, from, to, this.reports.sales(days, shop));
		if (!wantsCsv(accept)) {
			return ResponseEntity.ok(body);
		}
		@SuppressWarnings("unchecked")
		List<Reports.SalesItem> items = (List<Reports.SalesItem>) body.get("items");
		Set<String> shops = new TreeSet<>();
		this.sites.all()
			.stream()
			.map(ShopConfig::id)
			.filter((id) -> shop == null || id.equals(shop))
			.forEach(shops::add);
		items.forEach((item) -> shops.addAll(item.byShop().keySet()));
		List<String> header = new ArrayList<>(List.of("sku", "units"));
		header.addAll(shops);
		List<List<Object>> rows = new ArrayList<>();
		for (Reports.SalesItem item : items) {
			List<Object> row = new ArrayList<>(List.of(item.sku(), item.units()));
			shops.forEach((id) -> row.add(item.byShop().getOrDefault(id, 0L)));
			rows.add(row);
		}
		return csv(header, rows);
	}

	/**
	 * Per SKU: daily rate, days of cover, reorder point and suggested quantity over the
	 * last {@code days}.
	 */
	@GetMapping("/admin/reports/reorder")
	ResponseEntity<?> reorder(@RequestParam(defaultValue = "30") int days,
			@RequestHeader(value = "Accept", required = false) String accept) {
		if (!PERIODS.contains(days)) {
			return invalid("days must be 7, 30 or 90");
		}
		LocalDate to = this.sales.roll();
		LocalDate from = to.minusDays(days - 1L);
		List<Reports.ReorderItem> items = new ArrayList<>();
		for (ReportRepository.Demand demand : this.reports.demand(days)) {
			if (demand.consumed() != 0 || demand.leadTimeDays() != null) {
				items.add(Reports.reorder(demand, days));
			}
		}
		return reorderBody(days, from, to, items, null, accept);
	}

	/**
	 * SKUs running low: at or below their reorder point (SKUs with planning or sales), or
	 * at or below {@code threshold} (the others).
	 */
	@GetMapping("/admin/reports/low-stock")
	ResponseEntity<?> lowStock(@RequestParam(defaultValue = "30") int days,
			@RequestParam(defaultValue = "5") long threshold,
			@RequestHeader(value = "Accept", required = false) String accept) {
		if (!PERIODS.contains(days)) {
			return invalid("days must be 7, 30 or 90");
		}
		LocalDate to = this.sales.roll();
		LocalDate from = to.minusDays(days - 1L);
		List<Reports.ReorderItem> items = new ArrayList<>();
		for (ReportRepository.Demand demand : this.reports.demand(days)) {
			boolean planned = demand.consumed() > 0 || demand.leadTimeDays() != null;
			Reports.ReorderItem item = Reports.reorder(demand, days);
			if (planned ? item.reorder() : demand.available() <= threshold) {
				items.add(item);
			}
		}
		return reorderBody(days, from, to, items, threshold, accept);
	}

	/** Lead time and safety stock of a SKU, for the reorder report. */
	@PutMapping("/admin/stock/{sku}/planning")
	ResponseEntity<?> planning(@PathVariable String sku, @RequestBody PlanningRequest request) {
		if (request.leadTimeDays() == null || request.leadTimeDays() < 0 || request.leadTimeDays() > 3650) {
			return invalid("leadTimeDays must be a whole number of days between 0 and 3650");
		}
		if (request.safetyStock() == null || request.safetyStock() < 0) {
			return invalid("safetyStock must be a whole number >= 0");
		}
		StockPlanningRequested event = new StockPlanningRequested(StockPlanningRequested.SCHEMA_VERSION,
				UUID.randomUUID().toString(), sku, request.leadTimeDays(), request.safetyStock(), this.clock.instant());
		this.publisher.publishRequest(sku, event);
		Map<String, Object> body = new LinkedHashMap<>();
		body.put("status", "accepted");
		body.put("sku", sku);
		body.put("leadTimeDays", event.leadTimeDays());
		body.put("safetyStock", event.safetyStock());
		body.put("eventId", event.eventId());
		return ResponseEntity.status(HttpStatus.ACCEPTED).body(body);
	}

	private ResponseEntity<?> reorderBody(int days, LocalDate from, LocalDate to, List<Reports.ReorderItem> items,
			Long threshold, String accept) {
		if (!wantsCsv(accept)) {
			Map<String, Object> body = new LinkedHashMap<>();
			body.put("days", days);
			body.put("from", from.toString());
			body.put("to", to.toString());
			if (threshold != null) {
				body.put("threshold", threshold);
			}
			body.put("items", items);
			return ResponseEntity.ok(body);
		}
		List<String> header = List.of("sku", "available", "planned", "leadTimeDays", "safetyStock", "consumed",
				"dailyRate", "daysOfCover", "reorderPoint", "reorder", "suggestedQuantity");
		List<List<Object>> rows = new ArrayList<>();
		for (Reports.ReorderItem item : items) {
			List<Object> row = new ArrayList<>();
			row.add(item.sku());
			row.add(item.available());
			row.add(item.planned());
			row.add(item.leadTimeDays());
			row.add(item.safetyStock());
			row.add(item.consumed());
			row.add(item.dailyRate().toPlainString());
			row.add((item.daysOfCover() != null) ? item.daysOfCover().toPlainString() : "");
			row.add(item.reorderPoint());
			row.add(item.reorder());
			row.add(item.suggestedQuantity());
			rows.add(row);
		}
		return csv(header, rows);
	}

	/**
	 * CSV only when asked for by name ({@code Accept: text/csv}); a wildcard or no Accept
	 * gets JSON.
	 */
	static boolean wantsCsv(String accept) {
		if (accept == null || accept.isBlank()) {
			return false;
		}
		try {
			return MediaType.parseMediaTypes(accept)
				.stream()
				.anyMatch((type) -> !type.isWildcardType() && !type.isWildcardSubtype() && type.isCompatibleWith(CSV));
		}
		catch (IllegalArgumentException ex) {
			return false;
		}
	}

	private static ResponseEntity<String> csv(List<String> header, List<List<Object>> rows) {
		StringWriter out = new StringWriter();
		try (CSVPrinter printer = CSVFormat.DEFAULT.builder()
			.setHeader(header.toArray(String[]::new))
			.get()
			.print(out)) {
			for (List<Object> row : rows) {
				printer.printRecord(row);
			}
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
		return ResponseEntity.ok().contentType(CSV).body(out.toString());
	}

	private static ResponseEntity<?> invalid(String message) {
		return ResponseEntity.badRequest().body(Map.of("error", "invalid_request", "message", message));
	}

	/**
	 * Body of {@code PUT /admin/stock/{sku}/planning}.
	 *
	 * @param leadTimeDays days from ordering to goods received
	 * @param safetyStock units to keep on top of the lead time's demand
	 */
	record PlanningRequest(Integer leadTimeDays, Long safetyStock) {
	}

}
