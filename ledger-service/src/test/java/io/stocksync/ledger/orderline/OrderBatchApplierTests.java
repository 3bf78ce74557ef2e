package io.stocksync.ledger.orderline;

import java.time.Instant;
import java.util.List;
import java.util.Map;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.stocksync.common.event.OrderLine;
import io.stocksync.common.event.OrderSnapshot;
import io.stocksync.ledger.orderline.OrderBatchApplier.ApplyOrder;
import io.stocksync.ledger.orderline.OrderBatchApplier.BatchStopped;
import io.stocksync.ledger.orderline.OrderLineService.Outcome;
import io.stocksync.ledger.system.InvalidEventException;
import org.junit.jupiter.api.Test;

import org.springframework.dao.DataIntegrityViolationException;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;
import static org.mockito.ArgumentMatchers.anyList;
import static org.mockito.BDDMockito.given;
import static org.mockito.Mockito.inOrder;
import static org.mockito.Mockito.mock;
import static org.mockito.Mockito.never;
import static org.mockito.Mockito.verify;

/**
 * How a batch of commands becomes transactions: the valid prefix in one, one by one when
 * that fails, and where the batch stops. The service (the transaction) is a mock here;
 * what a transaction does is proved by the integration and property tests.
 */
class OrderBatchApplierTests {

	private final OrderLineService service = mock(OrderLineService.class);

	private final SimpleMeterRegistry meters = new SimpleMeterRegistry();

	private final OrderBatchApplier applier = new OrderBatchApplier(this.service, this.meters);

	@Test
	void aBatchOfValidSnapshotsIsOneTransaction() {
		List<OrderSnapshot> snapshots = List.of(snapshot(1, "processing", 2), snapshot(2, "processing", 0),
				snapshot(3, "processing", 1));
		given(this.service.applyAll(snapshots)).willReturn(List.of(changed(snapshots.get(0)),
				unchanged(snapshots.get(1)), new Outcome(snapshots.get(2), true, Map.of())));

		this.applier.apply(commands(snapshots));

		verify(this.service).applyAll(snapshots);
		assertThat(count("changed")).isEqualTo(1);
		assertThat(count("unchanged")).isEqualTo(1);
		assertThat(count("stale")).isEqualTo(1);
	}

	@Test
	void aSnapshotThatCanNeverBeAppliedStopsTheBatchAfterThePrefixIsApplied() {
		OrderSnapshot first = snapshot(1, "processing", 2);
		OrderSnapshot noStatus = snapshot(2, null, 1);
		given(this.service.applyAll(List.of(first))).willReturn(List.of(changed(first)));

		BatchStopped stopped = catchThrowableOfType(BatchStopped.class,
				() -> this.applier.apply(commands(List.of(first, noStatus, snapshot(3, "processing", 1)))));

		assertThat(stopped.index()).isEqualTo(1);
		assertThat(stopped.getCause()).isInstanceOf(InvalidEventException.class).hasMessageContaining("no status");
		verify(this.service).applyAll(List.of(first));
	}

	@Test
	void anUnreadableRecordFirstAppliesNothing() {
		RuntimeException notJson = new InvalidEventException("not an order snapshot: String");

		BatchStopped stopped = catchThrowableOfType(BatchStopped.class, () -> this.applier
			.apply(List.of(ApplyOrder.unreadable(notJson, "offset=0"), command(snapshot(2, "processing", 1)))));

		assertThat(stopped.index()).isZero();
		assertThat(stopped.getCause()).isSameAs(notJson);
		verify(this.service, never()).applyAll(anyList());
	}

	@Test
	void aFailedTransactionIsRetriedOneByOneAndStopsAtTheSnapshotThatFails() {
		OrderSnapshot a = snapshot(1, "processing", 1);
		OrderSnapshot b = snapshot(2, "processing", 1);
		OrderSnapshot c = snapshot(3, "processing", 1);
		DataIntegrityViolationException broken = new DataIntegrityViolationException("b breaks a constraint");
		given(this.service.applyAll(List.of(a, b, c))).willThrow(broken);
		given(this.service.applyAll(List.of(a))).willReturn(List.of(changed(a)));
		given(this.service.applyAll(List.of(b))).willThrow(broken);

		BatchStopped stopped = catchThrowableOfType(BatchStopped.class,
				() -> this.applier.apply(commands(List.of(a, b, c))));

		assertThat(stopped.index()).isEqualTo(1);
		assertThat(stopped.getCause()).isSameAs(broken);
		var order = inOrder(this.service);
		order.verify(this.service).applyAll(List.of(a, b, c));
		order.verify(this.service).applyAll(List.of(a));
		order.verify(this.service).applyAll(List.of(b));
		verify(this.service, never()).applyAll(List.of(c));
		assertThat(count("changed")).isEqualTo(1);
	}

	@Test
	void aFailedTransactionWhoseSnapshotsAllSucceedAloneCompletes() {
		OrderSnapshot a = snapshot(1, "processing", 1);
		OrderSnapshot b = snapshot(2, "cancelled", 1);
		given(this.service.applyAll(List.of(a, b))).willThrow(new IllegalStateException("serialization failure"));
		given(this.service.applyAll(List.of(a))).willReturn(List.of(changed(a)));
		given(this.service.applyAll(List.of(b))).willReturn(List.of(unchanged(b)));

		this.applier.apply(commands(List.of(a, b)));

		assertThat(count("changed")).isEqualTo(1);
		assertThat(count("unchanged")).isEqualTo(1);
	}

	private double count(String outcome) {
		return this.meters.counter("stocksync.ledger.applied", "type", "order", "outcome", outcome).count();
	}

	private static List<ApplyOrder> commands(List<OrderSnapshot> snapshots) {
		return snapshots.stream().map(OrderBatchApplierTests::command).toList();
	}

	private static ApplyOrder command(OrderSnapshot snapshot) {
		return ApplyOrder.of(snapshot, "offset=" + snapshot.orderId());
	}

	private static Outcome changed(OrderSnapshot snapshot) {
		return new Outcome(snapshot, false, Map.of("MUG", -1L));
	}

	private static Outcome unchanged(OrderSnapshot snapshot) {
		return new Outcome(snapshot, false, Map.of());
	}

	private static OrderSnapshot snapshot(long orderId, String status, int quantity) {
		return new OrderSnapshot(1, "e" + orderId, "shop1", orderId, "order.updated", status,
				Instant.parse("2026-11-22T13:28:49Z"), List.of(new OrderLine(6, "MUG", 1, 0, quantity, null, 0)),
				"webhook", Instant.EPOCH);
	}

}
