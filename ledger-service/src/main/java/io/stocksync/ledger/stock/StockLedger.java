package io.stocksync.ledger.stock;

import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.UUID;

import io.stocksync.common.event.StockChanged;
import io.stocksync.common.rules.SkuRule;
import io.stocksync.ledger.kit.KitStock;
import io.stocksync.ledger.outbox.Outbox;
import io.stocksync.ledger.rules.ShopRules;

import org.springframework.stereotype.Component;
import org.springframework.transaction.annotation.Propagation;
import org.springframework.transaction.annotation.Transactional;

/**
 * Moves the pool. Every change, inside the caller's transaction: the stock row (one
 * atomic upsert per SKU, version + 1), an audit row per cause, an oversell row when a
 * cause took the SKU below zero, and one {@link StockChanged} per SKU in the outbox, so
 * that no committed change can miss its event. SKUs are always touched in sorted order,
 * so concurrent transactions cannot deadlock on them. The ledger is never clamped. Each
 * {@link StockChanged} carries the SKU's per-shop rule overrides; kits containing a
 * changed SKU are recomputed and published in the same transaction (see
 * {@link KitStock}).
 */
@Component
public class StockLedger {

	private final StockRepository stock;

	private final Outbox outbox;

	private final Clock clock;

	private final ShopRules rules;

	private final KitStock kits;

	StockLedger(StockRepository stock, Outbox outbox, Clock clock, ShopRules rules, KitStock kits) {
		this.stock = stock;
		this.outbox = outbox;
		this.clock = clock;
		this.rules = rules;
		this.kits = kits;
	}

	/**
	 * Applies many movements at once: they are summed per SKU, all SKUs are updated by
	 * one statement (rows locked in SKU order), and the audit rows, oversell rows and
	 * outbox rows are inserted with one statement per table. Each audit row still shows
	 * the on_hand right after its own movement, in the order given.
	 * @return the stock after the change, per SKU changed
	 */
	@Transactional(propagation = Propagation.MANDATORY)
	public Map<String, StockLevel> apply(List<Movement> movements) {
		Map<String, List<Movement>> bySku = new TreeMap<>();
		for (Movement movement : movements) {
			if (movement.delta() != 0) {
				bySku.computeIfAbsent(movement.sku(), (sku) -> new ArrayList<>()).add(movement);
			}
		}
		Instant now = this.clock.instant();
		List<StockRepository.MovementRow> movementRows = new ArrayList<>(movements.size());
		List<StockRepository.OversellRow> oversellRows = new ArrayList<>();
		List<Outbox.Event> events = new ArrayList<>();
		Map<String, Map<String, SkuRule>> overrides = this.rules.forSkus(bySku.keySet());
		Map<String, Long> totals = new TreeMap<>();
		bySku.forEach((sku, moves) -> totals.put(sku, moves.stream().mapToLong(Movement::delta).sum()));
		Map<String, StockLevel> after = this.stock.addToOnHand(totals, now);
		List<String> recovered = new ArrayList<>();
		for (Map.Entry<String, List<Movement>> entry : bySku.entrySet()) {
			String sku = entry.getKey();
			StockLevel level = after.get(sku);
			long onHandBefore = level.onHand() - totals.get(sku);
			long running = onHandBefore;
			boolean backAtZero = level.onHand() >= 0;
			for (Movement movement : entry.getValue()) {
				running += movement.delta();
				movementRows.add(new StockRepository.MovementRow(sku, movement.delta(), running, level.version(),
						movement.causeType(), movement.causeRef(), movement.eventId(), movement.detail()));
				if (movement.delta() < 0 && running < 0) {
					long shortBy = Math.min(-movement.delta(), -running);
					oversellRows.add(new StockRepository.OversellRow(sku, movement.causeType(), movement.causeRef(),
							shortBy, running, now, backAtZero ? now : null));
				}
			}
			if (onHandBefore < 0 && backAtZero) {
				recovered.add(sku);
			}
			events.add(stockChanged(level, describe(entry.getValue()), now, overrides.get(sku)));
		}
		this.stock.resolveOversells(recovered, now);
		this.stock.insertMovements(movementRows, now);
		this.stock.insertOversells(oversellRows);
		if (!after.isEmpty()) {
			events.addAll(this.kits.componentsChanged(after.keySet(), "component " + describe(movements)));
		}
		this.outbox.addAll(events);
		return after;
	}

