package io.stocksync.propagator.write;

import java.time.Instant;
import java.util.Set;
import java.util.concurrent.CompletableFuture;

import io.stocksync.common.event.StockChanged;
import io.stocksync.common.shop.ShopConfig;

/**
 * What the Kafka side, the admin API and the drift check ask of one shop's writer,
 * whatever the platform: {@link ShopWriter} for WooCommerce, {@link ShopifyWriter} for
 * Shopify. Each shop keeps its own consumer group, retry topics, DLT, gate and pause
 * switch; only the writing differs.
 */
public interface StockWriter {

	ShopConfig shop();

	/**
	 * Asks for the change's SKU to be written.
	 * @return completes once the shop holds this change's version or a newer one (or
	 * there is nothing to write); fails with {@link RetryableDeliveryException} or
	 * {@link RejectedDeliveryException}
	 */
	CompletableFuture<Void> submit(StockChanged change);

	/**
	 * Writes the SKU's current truth even if the guard says it is there already (DLT
	 * replay, drift).
	 */
	CompletableFuture<Void> pushCurrent(String sku);

	/**
	 * The consumer's position on one partition of the main topic (records still to read
	 * after this one, and when the record it hands over was produced). A writer that
	 * coalesces a whole backlog answers whether it is gathering one; then the record is
	 * handed over with {@link #absorb} instead of {@link #submit}. By default a writer
	 * does not (each change is submitted).
	 */
	default boolean position(int partition, long remaining, Instant producedAt) {
		return false;
	}

	/**
	 * How often the shop was resumed (the consumer checks where each partition ends once
	 * after a start and after each resume), or -1 if the writer does not coalesce a
	 * backlog (then the consumer never asks).
	 */
	default long resumes() {
		return -1;
	}

	/**
	 * Takes a backlog change whose write the consumer does not wait for (see
	 * {@link ShopWriter#absorb}); by default it is simply submitted.
	 * @return completes once the change can no longer be lost (its offset may then be
	 * committed)
	 */
	default CompletableFuture<Void> absorb(StockChanged change) {
		return submit(change);
	}

	/**
	 * At start: writes what was gathered but maybe not written before the last stop (see
	 * {@link UnwrittenChanges}); by default there is nothing.
	 */
	default void recover() {
	}

	/**
	 * The SKU of a shop's item as named by a stock report without SKU (a Shopify
	 * inventory item id); empty where the platform's reports carry the SKU.
	 */
	default java.util.Optional<String> skuOfItem(long itemId) {
		return java.util.Optional.empty();
	}

	/** Why the last write of the SKU failed, or null. */
	String lastFailure(String sku);

	void pause();

	void resume();

	ShopWriter.Status status();

	/** SKUs being written or waiting to be written (not those held while paused). */
	Set<String> busySkus();

}
