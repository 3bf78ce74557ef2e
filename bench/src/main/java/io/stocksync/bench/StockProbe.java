package io.stocksync.bench;

import java.time.Duration;
import java.util.Arrays;
import java.util.Map;

/**
 * Watches one SKU on some shops: when did each of them first get a stock write of the
 * quantity it should show (from the shops' {@code onStockSet} callbacks, so to the
 * nanosecond of the write, not of a poll). Shops not in the map are not watched.
 */
final class StockProbe implements Bench.ShopStockListener {

	private final String sku;

	private final int[] target;

	private final long[] reachedNanos;

	private int missing;

	/**
	 * @param sku the SKU
	 * @param shops number of shops
	 * @param targetByShop shop index to the quantity it should show
	 */
	StockProbe(String sku, int shops, Map<Integer, Integer> targetByShop) {
		this.sku = sku;
		this.target = new int[shops];
		this.reachedNanos = new long[shops];
		Arrays.fill(this.reachedNanos, -1);
		targetByShop.forEach((shop, quantity) -> {
			this.target[shop] = quantity;
			this.reachedNanos[shop] = 0;
		});
		this.missing = targetByShop.size();
	}

	@Override
	public void stockSet(int shopIndex, String sku, Integer quantity) {
		if (quantity != null && this.sku.equals(sku) && quantity == this.target[shopIndex]) {
			reached(shopIndex, System.nanoTime());
		}
	}

	/** The shop shows the quantity since {@code nanos} (e.g. the selling shop). */
	synchronized void reached(int shopIndex, long nanos) {
		if (this.reachedNanos[shopIndex] == 0) {
			this.reachedNanos[shopIndex] = nanos;
			if (--this.missing == 0) {
				notifyAll();
			}
		}
	}

	/**
	 * Waits until every watched shop got its quantity; returns when the last did
	 * ({@code System.nanoTime()}), or -1 after the timeout.
	 */
	synchronized long awaitAll(Duration timeout) {
		long deadline = System.nanoTime() + timeout.toNanos();
		long left;
		while (this.missing > 0 && (left = deadline - System.nanoTime()) > 0) {
			try {
				wait(Math.max(1, left / 1_000_000));
			}
			catch (InterruptedException ex) {
				Thread.currentThread().interrupt();
				return -1;
			}
		}
		if (this.missing > 0) {
			return -1;
		}
		long last = 0;
		for (long nanos : this.reachedNanos) {
			if (nanos > 0) {
				last = (last == 0) ? nanos : Math.max(last, nanos);
			}
		}
		return last;
	}

	/** When the first watched shop got its quantity, or -1 if none yet. */
	synchronized long first() {
		long first = -1;
		for (long nanos : this.reachedNanos) {
			if (nanos > 0) {
				first = (first < 0) ? nanos : Math.min(first, nanos);
			}
		}
		return first;
	}

}
