package io.stocksync.ledger.orderline;

import java.util.ArrayList;
import java.util.List;

import io.stocksync.common.event.OrderSnapshot;
import org.apache.kafka.clients.consumer.ConsumerRecord;

import org.springframework.stereotype.Component;

/**
 * The rebuild's way into the order-line rule: applies records of the order-events topic
 * exactly as the live listener does (same validation, same service, same batches), except
 * that a record the listener would park in the DLT is counted and skipped. Public only
 * because the rebuild lives in another package.
 */
@Component
public class OrderReplay {

	private final OrderLineService service;

	OrderReplay(OrderLineService service) {
		this.service = service;
	}

	/**
	 * Applies the records in order, in one transaction.
	 * @return how many records could not be applied (the live ledger parked them in the
	 * DLT)
	 */
	public int replay(List<ConsumerRecord<String, Object>> records) {
		List<OrderSnapshot> valid = new ArrayList<>(records.size());
		int rejected = 0;
		for (ConsumerRecord<String, Object> record : records) {
			OrderBatchApplier.ApplyOrder command = OrderSnapshotListener.command(record);
			if (OrderBatchApplier.problem(command) != null) {
				rejected++;
			}
			else {
				valid.add(command.snapshot());
			}
		}
		this.service.applyAll(valid);
		return rejected;
	}

}
