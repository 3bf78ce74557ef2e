package io.stocksync.ledger.stock;

import java.util.List;

import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/** Admin read access to the pool. */
@RestController
class StockController {

	private static final int MAX_PAGE = 1000;

	private final StockRepository stock;

	StockController(StockRepository stock) {
		this.stock = stock;
	}

	/** SKUs in order; page with {@code after=<last sku of the previous page>}. */
	@GetMapping("/admin/stock")
	List<StockLevel> list(@RequestParam(defaultValue = "") String after,
			@RequestParam(defaultValue = "100") int limit) {
		return this.stock.page(after, Math.max(1, Math.min(limit, MAX_PAGE)));
	}

	@GetMapping("/admin/stock/{sku}")
	ResponseEntity<?> get(@PathVariable String sku) {
		return this.stock.find(sku)
			.<ResponseEntity<?>>map(ResponseEntity::ok)
			.orElseGet(() -> ResponseEntity.status(404)
				.body(java.util.Map.of("error", "unknown_sku", "message", "no stock for SKU '" + sku + "'")));
	}

}
