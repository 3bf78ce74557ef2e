package io.stocksync.common.event;

import java.time.Instant;
import java.util.List;
import java.util.Objects;

/**
 * The state of one order on one shop, as a webhook or an order poll saw it. Snapshots are
 * not deltas: the ledger derives every line's target quantity from the snapshot and moves
 * the pool by the difference to what it already committed, so duplicates and merged
 * deliveries are harmless.
 *
 * @param schemaVersion version of this contract, {@link #SCHEMA_VERSION} when produced by
 * this code
 * @param eventId unique id of this event (not an idempotency key: the same order state
 * may arrive many times)
 * @param shopId the selling shop
 * @param orderId the shop's order id
 * @param topic what WooCommerce said happened ({@code order.created},
 * {@code order.updated}, ...)
 * @param status the order status ({@code processing}, {@code cancelled}, ...);
 * {@code null} for a deletion
 * @param dateModifiedGmt the order's {@code date_modified_gmt}; {@code null} when the
 * payload has none (deletion)
 * @param lines the order's line items; empty for a deletion
 * @param source where the snapshot came from ({@code webhook}, {@code poll},
 * {@code simplified})
 * @param receivedAt when stock-sync received it
 * @param baseline {@code true} for an onboarding baseline (source {@code baseline}): the
 * order existed before the pool was onboarded, so the pool already reflects it; the
 * ledger records its lines without moving the pool, unless it has already accounted the
 * order. {@code null} (absent) for every other snapshot. Added in schema version 1 as an
 * optional field: consumers that do not know it ignore it.
 */
public record OrderSnapshot(int schemaVersion, String eventId, String shopId, long orderId, String topic, String status,
		Instant dateModifiedGmt, List<OrderLine> lines, String source, Instant receivedAt, Boolean baseline) {

	public static final int SCHEMA_VERSION = 1;

	public static final String TYPE = "orderSnapshot";

	public OrderSnapshot {
		Objects.requireNonNull(shopId, "shopId");
		Objects.requireNonNull(topic, "topic");
		lines = (lines != null) ? List.copyOf(lines) : List.of();
	}

	/** A snapshot of a webhook or a poll (not a baseline). */
	public OrderSnapshot(int schemaVersion, String eventId, String shopId, long orderId, String topic, String status,
			Instant dateModifiedGmt, List<OrderLine> lines, String source, Instant receivedAt) {
		this(schemaVersion, eventId, shopId, orderId, topic, status, dateModifiedGmt, lines, source, receivedAt, null);
	}

	/** Kafka key: all events of one order go to one partition, in order. */
	public String key() {
		return this.shopId + ":" + this.orderId;
	}

	public boolean isDeletion() {
		return OrderTopics.DELETED.equals(this.topic);
	}

}
