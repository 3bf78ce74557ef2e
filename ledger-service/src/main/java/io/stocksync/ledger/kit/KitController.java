package io.stocksync.ledger.kit;

import java.io.IOException;
import java.io.StringReader;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.time.Clock;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import io.stocksync.common.event.KitComponent;
import io.stocksync.common.event.KitDefinitionRequested;
import io.stocksync.ledger.adjustment.AdjustmentPublisher;
import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVPrinter;
import org.apache.commons.csv.CSVRecord;

import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.PutMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestHeader;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/**
 * Kit definitions. Changes go through the adjustments topic (202) and the ledger applies
 * each idempotency key once, so the log rebuilds them. CSV (one row per component:
 * {@code kit,component,quantity}) exports all kits and imports many at once.
 */
@RestController
class KitController {

	static final MediaType CSV = MediaType.parseMediaType("text/csv");

	private static final String[] HEADER = { "kit", "component", "quantity" };

	private final KitStock kits;

	private final AdjustmentPublisher publisher;

	private final Clock clock;

	KitController(KitStock kits, AdjustmentPublisher publisher, Clock clock) {
		this.kits = kits;
		this.publisher = publisher;
		this.clock = clock;
	}

	/**
	 * Every kit; with {@code Accept: text/csv} the CSV export
	 * ({@code kit,component,quantity}).
	 */
	@GetMapping("/admin/kits")
	ResponseEntity<?> list(@RequestHeader(value = "Accept", required = false) String accept) {
		if (wantsCsv(accept)) {
			return export();
		}
		return ResponseEntity.ok(Map.of("kits", this.kits.list("", null)));
	}

