package io.stocksync.ledger.orderline;

import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.SortedSet;
import java.util.TreeMap;
import java.util.TreeSet;

import io.stocksync.common.event.OrderLine;
import io.stocksync.common.event.OrderSnapshot;
import io.stocksync.ledger.kit.KitLines;
import io.stocksync.ledger.kit.KitStock;
import io.stocksync.ledger.orderline.OrderLineRepository.LineRow;
import io.stocksync.ledger.orderline.OrderLineRepository.OrderRow;
import io.stocksync.ledger.report.SalesBook;
import io.stocksync.ledger.stock.StockLedger;
import io.stocksync.ledger.stock.StockLedger.Movement;
import io.stocksync.ledger.system.InvalidEventException;

import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/**
 * Applies order snapshots, many in one transaction. The orders of the batch are locked
 * (in key order), their committed lines read once, and every snapshot is applied in the
 * given (partition) order in memory: a snapshot older than the newest applied for its
 * order is ignored, and each line moves from committed to target (see
 * {@link LineTargets}). The pool moves by the summed difference per SKU; every table
 * (stock, lines, orders, audit, sales, outbox) is written by one statement for the whole
 * batch. The result is the same as applying the snapshots one by one. Kit lines move
 * their components ({@link KitExpansion}); the units each line's move stands for are
 * counted per day, SKU and shop for the sales report ({@link SalesBook}).
 */
@Service
class OrderLineService {

	private final OrderLineRepository orders;

	private final StockLedger ledger;

	private final Clock clock;

	private final KitStock kits;

	private final KitLines kitLines;

	private final SalesBook sales;

	OrderLineService(OrderLineRepository orders, StockLedger ledger, Clock clock, KitStock kits, KitLines kitLines,
			SalesBook sales) {
		this.orders = orders;
		this.ledger = ledger;
		this.clock = clock;
		this.kits = kits;
		this.kitLines = kitLines;
		this.sales = sales;
	}

