package io.stocksync.propagator.push;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;

import io.micrometer.core.instrument.MeterRegistry;
import io.stocksync.common.event.StockChanged;
import io.stocksync.common.shop.ShopConfig;
import io.stocksync.propagator.mapping.MappingService;
import io.stocksync.propagator.mapping.ShopMapping;
import io.stocksync.woo.CatalogueItem;
import io.stocksync.woo.StockWrite;
import io.stocksync.woo.StockWriteResult;
import io.stocksync.woo.WooClient;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.stereotype.Component;

/**
 * Writes a batch of stock changes to one shop. Changes are coalesced to the newest version per SKU, versions already
 * written to the shop are skipped (a stale event never overwrites a newer quantity), and the rest go through the
 * batch endpoints: simple products in {@code POST products/batch}, variations per parent in
 * {@code POST products/{id}/variations/batch}. A failure of the shop throws, so the consumer retries the batch with
 * backoff; a per-item rejection inside a 200 is logged and counted.
 */
@Component
class StockPusher {

	private static final Logger logger = LoggerFactory.getLogger(StockPusher.class);

	private final MappingService mappings;

	private final ShopClients clients;

	private final MeterRegistry meters;

	/* shop id -> SKU -> newest version written to that shop */
	private final Map<String, Map<String, Long>> written = new ConcurrentHashMap<>();

	StockPusher(MappingService mappings, ShopClients clients, MeterRegistry meters) {
		this.mappings = mappings;
		this.clients = clients;
		this.meters = meters;
	}

	void push(ShopConfig shop, List<StockChanged> changes) {
		Map<String, StockChanged> latest = coalesce(shop, changes);
		if (latest.isEmpty()) {
			return;
		}
		ShopMapping mapping = this.mappings.current(shop.id()).orElseGet(() -> this.mappings.refresh(shop));
		List<Pending> products = new ArrayList<>();
		Map<Long, List<Pending>> variationsByParent = new TreeMap<>();
		for (StockChanged change : latest.values()) {
			CatalogueItem item = mapping.find(change.sku()).orElse(null);
			if (item == null) {
				count(shop, "unmapped");
				logger.info("SKU {} is not a stock-managed product of shop={}; nothing written", change.sku(),
						shop.id());
				continue;
			}
			Pending pending = new Pending(change, item, change.publishedQuantity(shop.buffer()));
			if (item.isVariation()) {
				variationsByParent.computeIfAbsent(item.productId(), (id) -> new ArrayList<>()).add(pending);
			}
			else {
				products.add(pending);
			}
		}
		WooClient client = this.clients.forShop(shop);
		if (!products.isEmpty()) {
			record(shop, products, client.writeProductStock(writes(products, false)));
		}
		for (Map.Entry<Long, List<Pending>> entry : variationsByParent.entrySet()) {
			record(shop, entry.getValue(), client.writeVariationStock(entry.getKey(), writes(entry.getValue(), true)));
		}
	}

	private Map<String, StockChanged> coalesce(ShopConfig shop, List<StockChanged> changes) {
		Map<String, Long> done = this.written.computeIfAbsent(shop.id(), (id) -> new ConcurrentHashMap<>());
		Map<String, StockChanged> latest = new LinkedHashMap<>();
		for (StockChanged change : changes) {
			if (change.version() <= done.getOrDefault(change.sku(), -1L)) {
				continue;
			}
			latest.merge(change.sku(), change, (a, b) -> (b.version() > a.version()) ? b : a);
		}
		return latest;
	}

	private static List<StockWrite> writes(List<Pending> pending, boolean variations) {
		return pending.stream()
			.map((p) -> new StockWrite(variations ? p.item().variationId() : p.item().productId(), p.quantity()))
			.toList();
	}

	private void record(ShopConfig shop, List<Pending> pending, List<StockWriteResult> results) {
		Map<Long, StockWriteResult> byId = new LinkedHashMap<>();
		results.forEach((result) -> byId.put(result.id(), result));
		Map<String, Long> done = this.written.get(shop.id());
		for (Pending p : pending) {
			long id = p.item().isVariation() ? p.item().variationId() : p.item().productId();
			StockWriteResult result = byId.get(id);
			if (result != null && result.ok()) {
				done.merge(p.change().sku(), p.change().version(), Math::max);
				count(shop, "written");
				logger.info("Wrote sku={} quantity={} version={} to shop={}", p.change().sku(), p.quantity(),
						p.change().version(), shop.id());
			}
			else {
				count(shop, "rejected");
				logger.warn("Shop {} rejected sku={} quantity={}: {} {}", shop.id(), p.change().sku(), p.quantity(),
						(result != null) ? result.errorCode() : "no result",
						(result != null) ? result.errorMessage() : "");
			}
		}
	}

	private void count(ShopConfig shop, String outcome) {
		this.meters.counter("stocksync.propagator.writes", "shop", shop.id(), "outcome", outcome).increment();
	}

	private record Pending(StockChanged change, CatalogueItem item, long quantity) {
	}

}
