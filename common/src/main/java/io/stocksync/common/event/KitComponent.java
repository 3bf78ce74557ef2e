package io.stocksync.common.event;

/**
 * One component of a kit: {@code quantity} units of {@code sku} per kit.
 *
 * @param sku the component's SKU
 * @param quantity units per kit, at least 1
 */
public record KitComponent(String sku, long quantity) {
}
