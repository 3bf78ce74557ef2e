package io.stocksync.ledger.orderline;

import java.util.HashMap;
import java.util.List;
import java.util.Map;

import io.stocksync.common.event.KitComponent;
import io.stocksync.ledger.kit.KitLines.Expansion;
import io.stocksync.ledger.kit.KitLines.LineKey;

/**
 * Turns the order-line rule's per-SKU deltas into pool deltas when lines are kits: a kit
 * line commits its kit quantity (that is what the line, refunds and edits count in), and
 * the pool moves its components by {@code kit quantity × component quantity}. The same
 * committed-to-target rule therefore makes duplicates, cancels, partial refunds and edits
 * exact for kits too.
 * <p>
 * Which components: the expansion stored for the line (the definition it was first
 * committed with), else the kit's current definition, which is then stored for the line.
 * A line committed to the SKU before it became a kit keeps moving the SKU itself until it
 * is back at 0.
 */
final class KitExpansion {

	private final Map<LineKey, Expansion> stored;

	private final Map<String, List<KitComponent>> definitions;

	private final Map<LineKey, Expansion> created = new HashMap<>();

	KitExpansion(Map<LineKey, Expansion> stored, Map<String, List<KitComponent>> definitions) {
		this.stored = stored;
		this.definitions = definitions;
	}

	/** The expansions first made by {@link #poolDeltas} calls, to store. */
	Map<LineKey, Expansion> created() {
		return this.created;
	}

	/**
	 * The pool deltas of one snapshot.
	 * @param skuDeltas the rule's deltas per line SKU (kits under the kit's SKU)
	 * @param details filled with an audit text per component SKU moved for a kit
	 */
	Map<String, Long> poolDeltas(OrderKey order, Map<Long, CommittedLine> before, List<CommittedLine> targets,
			Map<String, Long> skuDeltas, Map<String, String> details) {
		if (this.stored.isEmpty() && this.definitions.isEmpty()) {
			return skuDeltas;
		}
		Map<String, Long> pool = new HashMap<>(skuDeltas);
		for (CommittedLine target : targets) {
			CommittedLine was = before.get(target.lineItemId());
			LineKey line = new LineKey(order.shopId(), order.orderId(), target.lineItemId());
			Expansion expansion = this.stored.get(line);
			long from = 0;
			if (was != null && was.committed() != 0 && expansion != null && expansion.kitSku().equals(was.sku())) {
				from = was.committed();
				pool.merge(was.sku(), -from, Long::sum); // the kit itself has no stock
				for (KitComponent component : expansion.components()) {
					pool.merge(component.sku(), from * component.quantity(), Long::sum);
				}
			}
			long to = 0;
			if (target.committed() != 0) {
				Expansion takes = (expansion != null && expansion.kitSku().equals(target.sku())) ? expansion : null;
				boolean committedBeforeKit = was != null && was.committed() != 0 && was.sku().equals(target.sku())
						&& takes == null;
				if (takes == null && !committedBeforeKit && this.definitions.containsKey(target.sku())) {
					takes = new Expansion(target.sku(), this.definitions.get(target.sku()));
					this.stored.put(line, takes);
					this.created.put(line, takes);
				}
				if (takes != null) {
					to = target.committed();
					pool.merge(target.sku(), to, Long::sum);
					for (KitComponent component : takes.components()) {
						pool.merge(component.sku(), -to * component.quantity(), Long::sum);
					}
				}
			}
			if (from != to) {
				String kitSku = target.sku();
				Expansion used = this.stored.get(line);
				if (used != null) {
					for (KitComponent component : used.components()) {
						details.merge(component.sku(), " kit " + kitSku + " line " + target.lineItemId() + " " + from
								+ "->" + to + " x" + component.quantity(), String::concat);
					}
				}
			}
		}
		pool.values().removeIf((delta) -> delta == 0);
		return pool;
	}

}
