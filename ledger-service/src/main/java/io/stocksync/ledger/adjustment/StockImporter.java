package io.stocksync.ledger.adjustment;

import java.time.Clock;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import io.stocksync.common.event.AdjustmentType;
import io.stocksync.common.shop.ShopConfig;
import io.stocksync.common.shop.Sites;
import io.stocksync.woo.Catalogue;
import io.stocksync.woo.CatalogueItem;
import io.stocksync.woo.WooClient;
import okhttp3.OkHttpClient;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.stereotype.Component;

/**
 * Onboarding: seeds the pool from one shop's current stock. Every SKU the shop manages stock for becomes a stock
 * take ({@code set}) adjustment through Kafka, like any other adjustment. SKUs the shop lists twice are reported and
 * skipped, never guessed.
 */
@Component
class StockImporter {

	private static final Logger logger = LoggerFactory.getLogger(StockImporter.class);

	private final Sites sites;

	private final OkHttpClient http;

	private final AdjustmentPublisher publisher;

	private final Clock clock;

	StockImporter(Sites sites, OkHttpClient http, AdjustmentPublisher publisher, Clock clock) {
		this.sites = sites;
		this.http = http;
		this.publisher = publisher;
		this.clock = clock;
	}

	Optional<ImportReport> importFrom(String shopId) {
		Optional<ShopConfig> shop = this.sites.find(shopId);
		if (shop.isEmpty()) {
			return Optional.empty();
		}
		Catalogue catalogue = new WooClient(this.http, shop.get(), this.clock).fetchCatalogue();
		String run = shopId + ":" + this.clock.instant().toEpochMilli();
		List<String> duplicates = catalogue.duplicateSkus();
		List<String> unmanaged = new ArrayList<>();
		int imported = 0;
		for (Map.Entry<String, List<CatalogueItem>> entry : catalogue.bySku().entrySet()) {
			CatalogueItem item = entry.getValue().get(0);
			if (entry.getValue().size() > 1) {
				continue;
			}
			if (!item.manageStock() || item.stockQuantity() == null) {
				unmanaged.add(entry.getKey());
				continue;
			}
			this.publisher.publish(entry.getKey(), AdjustmentType.SET, item.stockQuantity(),
					"import from shop " + shopId, "import:" + run + ":" + entry.getKey());
			imported++;
		}
		logger.info("Imported {} SKUs from shop={} (duplicates {}, not stock-managed {})", imported, shopId,
				duplicates, unmanaged);
		return Optional.of(new ImportReport(shopId, imported, duplicates, unmanaged));
	}

	record ImportReport(String shop, int imported, List<String> duplicateSkus, List<String> notStockManaged) {

		Map<String, Object> toMap() {
			Map<String, Object> map = new LinkedHashMap<>();
			map.put("status", "accepted");
			map.put("shop", this.shop);
			map.put("imported", this.imported);
			map.put("duplicateSkus", this.duplicateSkus);
			map.put("notStockManaged", this.notStockManaged);
			return map;
		}

	}

}
