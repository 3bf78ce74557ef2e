package io.stocksync.bench;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.function.LongUnaryOperator;

/**
 * End-to-end latency: from the moment ingest accepted an order's webhook to the moment
 * the last shop received a stock write that includes it. Each order of the phase has one
 * line of quantity 1, so "includes it" is exact enough: the pool only falls during the
 * phase, and a shop written a quantity at or below what the pool should hold after this
 * order has seen at least as many orders of that SKU (applied in any order). The shops
 * report their stock writes through {@code FakeShop.onStockSet}; writes of the selling
 * shop count too, because it also gets the pool value.
 */
final class EndToEnd {

	private final long allShops;

	private final Entry[] entries;

	private final Map<String, List<Entry>> pendingBySku = new HashMap<>();

	private volatile boolean active;

	EndToEnd(int shops, int orders) {
		this.allShops = (shops >= 64) ? -1L : (1L << shops) - 1;
		this.entries = new Entry[orders];
	}

	/**
	 * The order at {@code index} on {@code sku}: after it the pool should hold
	 * {@code expectedAfter}.
	 */
	synchronized void expect(int index, String sku, long expectedAfter) {
		expect(index, sku, expectedAfter, null);
	}

	synchronized void expect(int index, String sku, long expectedAfter, String orderKey) {
		Entry entry = new Entry(sku, expectedAfter);
		entry.orderKey = orderKey;
		this.entries[index] = entry;
		this.pendingBySku.computeIfAbsent(sku, (key) -> new ArrayList<>()).add(entry);
		this.active = true;
	}

	synchronized void accepted(int index, long nanos) {
		this.entries[index].acceptedNanos = nanos;
	}

	/** Ingest did not accept it: it will never arrive, stop waiting for it. */
	synchronized void refused(int index) {
		Entry entry = this.entries[index];
		entry.refused = true;
		List<Entry> pending = this.pendingBySku.get(entry.sku);
		if (pending != null) {
			pending.remove(entry);
		}
	}

	/** A shop's stock of a SKU was set (called under that shop's lock). */
	void stockSet(int shopIndex, String sku, Integer quantity) {
		if (!this.active || quantity == null) {
			return;
		}
		long now = System.nanoTime();
		synchronized (this) {
			List<Entry> pending = this.pendingBySku.get(sku);
			if (pending == null) {
				return;
			}
			for (Iterator<Entry> it = pending.iterator(); it.hasNext();) {
				Entry entry = it.next();
				if (quantity <= entry.expectedAfter) {
					entry.shops |= 1L << shopIndex;
					if (entry.shops == this.allShops) {
						entry.completedNanos = now;
						it.remove();
					}
				}
			}
		}
	}

	synchronized int pending() {
		return this.pendingBySku.values().stream().mapToInt(List::size).sum();
	}

	synchronized void stop() {
		this.active = false;
	}

	/**
	 * The two halves of each completed order's latency, given when the ledger applied it
	 * (wall clock, from its audit trail, by order key): accepted -> applied (ingest,
	 * Kafka, ledger) and applied -> last shop (outbox relay, Kafka, propagator, shop).
	 * {@code nanoToWallMillis} maps this JVM's nanoTime to wall-clock milliseconds.
	 */
	synchronized Percentiles[] split(Map<String, Long> appliedWallMillis, LongUnaryOperator nanoToWallMillis) {
		List<Long> first = new ArrayList<>();
		List<Long> second = new ArrayList<>();
		for (Entry entry : this.entries) {
			if (entry == null || entry.refused || entry.completedNanos == 0 || entry.acceptedNanos == 0) {
				continue;
			}
			Long applied = appliedWallMillis.get(entry.orderKey);
			if (applied == null) {
				continue;
			}
			long accepted = nanoToWallMillis.applyAsLong(entry.acceptedNanos);
			long completed = nanoToWallMillis.applyAsLong(entry.completedNanos);
			first.add(Math.max(0, applied - accepted) * 1_000_000L);
			second.add(Math.max(0, completed - applied) * 1_000_000L);
		}
		return new Percentiles[] { Percentiles.ofNanos(first.stream().mapToLong(Long::longValue).toArray()),
				Percentiles.ofNanos(second.stream().mapToLong(Long::longValue).toArray()) };
	}

	/**
	 * Latencies of the orders that reached every shop; {@code notConverged} counts the
	 * rest that were accepted.
	 */
	synchronized Outcome outcome() {
		List<Long> latencies = new ArrayList<>();
		int notConverged = 0;
		int refused = 0;
		for (Entry entry : this.entries) {
			if (entry == null) {
				continue;
			}
			if (entry.refused) {
				refused++;
			}
			else if (entry.completedNanos == 0 || entry.acceptedNanos == 0) {
				notConverged++;
			}
			else {
				latencies.add(Math.max(0, entry.completedNanos - entry.acceptedNanos));
			}
		}
		return new Outcome(Percentiles.ofNanos(latencies.stream().mapToLong(Long::longValue).toArray()), notConverged,
				refused);
	}

	record Outcome(Percentiles latency, int notConverged, int refused) {
	}

	private static final class Entry {

		final String sku;

		final long expectedAfter;

		long shops;

		long acceptedNanos;

		long completedNanos;

		boolean refused;

		String orderKey;

		Entry(String sku, long expectedAfter) {
			this.sku = sku;
			this.expectedAfter = expectedAfter;
		}

	}

}
