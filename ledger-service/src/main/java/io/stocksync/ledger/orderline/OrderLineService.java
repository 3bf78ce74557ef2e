package io.stocksync.ledger.orderline;

import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;
import java.util.stream.Collectors;

import io.stocksync.common.event.OrderLine;
import io.stocksync.common.event.OrderSnapshot;
import io.stocksync.ledger.stock.StockLedger;
import io.stocksync.ledger.system.InvalidEventException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/**
 * Applies one order snapshot in one transaction: the order row is locked, an older snapshot than the newest applied
 * is ignored, each line moves from committed to target, and the pool moves by the difference (see
 * {@link LineTargets}).
 */
@Service
class OrderLineService {

	private static final Logger logger = LoggerFactory.getLogger(OrderLineService.class);

	private final OrderLineRepository orders;

	private final StockLedger ledger;

	private final Clock clock;

	OrderLineService(OrderLineRepository orders, StockLedger ledger, Clock clock) {
		this.orders = orders;
		this.ledger = ledger;
		this.clock = clock;
	}

	/** Returns the pool change per SKU that was applied (empty for a duplicate or stale snapshot). */
	@Transactional
	Map<String, Long> apply(OrderSnapshot snapshot) {
		validate(snapshot);
		Instant now = this.clock.instant();
		Optional<Instant> newest = this.orders.lockOrder(snapshot.shopId(), snapshot.orderId(), now);
		if (snapshot.dateModifiedGmt() != null && newest.isPresent()
				&& snapshot.dateModifiedGmt().isBefore(newest.get())) {
			logger.info("Ignored stale eventId={} order={} modified={} (newest applied {})", snapshot.eventId(),
					snapshot.key(), snapshot.dateModifiedGmt(), newest.get());
			return Map.of();
		}
		Map<Long, CommittedLine> committed = this.orders.lines(snapshot.shopId(), snapshot.orderId())
			.stream()
			.collect(Collectors.toMap(CommittedLine::lineItemId, Function.identity()));
		List<CommittedLine> targets = LineTargets.targets(snapshot, committed);
		Map<String, Long> deltas = LineTargets.poolDeltas(committed, targets);
		this.ledger.apply(deltas, "order", snapshot.key());
		this.orders.saveLines(snapshot.shopId(), snapshot.orderId(), targets, now);
		this.orders.updateOrder(snapshot.shopId(), snapshot.orderId(), snapshot.status(), snapshot.dateModifiedGmt(),
				snapshot.isDeletion(), now);
		return deltas;
	}

	private static void validate(OrderSnapshot snapshot) {
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

}
