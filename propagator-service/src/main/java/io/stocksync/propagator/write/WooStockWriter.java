package io.stocksync.propagator.write;

import java.time.Instant;
import java.util.Set;
import java.util.concurrent.CompletableFuture;

import io.stocksync.common.event.StockChanged;
import io.stocksync.common.shop.ShopConfig;

/** A WooCommerce shop's {@link ShopWriter} seen as a {@link StockWriter}. */
final class WooStockWriter implements StockWriter {

	private final ShopWriter writer;

	WooStockWriter(ShopWriter writer) {
		this.writer = writer;
	}

	@Override
	public ShopConfig shop() {
		return this.writer.shop();
	}

	@Override
	public CompletableFuture<Void> submit(StockChanged change) {
		return this.writer.submit(change);
	}

	@Override
	public CompletableFuture<Void> pushCurrent(String sku) {
		return this.writer.pushCurrent(sku);
	}

	@Override
	public boolean position(int partition, long remaining, Instant producedAt) {
		return this.writer.position(partition, remaining, producedAt);
	}

	@Override
	public long resumes() {
		return this.writer.resumes();
	}

	@Override
	public CompletableFuture<Void> absorb(StockChanged change) {
		return this.writer.absorb(change);
	}

	@Override
	public void recover() {
		this.writer.recover();
	}

	@Override
	public String lastFailure(String sku) {
		return this.writer.lastFailure(sku);
	}

	@Override
	public void pause() {
		this.writer.pause();
	}

	@Override
	public void resume() {
		this.writer.resume();
	}

	@Override
	public ShopWriter.Status status() {
		return this.writer.status();
	}

	@Override
	public Set<String> busySkus() {
		return this.writer.busySkus();
	}

}
