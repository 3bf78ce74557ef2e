package io.stocksync.common.event;

import java.util.Set;

/** The WooCommerce webhook topics that carry orders. */
public final class OrderTopics {

	public static final String CREATED = "order.created";

	public static final String UPDATED = "order.updated";

	public static final String DELETED = "order.deleted";

	public static final String RESTORED = "order.restored";

	public static final Set<String> ALL = Set.of(CREATED, UPDATED, DELETED, RESTORED);

	private OrderTopics() {
	}

}
