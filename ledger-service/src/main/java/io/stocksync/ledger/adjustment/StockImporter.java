package io.stocksync.ledger.adjustment;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

import io.stocksync.common.shop.ShopConfig;
import io.stocksync.common.shop.Sites;
import io.stocksync.ledger.shopify.ShopifyGraphql;
import io.stocksync.ledger.shopify.ShopifyStock;
import io.stocksync.woo.Catalogue;
import io.stocksync.woo.CatalogueItem;
import io.stocksync.woo.WooClients;
import okhttp3.OkHttpClient;

import org.springframework.stereotype.Component;

/**
 * Onboarding's stock read: one shop's current stock of every SKU it manages stock for
 * (WooCommerce: its catalogue's {@code stock_quantity}; Shopify: {@code available} at the
 * synced location, see {@link ShopifyStock}). SKUs the shop lists twice are reported and
 * skipped, never guessed. The onboarding job (package {@code onboarding}) decides when to
 * read and turns the quantities into stock takes with {@link StockTakes}. Public only
 * because that job lives in another package.
 */
@Component
public class StockImporter {

	private final Sites sites;

	private final WooClients clients;

	private final OkHttpClient http;

	StockImporter(Sites sites, WooClients clients, OkHttpClient http) {
		this.sites = sites;
		this.clients = clients;
		this.http = http;
	}

	/** The shop's stock now (one catalogue read), or empty for an unknown shop. */
	public Optional<ShopStock> read(String shopId) {
		Optional<ShopConfig> shop = this.sites.find(shopId);
		if (shop.isEmpty()) {
			return Optional.empty();
		}
		if (shop.get().isShopify()) {
			ShopifyStock.Read read = ShopifyStock.read(new ShopifyGraphql(this.http, shop.get()));
			return Optional.of(new ShopStock(shopId, read.quantities(), read.duplicateSkus(), read.notStockManaged()));
		}
		Catalogue catalogue = this.clients.forShop(shop.get()).fetchCatalogue();
		Map<String, Long> quantities = new TreeMap<>();
		List<String> unmanaged = new ArrayList<>();
		for (Map.Entry<String, List<CatalogueItem>> entry : catalogue.bySku().entrySet()) {
			CatalogueItem item = entry.getValue().get(0);
			if (entry.getValue().size() > 1) {
				continue;
			}
			if (!item.manageStock() || item.stockQuantity() == null) {
				unmanaged.add(entry.getKey());
				continue;
			}
			quantities.put(entry.getKey(), (long) item.stockQuantity());
		}
		return Optional.of(new ShopStock(shopId, quantities, catalogue.duplicateSkus(), unmanaged));
	}

	/**
	 * @param shop the shop read
	 * @param quantities stock per SKU, for the SKUs it manages stock for
	 * @param duplicateSkus SKUs the shop lists more than once (skipped)
	 * @param notStockManaged SKUs without managed stock (skipped)
	 */
	public record ShopStock(String shop, Map<String, Long> quantities, List<String> duplicateSkus,
			List<String> notStockManaged) {
	}

}
