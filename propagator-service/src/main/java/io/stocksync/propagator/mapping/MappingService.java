package io.stocksync.propagator.mapping;

import java.time.Clock;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

import io.stocksync.common.shop.ShopConfig;
import io.stocksync.common.shop.Sites;
import io.stocksync.woo.Catalogue;
import io.stocksync.woo.WooClients;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.boot.context.event.ApplicationReadyEvent;
import org.springframework.context.event.EventListener;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.stereotype.Service;

/**
 * Keeps each shop's SKU mapping, read from its catalogue (all product pages and all
 * variations). Read at start, on a schedule, on demand through the admin API, and by a
 * shop's writer when it has none yet.
 */
@Service
public class MappingService {

	private static final Logger logger = LoggerFactory.getLogger(MappingService.class);

	private static final int START_PARALLELISM = 4;

	private final Sites sites;

	private final WooClients clients;

	private final Clock clock;

	private final Map<String, ShopMapping> mappings = new ConcurrentHashMap<>();

	private final ManualMappingRepository manual;

	MappingService(Sites sites, WooClients clients, Clock clock, ManualMappingRepository manual) {
		this.sites = sites;
		this.clients = clients;
		this.clock = clock;
		this.manual = manual;
	}

	/**
	 * Reads the shop's catalogue now; throws if the shop cannot be read (the old mapping
	 * stays).
	 */
	public ShopMapping refresh(ShopConfig shop) {
		Catalogue catalogue = this.clients.forShop(shop).fetchCatalogue();
		ShopMapping mapping = ShopMapping.of(shop.id(), catalogue, this.clock.instant())
			.withManual(this.manual.forShop(shop.id()), catalogue);
		this.mappings.put(shop.id(), mapping);
		if (!mapping.duplicateSkus().isEmpty()) {
			logger.warn("Shop {} lists SKUs more than once; they are not written: {}", shop.id(),
					mapping.duplicateSkus());
		}
		logger.info("Mapping of shop={} refreshed: {} SKUs, {} duplicate, {} not stock-managed, {} without SKU",
				shop.id(), mapping.bySku().size(), mapping.duplicateSkus().size(), mapping.notStockManaged().size(),
				mapping.withoutSku());
		return mapping;
	}

	public Optional<ShopMapping> current(String shopId) {
		return Optional.ofNullable(this.mappings.get(shopId));
	}

	/*
	 * Read every catalogue once at start, off the main thread: a slow shop must not delay
	 * readiness. Shops are read side by side (a few at a time), so the first change after
	 * a start does not wait behind other shops' catalogues.
	 */
	@EventListener(ApplicationReadyEvent.class)
	void refreshAtStart() {
		List<ShopConfig> shops = List.copyOf(this.sites.all());
		int threads = Math.max(1, Math.min(START_PARALLELISM, shops.size()));
		ExecutorService start = Executors.newFixedThreadPool(threads, (runnable) -> {
			Thread thread = new Thread(runnable, "propagator-mapping-start");
			thread.setDaemon(true);
			return thread;
		});
		shops.forEach((shop) -> start.execute(() -> refreshQuietly(shop)));
		start.shutdown();
	}

	@Scheduled(initialDelayString = "${stocksync.mapping-refresh-interval:10m}",
			fixedDelayString = "${stocksync.mapping-refresh-interval:10m}")
	void refreshAll() {
		this.sites.all().forEach(this::refreshQuietly);
	}

	private void refreshQuietly(ShopConfig shop) {
		if (shop.isShopify()) {
			return; // a Shopify store's writer reads its own catalogue (SKU to inventory
					// item)
		}
		try {
			refresh(shop);
		}
		catch (RuntimeException ex) {
			logger.warn("Mapping refresh of shop={} failed, keeping the previous one: {}", shop.id(), ex.getMessage());
		}
	}

}
