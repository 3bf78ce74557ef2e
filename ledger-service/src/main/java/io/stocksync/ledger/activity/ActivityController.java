package io.stocksync.ledger.activity;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import io.stocksync.ledger.activity.ActivityRepository.Activity;

import org.springframework.transaction.annotation.Transactional;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/**
 * {@code GET /admin/activity}: the newest changes of the whole pool, every SKU, with
 * their causes. Filter with {@code shop=} (orders of that shop) or
 * {@code cause=order|adjustment|backorders}; page with {@code before=<nextBefore>}.
 */
@RestController
class ActivityController {

	private final ActivityRepository activity;

	ActivityController(ActivityRepository activity) {
		this.activity = activity;
	}

	@GetMapping("/admin/activity")
	@Transactional(readOnly = true)
	Map<String, Object> recent(@RequestParam(required = false) String shop,
			@RequestParam(required = false) String cause, @RequestParam(defaultValue = "" + Long.MAX_VALUE) long before,
			@RequestParam(defaultValue = "50") int limit) {
		int size = Math.max(1, Math.min(limit, 500));
		String causeType = (shop != null && !shop.isBlank()) ? "order" : blankToNull(cause);
		String prefix = (shop != null && !shop.isBlank()) ? shop + ":" : null;
		List<Activity> changes = this.activity.recent(causeType, prefix, before, size);
		Map<String, Object> body = new LinkedHashMap<>();
		body.put("changes", changes);
		if (changes.size() == size) {
			body.put("nextBefore", changes.get(changes.size() - 1).id());
		}
		return body;
	}

	private static String blankToNull(String value) {
		return (value == null || value.isBlank()) ? null : value;
	}

}
