package io.stocksync.common.event;

import java.time.Instant;
import java.util.List;

/**
 * An operator's definition of a kit ({@code PUT /admin/kits/{sku}}) or its removal
 * ({@code DELETE}: no components). A kit has no stock of its own: an order line for it
 * takes its components. Travels on the adjustments topic keyed by the kit's SKU, so the
 * log rebuilds it; the ledger applies each {@code idempotencyKey} once.
 *
 * @param schemaVersion version of this contract
 * @param eventId unique id of this event
 * @param sku the kit's SKU
 * @param components what one kit is made of; empty removes the kit
 * @param reason free text for the audit trail
 * @param idempotencyKey chosen by the caller; the same key applies once
 * @param requestedAt when it was requested
 */
public record KitDefinitionRequested(int schemaVersion, String eventId, String sku, List<KitComponent> components,
		String reason, String idempotencyKey, Instant requestedAt) {

	public static final int SCHEMA_VERSION = 1;

	public static final String TYPE = "kitDefinitionRequested";

	public KitDefinitionRequested {
		components = (components != null) ? List.copyOf(components) : List.of();
	}

}
