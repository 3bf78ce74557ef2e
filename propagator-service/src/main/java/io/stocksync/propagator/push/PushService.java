package io.stocksync.propagator.push;

import java.time.Instant;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;

import io.stocksync.common.rules.Allocation;
import io.stocksync.common.shop.ShopConfig;
import io.stocksync.propagator.mapping.ShopMapping;
import io.stocksync.propagator.write.PushRepository;
import io.stocksync.propagator.write.ShopWriters;
import io.stocksync.propagator.write.ShopifyWriter;

import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/**
 * What other features (the drift check) may see of and ask from the push, without
 * reaching into its writers: the quantity each SKU should show on a shop, which SKUs are
 * being pushed, and a push of current truth through the shop's own writer (so the version
 * guard, the shop's gate, batching and the own-write log all apply).
 */
@Service
public class PushService {

	private final ShopWriters writers;

	private final PushRepository repository;

	PushService(ShopWriters writers, PushRepository repository) {
		this.writers = writers;
		this.repository = repository;
	}

	/** Whether an operator paused the shop (its writes are held). */
	public boolean isPaused(String shopId) {
		return this.writers.writer(shopId).status().paused();
	}

	/** Until when the shop's circuit refuses requests, or null if it is not open. */
	public Instant circuitOpenUntil(String shopId) {
		return this.writers.writer(shopId).status().gate().openUntil();
	}

	/**
	 * What the shop should show for each SKU that has a truth (the same computation as
	 * the push: {@link Allocation#publish}). SKUs without truth are absent.
	 */
	@Transactional(readOnly = true)
	public Map<String, Expected> expected(ShopConfig shop, Collection<String> skus) {
		Map<String, Expected> expected = new LinkedHashMap<>();
		this.repository.truth(skus).forEach((sku, truth) -> {
			Allocation.Published published = truth.publishedTo(shop);
			expected.put(sku, new Expected(sku, published.quantity(), truth.version(), published.sync()));
		});
		return expected;
	}

	/**
	 * SKUs of the given ones that a push is busy with, with the reason: {@code in_flight}
	 * (waiting to be written or being written; the held SKUs of a paused shop do not
	 * count), {@code recent_write} (written to the shop since {@code since}),
	 * {@code recent_change} (its truth changed since {@code since}, so the shop's own
	 * push may not have happened yet).
	 */
	@Transactional(readOnly = true)
	public Map<String, String> unsettled(String shopId, Collection<String> skus, Instant since) {
		Map<String, String> unsettled = new LinkedHashMap<>();
		Set<String> busy = this.writers.writer(shopId).busySkus();
		skus.stream().filter(busy::contains).forEach((sku) -> unsettled.put(sku, "in_flight"));
		this.repository.writtenSince(shopId, skus, since).forEach((sku) -> unsettled.putIfAbsent(sku, "recent_write"));
		this.repository.changedSince(skus, since).forEach((sku) -> unsettled.putIfAbsent(sku, "recent_change"));
		return unsettled;
	}

	/**
	 * Writes the SKU's current truth to the shop even if the version guard says it is
	 * there already (the shop was changed behind our back). Completes once the shop
	 * confirmed it, or fails like any push.
	 */
	public CompletableFuture<Void> pushCurrent(String shopId, String sku) {
		return this.writers.writer(shopId).pushCurrent(sku);
	}

	/**
	 * A Shopify store's catalogue read now (SKU to inventory item, with its
	 * {@code available} at our location), for the drift check; Shopify stores are not in
	 * the WooCommerce mapping service.
	 */
	public ShopMapping readShopifyMapping(String shopId) {
		if (!(this.writers.writer(shopId) instanceof ShopifyWriter shopify)) {
			throw new IllegalArgumentException("shop " + shopId + " is not a Shopify store");
		}
		return shopify.readMapping();
	}

	/**
	 * A Shopify store's catalogue as its writer last read it, without reading it now;
	 * empty if it was not read yet.
	 */
	public java.util.Optional<ShopMapping> currentShopifyMapping(String shopId) {
		if (!(this.writers.writer(shopId) instanceof ShopifyWriter shopify)) {
			throw new IllegalArgumentException("shop " + shopId + " is not a Shopify store");
		}
		return shopify.currentMapping();
	}

	/**
	 * The quantity a shop should show for a SKU.
	 *
	 * @param sku the SKU
	 * @param quantity the published quantity for the shop
	 * @param version the truth version it comes from
	 * @param sync false when the SKU is excluded on the shop ({@code sync: false}): never
	 * written nor corrected
	 */
	public record Expected(String sku, long quantity, long version, boolean sync) {
	}

}
