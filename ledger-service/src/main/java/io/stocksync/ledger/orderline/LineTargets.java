package io.stocksync.ledger.orderline;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

import io.stocksync.common.event.OrderLine;
import io.stocksync.common.event.OrderSnapshot;

/**
 * The ledger rule of DESIGN.md §3: for every order line a target quantity, and the pool
 * moves by the difference to what is already committed. The pool thus moves exactly as
 * the selling shop's own stock moved, and a duplicate or merged delivery changes nothing
 * extra.
 * <ul>
 * <li>A line with {@code _reduced_stock}: the target is that number (WooCommerce's own
 * tally).</li>
 * <li>Otherwise by status: processing, completed, on-hold take quantity minus restocked
 * refunds; cancelled and pending take 0; any other status leaves the line unchanged, its
 * SKU included (a line new to the ledger is stored at 0).</li>
 * <li>A committed line missing from the snapshot was removed from the order: 0, unless
 * the status leaves lines unchanged.</li>
 * <li>A deletion (trash) changes nothing: WooCommerce does not restock.</li>
 * </ul>
 */
final class LineTargets {

	static final Set<String> REDUCING = Set.of("processing", "completed", "on-hold");

	static final Set<String> RESTORING = Set.of("cancelled", "pending");

	private LineTargets() {
	}

	/**
	 * Whether the snapshot sets every line of the order: a status that reduces or
	 * restores stock (lines missing from it were removed: 0). A snapshot older than the
	 * newest such one applied is stale as a whole.
	 */
	static boolean setsAllLines(OrderSnapshot snapshot) {
		return !snapshot.isDeletion()
				&& (REDUCING.contains(snapshot.status()) || RESTORING.contains(snapshot.status()));
	}

	/**
	 * The lines whose target the snapshot decides: all of them for {@link #setsAllLines},
	 * otherwise only the lines that carry WooCommerce's tally. Other lines (a status such
	 * as {@code failed} without tallies, a deletion) are left as they are, so they must
	 * not hide an older snapshot that arrives late. The ledger remembers per line the
	 * {@code date_modified_gmt} of the snapshot that last decided it, and an older
	 * snapshot leaves that line alone. With this, the result does not depend on delivery
	 * order: every line ends at what the newest snapshot that decides it says, exactly as
	 * when the snapshots arrive in order.
	 */
	static Set<Long> decidedLines(OrderSnapshot snapshot, List<CommittedLine> targets) {
		if (snapshot.isDeletion()) {
			return Set.of();
		}
		if (setsAllLines(snapshot)) {
			Set<Long> all = new java.util.HashSet<>();
			targets.forEach((line) -> all.add(line.lineItemId()));
			return all;
		}
		Set<Long> decided = new java.util.HashSet<>();
		for (OrderLine line : snapshot.lines()) {
			if (line.sku() != null && line.reducedStock() != null) {
				decided.add(line.lineItemId());
			}
		}
		return decided;
	}

	/** The lines to store after applying the snapshot; lines without SKU are left out. */
	static List<CommittedLine> targets(OrderSnapshot snapshot, Map<Long, CommittedLine> committed) {
		if (snapshot.isDeletion()) {
			return List.copyOf(committed.values());
		}
		boolean unchangedStatus = !REDUCING.contains(snapshot.status()) && !RESTORING.contains(snapshot.status());
		Map<Long, CommittedLine> result = new LinkedHashMap<>();
		for (CommittedLine line : committed.values()) {
			result.put(line.lineItemId(), unchangedStatus ? line : new CommittedLine(line.lineItemId(), line.sku(), 0));
		}
		for (OrderLine line : snapshot.lines()) {
			if (line.sku() == null) {
				continue;
			}
			CommittedLine before = committed.get(line.lineItemId());
			long target;
			if (line.reducedStock() != null) {
				target = line.reducedStock();
			}
			else if (REDUCING.contains(snapshot.status())) {
				target = Math.max(0, line.quantity() - line.restockedRefundQuantity());
			}
			else if (RESTORING.contains(snapshot.status())) {
				target = 0;
			}
			else if (before != null) {
				// any other status leaves a committed line as it is, even when the
				// snapshot shows another SKU for it: such a snapshot decides no line
				// (decidedLines), so what it left must not depend on when it arrived
				continue;
			}
			else {
				target = 0;
			}
			result.put(line.lineItemId(), new CommittedLine(line.lineItemId(), line.sku(), target));
		}
		return new ArrayList<>(result.values());
	}

	/**
	 * The pool change per SKU that moves every line from its committed to its target
	 * quantity (negative: stock taken). A line whose SKU changed gives back everything to
	 * the old SKU and takes its target from the new one.
	 */
	static Map<String, Long> poolDeltas(Map<Long, CommittedLine> committed, List<CommittedLine> targets) {
		Map<String, Long> deltas = new HashMap<>();
		for (CommittedLine target : targets) {
			CommittedLine before = committed.get(target.lineItemId());
			if (before != null) {
				deltas.merge(before.sku(), before.committed(), Long::sum);
			}
			deltas.merge(target.sku(), -target.committed(), Long::sum);
		}
		deltas.values().removeIf((delta) -> delta == 0);
		return deltas;
	}

}
