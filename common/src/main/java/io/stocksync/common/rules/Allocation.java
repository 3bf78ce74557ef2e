package io.stocksync.common.rules;

import java.util.ArrayList;
import java.util.List;

import io.stocksync.common.shop.ShopConfig;

/**
 * The one rule for what a shop shows of a SKU (its published quantity). The propagator
 * writes it, the drift check compares with it and the ledger's {@code GET
 * /admin/stock/{sku}} explains it, all through {@link #publish}.
 * <p>
 * First the per-SKU override of the shop ({@link SkuRule}) replaces the shop's own
 * {@code buffer}, {@code share}, {@code hide-below} and {@code cap} where it sets them.
 * Then, in this order:
 * <ol>
 * <li><b>backorders</b>: without them every step below is clamped at 0; with them a
 * negative quantity is shown as it is (buffer and cap still apply, share only to a
 * positive quantity);</li>
 * <li><b>buffer</b>: {@code available - buffer};</li>
 * <li><b>share</b>: {@code floor(quantity * share / 100)} of a positive quantity;</li>
 * <li><b>hide-below</b>: 0 while the pool's {@code available} is below the
 * threshold;</li>
 * <li><b>cap</b>: {@code min(cap, quantity)};</li>
 * <li><b>sync</b>: with {@code sync: false} nothing is written and the drift check leaves
 * the shop's quantity alone.</li>
 * </ol>
 */
public final class Allocation {

	private Allocation() {
	}

	/**
	 * What the shop should show of a SKU.
	 * @param shop the shop (its own rules)
	 * @param available the pool's available quantity of the SKU
	 * @param backorders whether the SKU may be sold below zero
	 * @param override the shop's override for the SKU, or {@code null}
	 */
	public static Published publish(ShopConfig shop, long available, boolean backorders, SkuRule override) {
		SkuRule rule = (override != null) ? override : new SkuRule(null, null, null, null, null);
		int buffer = (rule.buffer() != null) ? rule.buffer() : shop.buffer();
		Integer share = (rule.share() != null) ? rule.share() : shop.share();
		Integer hideBelow = (rule.hideBelow() != null) ? rule.hideBelow() : shop.hideBelow();
		Integer cap = (rule.cap() != null) ? rule.cap() : shop.cap();
		List<String> why = new ArrayList<>();
		why.add("available " + available + (backorders ? " (backorders allowed)" : ""));
		long quantity = clamp(available - buffer, backorders);
		if (buffer != 0) {
			why.add("buffer " + buffer + ": " + quantity);
		}
		if (share != null && share != 100 && quantity > 0) {
			quantity = quantity * share / 100;
			why.add("share " + share + "%: " + quantity);
		}
		if (hideBelow != null && available < hideBelow) {
			quantity = 0;
			why.add("hide-below " + hideBelow + ": 0");
		}
		if (cap != null && quantity > cap) {
			quantity = cap;
			why.add("cap " + cap + ": " + quantity);
		}
		boolean sync = rule.synced();
		if (!sync) {
			why.add("sync false: never written");
		}
		return new Published(quantity, sync, override != null, List.copyOf(why));
	}

	private static long clamp(long quantity, boolean backorders) {
		return backorders ? quantity : Math.max(0, quantity);
	}

	/**
	 * A shop's published quantity of a SKU and how it came about.
	 *
	 * @param quantity what the shop should show
	 * @param sync whether it is written at all ({@code false}: the shop's own quantity is
	 * left alone)
	 * @param overridden whether a per-SKU override applied
	 * @param why the steps that changed the quantity, in the order they applied
	 */
	public record Published(long quantity, boolean sync, boolean overridden, List<String> why) {
	}

}
