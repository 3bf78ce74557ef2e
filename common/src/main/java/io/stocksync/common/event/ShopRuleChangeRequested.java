package io.stocksync.common.event;

import java.time.Instant;

import io.stocksync.common.rules.SkuRule;

/**
 * An operator's per-SKU override of one shop's rules ({@code PUT
 * /admin/shops/{shopId}/rules/{sku}}), or its removal ({@code rule} null). Travels on the
 * adjustments topic keyed by SKU, so the log rebuilds it and the last request per (shop,
 * SKU) wins.
 *
 * @param schemaVersion version of this contract
 * @param eventId unique id of this event
 * @param shopId the shop
 * @param sku the SKU
 * @param rule the override; {@code null} removes it
 * @param requestedAt when it was requested
 */
public record ShopRuleChangeRequested(int schemaVersion, String eventId, String shopId, String sku, SkuRule rule,
		Instant requestedAt) {

	public static final int SCHEMA_VERSION = 1;

	public static final String TYPE = "shopRuleChangeRequested";

}