	/** Locks one SKU's row (creating it at 0) and returns its on_hand. */
	@Transactional(propagation = Propagation.MANDATORY)
	public long lock(String sku) {
		this.stock.ensureExists(sku, this.clock.instant());
		return this.stock.lockOnHand(sku);
	}

	/**
	 * Allows or forbids selling the SKU below zero. A real change moves the version,
	 * leaves an audit row (delta 0) and emits {@link StockChanged}, because the published
	 * quantity changes with it.
	 * @return the stock after the change, empty when the flag already had that value
	 */
	@Transactional(propagation = Propagation.MANDATORY)
	public Optional<StockLevel> setBackorders(String sku, boolean allowed, String causeRef, String eventId) {
		Instant now = this.clock.instant();
		Optional<StockLevel> changed = this.stock.setBackorders(sku, allowed, now);
		changed.ifPresent((level) -> {
			String detail = allowed ? "backorders allowed" : "backorders not allowed";
			this.stock.insertMovements(List.of(new StockRepository.MovementRow(sku, 0, level.onHand(), level.version(),
					"backorders", causeRef, eventId, detail)), now);
			this.outbox.addAll(List
				.of(stockChanged(level, "backorders " + causeRef, now, this.rules.forSkus(List.of(sku)).get(sku))));
		});
		return changed;
	}

	/**
	 * Publishes a known SKU again without moving its stock (its rules changed): version +
	 * 1, an audit row with delta 0, a {@link StockChanged} with the current overrides.
	 * @return false when the ledger has no stock row for the SKU (nothing published)
	 */
	@Transactional(propagation = Propagation.MANDATORY)
	public boolean republish(String sku, String cause, String eventId) {
		Instant now = this.clock.instant();
		Optional<StockLevel> bumped = this.stock.bumpVersion(sku, now);
		bumped.ifPresent((level) -> {
			this.stock.insertMovements(List.of(new StockRepository.MovementRow(sku, 0, level.onHand(), level.version(),
					"rule", cause, eventId, cause)), now);
			this.outbox.addAll(List.of(stockChanged(level, cause, now, this.rules.forSkus(List.of(sku)).get(sku))));
		});
		return bumped.isPresent();
	}

	private static Outbox.Event stockChanged(StockLevel level, String cause, Instant now,
			Map<String, SkuRule> overrides) {
		return new Outbox.Event("stock", level.sku(), StockChanged.TYPE,
				new StockChanged(StockChanged.SCHEMA_VERSION, UUID.randomUUID().toString(), level.sku(), level.onHand(),
						level.available(), level.backorders(), level.version(), cause, now, overrides));
	}

	private static String describe(List<Movement> movements) {
		if (movements.isEmpty()) {
			return "";
		}
		Movement last = movements.get(movements.size() - 1);
		String cause = last.causeType() + " " + last.causeRef();
		return (movements.size() == 1) ? cause : movements.size() + " changes, last " + cause;
	}

	/**
	 * One change of one SKU with its cause.
	 *
	 * @param sku the SKU
	 * @param delta the change of on_hand (negative: stock taken)
	 * @param causeType {@code order}, {@code adjustment}, ...
	 * @param causeRef the order key ({@code shop1:20}) or the adjustment's idempotency
	 * key
	 * @param eventId the event that carried the change, when there is one
	 * @param detail free text for the audit trail (which lines moved, and how)
	 */
	public record Movement(String sku, long delta, String causeType, String causeRef, String eventId, String detail) {
	}

}
