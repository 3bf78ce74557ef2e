package io.stocksync.ledger.adjustment;

import java.util.LinkedHashMap;
import java.util.Map;

import io.stocksync.common.event.AdjustmentType;
import io.stocksync.common.event.BackordersChangeRequested;
import io.stocksync.common.event.StockAdjustmentRequested;

import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.PutMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RestController;

/**
 * Operator adjustments and onboarding. Both answer 202: the adjustment is in Kafka and
 * the ledger applies it shortly after, once per idempotency key.
 */
@RestController
class AdjustmentController {

	private static final int MAX_KEY_LENGTH = 200;

	private static final int MAX_REASON_LENGTH = 500;

	private final AdjustmentPublisher publisher;

	AdjustmentController(AdjustmentPublisher publisher) {
		this.publisher = publisher;
	}

	@PostMapping("/admin/stock/{sku}/adjust")
	ResponseEntity<Map<String, Object>> adjust(@PathVariable String sku, @RequestBody AdjustRequest request) {
		String problem = request.problem();
		if (problem != null) {
			return ResponseEntity.badRequest().body(Map.of("error", "invalid_request", "message", problem));
		}
		StockAdjustmentRequested event = this.publisher.publish(sku, AdjustmentType.fromJson(request.type()),
				request.quantity(), request.reason(), request.idempotencyKey());
		Map<String, Object> body = new LinkedHashMap<>();
		body.put("status", "accepted");
		body.put("sku", sku);
		body.put("idempotencyKey", event.idempotencyKey());
		body.put("eventId", event.eventId());
		return ResponseEntity.status(HttpStatus.ACCEPTED).body(body);
	}

	/**
	 * Allows or stops selling the SKU below zero. Goes through Kafka like an adjustment,
	 * so that the log rebuilds it; the last request per SKU wins.
	 */
	@PutMapping("/admin/stock/{sku}/backorders")
	ResponseEntity<Map<String, Object>> backorders(@PathVariable String sku, @RequestBody BackordersRequest request) {
		if (request.allowed() == null) {
			return ResponseEntity.badRequest()
				.body(Map.of("error", "invalid_request", "message", "allowed must be true or false"));
		}
		if (request.reason() != null && request.reason().length() > MAX_REASON_LENGTH) {
			return ResponseEntity.badRequest()
				.body(Map.of("error", "invalid_request", "message",
						"reason is longer than " + MAX_REASON_LENGTH + " characters"));
		}
		BackordersChangeRequested event = this.publisher.publishBackorders(sku, request.allowed(), request.reason());
		Map<String, Object> body = new LinkedHashMap<>();
		body.put("status", "accepted");
		body.put("sku", sku);
		body.put("backorders", event.allowed());
		body.put("eventId", event.eventId());
		return ResponseEntity.status(HttpStatus.ACCEPTED).body(body);
	}

	/**
	 * Body of {@code PUT /admin/stock/{sku}/backorders}.
	 *
	 * @param allowed whether shops may sell the SKU below zero
	 * @param reason free text for the audit trail
	 */
	record BackordersRequest(Boolean allowed, String reason) {
	}

	/**
	 * Body of {@code POST /admin/stock/{sku}/adjust}.
	 *
	 * @param type {@code set}, {@code add} or {@code remove}
	 * @param quantity a whole number, not negative
	 * @param reason free text for the audit trail
	 * @param idempotencyKey chosen by the caller; the same key applies once
	 */
	record AdjustRequest(String type, Long quantity, String reason, String idempotencyKey) {

		String problem() {
			if (this.type == null || !this.type.matches("(?i)set|add|remove")) {
				return "type must be one of set, add, remove";
			}
			if (this.quantity == null || this.quantity < 0) {
				return "quantity must be a whole number >= 0";
			}
			if (this.idempotencyKey == null || this.idempotencyKey.isBlank()
					|| this.idempotencyKey.length() > MAX_KEY_LENGTH) {
				return "idempotencyKey is required (at most " + MAX_KEY_LENGTH + " characters)";
			}
			if (this.reason != null && this.reason.length() > MAX_REASON_LENGTH) {
				return "reason is longer than " + MAX_REASON_LENGTH + " characters";
			}
			return null;
		}

	}

}
