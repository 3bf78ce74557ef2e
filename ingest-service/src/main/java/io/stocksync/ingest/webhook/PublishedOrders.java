package io.stocksync.ingest.webhook;

import java.time.Instant;
import java.util.Arrays;
import java.util.HashMap;
import java.util.Map;

/**
 * The newest modification date published per order, for the orders published in the last
 * {@code capacity} publishes, held in arrays allocated once.
 * <p>
 * Why arrays and not a map: ingest remembers an order for as long as the next 20,000
 * publishes take, 20 s at 1,000 orders/s. A map entry, its key and its date outlived the
 * young collections of that time, were promoted and died in the old generation: under the
 * bench about half of what ingest promoted, and the full collections that follow stop the
 * webhooks' answers for 80-160 ms (docs/benchmarks.md, 2026-12-03). Here a publish writes
 * into a ring of slots in publish order (the oldest slot is reused, forgetting its order)
 * and an open-addressing index finds an order's slot; nothing is allocated per order.
 * <p>
 * Publishing an order again moves it to the newest slot, keeping the newer of the two
 * dates; {@link #newest} does not move it. Not thread-safe: {@link OrderIntake} guards
 * it. No kept library has a primitive-keyed map in publish order except fastutil, a 23 MB
 * dependency for this one class.
 */
final class PublishedOrders {

	private static final int NONE = -1;

	/* The ring, in publish order: slot i holds an order (shop >= 0) or nothing. */
	private final int[] shops;

	private final long[] orders;

	private final long[] seconds;

	private final int[] nanos;

	/* The ring slot the next publish takes (the oldest). */
	private int next;

	/* Open addressing, linear probing: ring slots by the hash of their order, or NONE. */
	private final int[] index;

	private final int mask;

	private final Map<String, Integer> shopNumbers = new HashMap<>();

	PublishedOrders(int capacity) {
		if (capacity < 1) {
			throw new IllegalArgumentException("capacity must be at least 1, was " + capacity);
		}
		this.shops = new int[capacity];
		this.orders = new long[capacity];
		this.seconds = new long[capacity];
		this.nanos = new int[capacity];
		Arrays.fill(this.shops, NONE);
		int size = Integer.highestOneBit(capacity * 2 - 1) << 1; // at most half full
		this.index = new int[size];
		this.mask = size - 1;
		Arrays.fill(this.index, NONE);
	}

	/** The newest modification date published for the order, or {@code null}. */
	Instant newest(String shopId, long orderId) {
		Integer shop = this.shopNumbers.get(shopId);
		if (shop == null) {
			return null;
		}
		int slot = this.index[position(shop, orderId)];
		return (slot != NONE) ? Instant.ofEpochSecond(this.seconds[slot], this.nanos[slot]) : null;
	}

	/**
	 * Remembers that this state of the order was published: its date, or the newer one
	 * already remembered; the order becomes the most recently published.
	 */
	void remember(String shopId, long orderId, Instant modified) {
		Integer number = this.shopNumbers.get(shopId);
		if (number == null) {
			number = this.shopNumbers.size();
			this.shopNumbers.put(shopId, number);
		}
		int shop = number;
		long second = modified.getEpochSecond();
		int nano = modified.getNano();
		int known = this.index[position(shop, orderId)];
		if (known != NONE) {
			if (this.seconds[known] > second || (this.seconds[known] == second && this.nanos[known] > nano)) {
				second = this.seconds[known];
				nano = this.nanos[known];
			}
			forget(known);
		}
		int slot = this.next;
		if (this.shops[slot] != NONE) {
			forget(slot);
		}
		this.shops[slot] = shop;
		this.orders[slot] = orderId;
		this.seconds[slot] = second;
		this.nanos[slot] = nano;
		this.index[position(shop, orderId)] = slot;
		this.next = (slot + 1 == this.shops.length) ? 0 : slot + 1;
	}

	/* Where the order's slot is in the index, or the free position where it would go. */
	private int position(int shop, long orderId) {
		int position = home(shop, orderId);
		for (int slot = this.index[position]; slot != NONE; slot = this.index[position]) {
			if (this.shops[slot] == shop && this.orders[slot] == orderId) {
				return position;
			}
			position = (position + 1) & this.mask;
		}
		return position;
	}

	/*
	 * Empties a ring slot and removes it from the index, shifting back the entries after
	 * it that probed past it (deletion without tombstones).
	 */
	private void forget(int slot) {
		int hole = position(this.shops[slot], this.orders[slot]);
		for (int position = (hole + 1) & this.mask; this.index[position] != NONE; position = (position + 1)
				& this.mask) {
			int moved = this.index[position];
			int home = home(this.shops[moved], this.orders[moved]);
			if (((position - home) & this.mask) >= ((position - hole) & this.mask)) {
				this.index[hole] = moved;
				hole = position;
			}
		}
		this.index[hole] = NONE;
		this.shops[slot] = NONE;
	}

	private int home(int shop, long orderId) {
		long hash = (orderId ^ ((long) shop << 48)) * 0x9E3779B97F4A7C15L;
		return (int) (hash ^ (hash >>> 32)) & this.mask;
	}

}
