package io.stocksync.ledger.orderline;

import java.util.ArrayList;
import java.util.List;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.stocksync.common.event.OrderSnapshot;
import io.stocksync.ledger.orderline.OrderLineService.Outcome;
import io.stocksync.ledger.system.InvalidEventException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.stereotype.Service;

/**
 * Decides how a polled batch of order snapshots becomes transactions. The valid prefix
 * (up to the first snapshot that can never be applied) is applied in one transaction; if
 * that transaction fails, its snapshots are applied one by one to find the one that
 * fails. Either way the batch stops at the first snapshot that was not applied
 * ({@link BatchStopped}, with its index): everything before it is committed, and the
 * caller decides what happens to that snapshot and the rest.
 */
@Service
class OrderBatchApplier {

	private static final Logger logger = LoggerFactory.getLogger(OrderBatchApplier.class);

	private final OrderLineService service;

	private final Counter stale;

	private final Counter unchanged;

	private final Counter changed;

	OrderBatchApplier(OrderLineService service, MeterRegistry meters) {
		this.service = service;
		this.stale = meters.counter("stocksync.ledger.applied", "type", "order", "outcome", "stale");
		this.unchanged = meters.counter("stocksync.ledger.applied", "type", "order", "outcome", "unchanged");
		this.changed = meters.counter("stocksync.ledger.applied", "type", "order", "outcome", "changed");
	}

	/**
	 * Applies the commands in order.
	 * @throws BatchStopped at the first command that was not applied
	 */
	void apply(List<ApplyOrder> commands) {
		List<ApplyOrder> valid = new ArrayList<>(commands.size());
		RuntimeException invalid = null;
		for (ApplyOrder command : commands) {
			invalid = problem(command);
			if (invalid != null) {
				break;
			}
			valid.add(command);
		}
		applyValid(valid);
		if (invalid != null) {
			ApplyOrder command = commands.get(valid.size());
			logger.error("Cannot apply {}: {}", command.source(), invalid.getMessage());
			throw new BatchStopped(valid.size(), invalid);
		}
	}

	/*
	 * In one transaction; if that fails, one by one to find the command that fails.
	 */
	private void applyValid(List<ApplyOrder> valid) {
		if (valid.isEmpty()) {
			return;
		}
		try {
			record(valid, this.service.applyAll(snapshots(valid)));
			return;
		}
		catch (RuntimeException ex) {
			logger.warn("Batch of {} failed ({}), applying one by one", valid.size(), ex.toString());
		}
		for (int i = 0; i < valid.size(); i++) {
			ApplyOrder command = valid.get(i);
			try {
				record(List.of(command), this.service.applyAll(List.of(command.snapshot())));
			}
			catch (RuntimeException ex) {
				logger.error("Failed eventId={} {}: {}", command.snapshot().eventId(), command.source(), ex.toString());
				throw new BatchStopped(i, ex);
			}
		}
	}

	/* Why the command can never be applied, or null. Retrying would not help. */
	static RuntimeException problem(ApplyOrder command) {
		if (command.unreadable() != null) {
			return command.unreadable();
		}
		try {
			OrderLineService.validate(command.snapshot());
			return null;
		}
		catch (InvalidEventException ex) {
			return ex;
		}
		catch (RuntimeException ex) {
			return new InvalidEventException("order snapshot cannot be read: " + ex);
		}
	}

	private static List<OrderSnapshot> snapshots(List<ApplyOrder> commands) {
		return commands.stream().map(ApplyOrder::snapshot).toList();
	}

	/*
	 * Counts every outcome; one log line per transaction, one per snapshot at DEBUG (the
	 * audit trail, stock_movement, has every change with its cause).
	 */
	private void record(List<ApplyOrder> commands, List<Outcome> outcomes) {
		int changes = 0;
		for (int i = 0; i < outcomes.size(); i++) {
			Outcome outcome = outcomes.get(i);
			String source = commands.get(i).source();
			if (outcome.stale()) {
				this.stale.increment();
				logger.info("Ignored stale eventId={} {} modified={}", outcome.snapshot().eventId(), source,
						outcome.snapshot().dateModifiedGmt());
			}
			else if (outcome.poolDeltas().isEmpty()) {
				this.unchanged.increment();
				logger.debug("Applied eventId={} {} status={} poolDeltas={}", outcome.snapshot().eventId(), source,
						outcome.snapshot().status(), outcome.poolDeltas());
			}
			else {
				this.changed.increment();
				changes++;
				logger.debug("Applied eventId={} {} status={} poolDeltas={}", outcome.snapshot().eventId(), source,
						outcome.snapshot().status(), outcome.poolDeltas());
			}
		}
		if (!outcomes.isEmpty()) {
			logger.info("Applied {} order snapshots ({} moved the pool), first {}, last {}", outcomes.size(), changes,
					commands.get(0).source(), commands.get(outcomes.size() - 1).source());
		}
	}

	/**
	 * One order snapshot to apply, or the reason it could not even be read.
	 *
	 * @param snapshot the snapshot (null when unreadable)
	 * @param unreadable why the record is not a snapshot at all (null when it is)
	 * @param source where it came from, for the logs ({@code key=... partition=...
	 * offset=...})
	 */
	record ApplyOrder(OrderSnapshot snapshot, RuntimeException unreadable, String source) {

		static ApplyOrder of(OrderSnapshot snapshot, String source) {
			return new ApplyOrder(snapshot, null, source);
		}

		static ApplyOrder unreadable(RuntimeException reason, String source) {
			return new ApplyOrder(null, reason, source);
		}

	}

	/**
	 * The batch stopped at {@code index}: every command before it is committed, that one
	 * was not applied.
	 */
	static final class BatchStopped extends RuntimeException {

		private final int index;

		BatchStopped(int index, RuntimeException cause) {
			super(cause.getMessage(), cause);
			this.index = index;
		}

		int index() {
			return this.index;
		}

	}

}
