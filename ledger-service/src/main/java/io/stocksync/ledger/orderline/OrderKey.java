package io.stocksync.ledger.orderline;

import java.util.Comparator;

/**
 * One order of one shop. Orders are locked in this order ({@link #compareTo}), so two
 * ledgers that lock overlapping sets of orders cannot deadlock.
 *
 * @param shopId the shop
 * @param orderId the shop's order id
 */
record OrderKey(String shopId, long orderId) implements Comparable<OrderKey> {

	private static final Comparator<OrderKey> ORDER = Comparator.comparing(OrderKey::shopId)
		.thenComparingLong(OrderKey::orderId);

	@Override
	public int compareTo(OrderKey other) {
		return ORDER.compare(this, other);
	}

	@Override
	public String toString() {
		return this.shopId + ":" + this.orderId;
	}

}