	private ResponseEntity<String> export() {
		StringWriter out = new StringWriter();
		try (CSVPrinter printer = CSVFormat.DEFAULT.builder().setHeader(HEADER).get().print(out)) {
			for (KitStock.Kit kit : this.kits.list("", null)) {
				for (KitComponent component : kit.components()) {
					printer.printRecord(kit.sku(), component.sku(), component.quantity());
				}
			}
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
		return ResponseEntity.ok().contentType(CSV).body(out.toString());
	}

	@GetMapping("/admin/kits/{sku}")
	ResponseEntity<?> get(@PathVariable String sku) {
		return this.kits.find(sku)
			.<ResponseEntity<?>>map(ResponseEntity::ok)
			.orElseGet(() -> ResponseEntity.status(HttpStatus.NOT_FOUND)
				.body(Map.of("error", "unknown_kit", "message", "no kit with SKU '" + sku + "'")));
	}

	@PutMapping("/admin/kits/{sku}")
	ResponseEntity<?> put(@PathVariable String sku, @RequestBody KitRequest request) {
		List<KitComponent> components = (request.components() != null) ? request.components() : List.of();
		if (components.isEmpty()) {
			return invalid("components must list at least one component (DELETE removes a kit)");
		}
		String problem = KitService.problem(sku, components, request.idempotencyKey());
		if (problem == null && request.reason() != null && request.reason().length() > 500) {
			problem = "reason is longer than 500 characters";
		}
		if (problem == null) {
			problem = nesting(sku, components);
		}
		if (problem != null) {
			return invalid(problem);
		}
		return accepted(publish(sku, components, request.reason(), request.idempotencyKey()));
	}

	/**
	 * Removes the kit: its SKU shows 0 from then on; open orders keep the components they
	 * were committed with.
	 */
	@DeleteMapping("/admin/kits/{sku}")
	ResponseEntity<?> delete(@PathVariable String sku, @RequestParam(required = false) String idempotencyKey) {
		String key = (idempotencyKey != null) ? idempotencyKey : "delete-" + UUID.randomUUID();
		String problem = KitService.problem(sku, List.of(), key);
		if (problem != null) {
			return invalid(problem);
		}
		return accepted(publish(sku, List.of(), "deleted", key));
	}

	/**
	 * Defines every kit of the file (a kit listed replaces its definition; kits not
	 * listed are left alone). The idempotency key of each kit is {@code <key>:<kit>}, so
	 * posting the same file with the same key applies it once.
	 */
	@PostMapping(path = "/admin/kits/import", consumes = { "text/csv", "text/plain" })
	ResponseEntity<?> importCsv(@RequestBody String csv, @RequestParam(required = false) String idempotencyKey) {
		Map<String, List<KitComponent>> byKit = new LinkedHashMap<>();
		try {
			for (CSVRecord record : CSVFormat.DEFAULT.builder()
				.setHeader(HEADER)
				.setSkipHeaderRecord(true)
				.setIgnoreEmptyLines(true)
				.setTrim(true)
				.get()
				.parse(new StringReader(csv))) {
				long quantity;
				try {
					quantity = Long.parseLong(record.get("quantity"));
				}
				catch (NumberFormatException ex) {
					return invalid("line " + record.getRecordNumber() + ": quantity must be a whole number");
				}
				byKit.computeIfAbsent(record.get("kit"), (kit) -> new ArrayList<>())
					.add(new KitComponent(record.get("component"), quantity));
			}
		}
		catch (IOException | IllegalArgumentException | IllegalStateException | UncheckedIOException ex) {
			return invalid("not a CSV with the columns kit,component,quantity: " + ex.getMessage());
		}
		String key = (idempotencyKey != null) ? idempotencyKey : "import-" + UUID.randomUUID();
		for (Map.Entry<String, List<KitComponent>> kit : byKit.entrySet()) {
			String problem = KitService.problem(kit.getKey(), kit.getValue(), key + ":" + kit.getKey());
			if (problem == null) {
				problem = nesting(kit.getKey(), kit.getValue());
			}
			if (problem != null) {
				return invalid("kit " + kit.getKey() + ": " + problem);
			}
		}
		byKit.forEach((sku, components) -> publish(sku, components, "import " + key, key + ":" + sku));
		return ResponseEntity.status(HttpStatus.ACCEPTED)
			.body(Map.of("status", "accepted", "kits", byKit.keySet(), "idempotencyKey", key));
	}

	/*
	 * Checked again when the ledger applies the definition; here so that the caller hears
	 * of it at once.
	 */
	private String nesting(String sku, List<KitComponent> components) {
		for (KitComponent component : components) {
			if (this.kits.isKit(component.sku())) {
				return "component " + component.sku() + " is a kit itself (kits of kits are not supported)";
			}
		}
		return this.kits.isComponent(sku) ? "kit " + sku + " is a component of another kit" : null;
	}

	private KitDefinitionRequested publish(String sku, List<KitComponent> components, String reason, String key) {
		KitDefinitionRequested event = new KitDefinitionRequested(KitDefinitionRequested.SCHEMA_VERSION,
				UUID.randomUUID().toString(), sku, components, reason, key, this.clock.instant());
		this.publisher.publishRequest(sku, event);
		return event;
	}

	private static ResponseEntity<?> accepted(KitDefinitionRequested event) {
		Map<String, Object> body = new LinkedHashMap<>();
		body.put("status", "accepted");
		body.put("sku", event.sku());
		body.put("components", event.components());
		body.put("idempotencyKey", event.idempotencyKey());
		body.put("eventId", event.eventId());
		return ResponseEntity.status(HttpStatus.ACCEPTED).body(body);
	}

	private static boolean wantsCsv(String accept) {
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

	private static ResponseEntity<?> invalid(String message) {
		return ResponseEntity.badRequest().body(Map.of("error", "invalid_request", "message", message));
	}

	/**
	 * Body of {@code PUT /admin/kits/{sku}}.
	 *
	 * @param components what one kit is made of
	 * @param reason free text for the audit trail
	 * @param idempotencyKey chosen by the caller; the same key applies once
	 */
	record KitRequest(List<KitComponent> components, String reason, String idempotencyKey) {
	}

}
