package io.stocksync.common.event;

import java.time.Instant;
import java.util.List;

/**
 * The ledger's record of which kit definition an order line for a kit was committed with
 * (published by the ledger through its outbox to the adjustments topic). The line keeps
 * these components for good, whatever later happens to the kit's definition, so that a
 * cancel or refund gives back exactly what the order took; a rebuild reads these records
 * before the orders and so expands every line exactly as the live ledger did.
 *
 * @param schemaVersion version of this contract
 * @param eventId unique id of this event
 * @param shopId the order's shop
 * @param orderId the order id
 * @param lineItemId the line item id
 * @param kitSku the kit's SKU
 * @param components the components per kit the line commits
 * @param occurredAt when the ledger first committed the line
 */
public record KitLineExpanded(int schemaVersion, String eventId, String shopId, long orderId, long lineItemId,
		String kitSku, List<KitComponent> components, Instant occurredAt) {

	public static final int SCHEMA_VERSION = 1;

	public static final String TYPE = "kitLineExpanded";

}