	/**
	 * Applies valid snapshots (see {@link #validate}) in order, in one transaction.
	 * @return one outcome per snapshot, in the same order
	 */
	@Transactional
	List<Outcome> applyAll(List<OrderSnapshot> snapshots) {
		if (snapshots.isEmpty()) {
			return List.of();
		}
		Instant now = this.clock.instant();
		SortedSet<OrderKey> keys = new TreeSet<>();
		snapshots.forEach((snapshot) -> keys.add(key(snapshot)));
		OrderLineRepository.LockedOrders locked = this.orders.lockOrders(keys, now);
		Map<OrderKey, Optional<Instant>> newest = locked.newestApplied();
		OrderLineRepository.Lines stored = this.orders.lines(keys, locked.existing());
		Map<OrderKey, Map<Long, CommittedLine>> committed = stored.committed();
		Map<OrderKey, Map<Long, Instant>> decidedAt = stored.decidedAt();
		Map<OrderKey, Map<Long, CommittedLine>> loaded = new HashMap<>();
		Map<OrderKey, Map<Long, Instant>> loadedDecidedAt = new HashMap<>();
		committed.forEach((key, lines) -> loaded.put(key, Map.copyOf(lines)));
		decidedAt.forEach((key, lines) -> loadedDecidedAt.put(key, Map.copyOf(lines)));
		Map<OrderKey, OrderRow> orderRows = new TreeMap<>();
		KitExpansion kitExpansion = kitExpansion(snapshots, keys);
		List<SalesBook.Sale> sold = new ArrayList<>();
		List<Movement> movements = new ArrayList<>();
		List<Outcome> outcomes = new ArrayList<>(snapshots.size());
		for (OrderSnapshot snapshot : snapshots) {
			OrderKey key = key(snapshot);
			Optional<Instant> newestApplied = newest.get(key);
			if (snapshot.dateModifiedGmt() != null && newestApplied.isPresent()
					&& snapshot.dateModifiedGmt().isBefore(newestApplied.get())) {
				outcomes.add(new Outcome(snapshot, true, Map.of()));
				continue;
			}
			Map<Long, CommittedLine> before = committed.get(key);
			boolean unknownOrder = before.isEmpty() && newestApplied.isEmpty();
			List<CommittedLine> targets = decide(snapshot, before, decidedAt.get(key));
			Map<String, Long> deltas = LineTargets.poolDeltas(before, targets);
			Map<String, String> kitDetails = new HashMap<>();
			Map<String, Long> poolDeltas = kitExpansion.poolDeltas(key, before, targets, deltas, kitDetails);
			// An onboarding baseline of an order the ledger has never accounted: the pool
			// already reflects it, so its
			// lines (and a kit line's components) are recorded as committed without
			// moving the pool. An order already
			// accounted (a webhook came first) is the ledger's own record: the baseline
			// is then just a newer state,
			// applied as any other. Its sales count either way: the order was sold.
			Map<String, Long> moved = (isBaseline(snapshot) && unknownOrder) ? Map.of() : poolDeltas;
			new TreeMap<>(moved).forEach((sku, delta) -> movements.add(new Movement(sku, delta, "order", key.toString(),
					snapshot.eventId(), detail(snapshot, sku, before, targets) + kitDetails.getOrDefault(sku, ""))));
			Instant soldAt = (snapshot.dateModifiedGmt() != null) ? snapshot.dateModifiedGmt() : now;
			deltas.forEach((sku, delta) -> sold.add(new SalesBook.Sale(soldAt, sku, key.shopId(), -delta, 0)));
			poolDeltas.forEach((sku, delta) -> sold.add(new SalesBook.Sale(soldAt, sku, key.shopId(), 0, -delta)));
			Map<Long, CommittedLine> after = new LinkedHashMap<>();
			targets.forEach((line) -> after.put(line.lineItemId(), line));
			committed.put(key, after);
			if (LineTargets.setsAllLines(snapshot) && snapshot.dateModifiedGmt() != null
					&& (newestApplied.isEmpty() || snapshot.dateModifiedGmt().isAfter(newestApplied.get()))) {
				newestApplied = Optional.of(snapshot.dateModifiedGmt());
				newest.put(key, newestApplied);
			}
			OrderRow previous = orderRows.get(key);
			String status = (snapshot.status() != null) ? snapshot.status()
					: (previous != null) ? previous.status() : null;
			orderRows.put(key, new OrderRow(key, status, newestApplied, snapshot.isDeletion()));
			outcomes.add(new Outcome(snapshot, false, poolDeltas));
		}
		// The order rows are this batch's alone (locked above), the stock and sales rows
		// are shared with every other batch: write them last, so that a concurrent
		// batch waits for those locks as briefly as possible.
		this.kitLines.save(kitExpansion.created());
		List<LineRow> lineRows = new ArrayList<>();
		for (OrderKey key : orderRows.keySet()) {
			Map<Long, CommittedLine> was = loaded.get(key);
			Map<Long, Instant> decided = decidedAt.get(key);
			Map<Long, Instant> wasDecided = loadedDecidedAt.get(key);
			committed.get(key).values().forEach((line) -> {
				Instant at = decided.get(line.lineItemId());
				if (!line.equals(was.get(line.lineItemId()))
						|| !Objects.equals(at, wasDecided.get(line.lineItemId()))) {
					lineRows.add(new LineRow(key, line, at));
				}
			});
		}
		this.orders.saveLines(lineRows, now);
		this.orders.updateOrders(new ArrayList<>(orderRows.values()), now);
		this.ledger.apply(movements);
		this.sales.add(sold);
		return outcomes;
	}

