package io.stocksync.common.rules;

/**
 * A per-SKU override of one shop's rules ({@code PUT /admin/shops/{shopId}/rules/{sku}}).
 * Each value set here replaces the shop's own for this SKU; {@code null} keeps the
 * shop's.
 *
 * @param share percent (0-100) of what is left after the buffer, rounded down
 * @param buffer units held back from this shop
 * @param cap the most this shop is shown
 * @param hideBelow while the pool's available quantity is below this, the shop shows 0
 * @param sync {@code false}: this shop's quantity of the SKU is left alone (never
 * written, excluded from the drift check); {@code null} or {@code true}: synchronised
 */
public record SkuRule(Integer share, Integer buffer, Integer cap, Integer hideBelow, Boolean sync) {

	/** Why the override can never be applied, or {@code null} when it is valid. */
	public String problem() {
		if (this.share != null && (this.share < 0 || this.share > 100)) {
			return "share must be between 0 and 100";
		}
		if (this.buffer != null && this.buffer < 0) {
			return "buffer must not be negative";
		}
		if (this.cap != null && this.cap < 0) {
			return "cap must not be negative";
		}
		if (this.hideBelow != null && this.hideBelow < 0) {
			return "hideBelow must not be negative";
		}
		return null;
	}

	/** Whether the shop's quantity of the SKU is written at all. */
	public boolean synced() {
		return this.sync == null || this.sync;
	}

}