	/*
	 * The stored expansions of the batch's orders and the definitions of the kits its
	 * lines name. Also of new orders: a rebuild replays the expansions an order's kit
	 * lines were committed with before the order itself.
	 */
	private KitExpansion kitExpansion(List<OrderSnapshot> snapshots, SortedSet<OrderKey> keys) {
		Set<String> skus = new TreeSet<>();
		snapshots.forEach((snapshot) -> snapshot.lines().forEach((line) -> {
			if (line.sku() != null) {
				skus.add(line.sku());
			}
		}));
		return new KitExpansion(
				this.kitLines.forOrders(
						keys.stream().map((key) -> new KitLines.LineKey(key.shopId(), key.orderId(), 0)).toList()),
				this.kits.definitions(skus));
	}

	/*
	 * The rule's targets, except for lines a newer snapshot already decided (it arrived
	 * first): those keep what they hold. Lines this snapshot decides remember its
	 * date_modified_gmt.
	 */
	private static List<CommittedLine> decide(OrderSnapshot snapshot, Map<Long, CommittedLine> before,
			Map<Long, Instant> decidedAt) {
		List<CommittedLine> targets = LineTargets.targets(snapshot, before);
		Set<Long> decided = LineTargets.decidedLines(snapshot, targets);
		Instant modified = snapshot.dateModifiedGmt();
		List<CommittedLine> result = new ArrayList<>(targets.size());
		for (CommittedLine target : targets) {
			Instant newer = decidedAt.get(target.lineItemId());
			if (modified != null && newer != null && modified.isBefore(newer)) {
				result.add(before.get(target.lineItemId()));
				continue;
			}
			result.add(target);
			if (modified != null && decided.contains(target.lineItemId())) {
				decidedAt.put(target.lineItemId(), modified);
			}
		}
		return result;
	}

	static boolean isBaseline(OrderSnapshot snapshot) {
		return Boolean.TRUE.equals(snapshot.baseline());
	}

	/** Throws {@link InvalidEventException} for a snapshot that can never be applied. */
	static void validate(OrderSnapshot snapshot) {
		if (snapshot.shopId() == null || snapshot.shopId().isBlank()) {
			throw new InvalidEventException("order " + snapshot.orderId() + " has no shop");
		}
		if (!snapshot.isDeletion() && (snapshot.status() == null || snapshot.status().isBlank())) {
			throw new InvalidEventException("order " + snapshot.key() + " has no status");
		}
		for (OrderLine line : snapshot.lines()) {
			if (line.quantity() < 0 || (line.reducedStock() != null && line.reducedStock() < 0)
					|| line.restockedRefundQuantity() < 0) {
				throw new InvalidEventException(
						"order " + snapshot.key() + " line " + line.lineItemId() + " has a negative quantity");
			}
		}
	}

	private static OrderKey key(OrderSnapshot snapshot) {
		return new OrderKey(snapshot.shopId(), snapshot.orderId());
	}

	/* For the audit trail: "processing: line 6 0->2". */
	private static String detail(OrderSnapshot snapshot, String sku, Map<Long, CommittedLine> before,
			List<CommittedLine> targets) {
		StringBuilder detail = new StringBuilder(Objects.requireNonNullElse(snapshot.status(), snapshot.topic()))
			.append(':');
		for (CommittedLine target : targets) {
			CommittedLine was = before.get(target.lineItemId());
			long from = (was != null && was.sku().equals(sku)) ? was.committed() : 0;
			long to = target.sku().equals(sku) ? target.committed() : 0;
			if (from != to) {
				detail.append(" line ").append(target.lineItemId()).append(' ').append(from).append("->").append(to);
			}
		}
		return detail.toString();
	}

	/**
	 * What applying one snapshot did.
	 *
	 * @param snapshot the snapshot
	 * @param stale whether it was older than the newest applied for its order (and so
	 * ignored)
	 * @param poolDeltas the pool change per SKU (negative: taken)
	 */
	record Outcome(OrderSnapshot snapshot, boolean stale, Map<String, Long> poolDeltas) {
	}

}
