package io.stocksync.ledger.orderline;

import java.util.ArrayList;
import java.util.List;

import io.stocksync.common.event.OrderSnapshot;
import io.stocksync.ledger.orderline.OrderBatchApplier.ApplyOrder;
import io.stocksync.ledger.orderline.OrderBatchApplier.BatchStopped;
import io.stocksync.ledger.system.InvalidEventException;
import org.apache.commons.logging.LogFactory;
import org.apache.kafka.clients.consumer.ConsumerRecord;

import org.springframework.core.log.LogAccessor;
import org.springframework.kafka.annotation.KafkaListener;
import org.springframework.kafka.listener.BatchListenerFailedException;
import org.springframework.kafka.support.serializer.DeserializationException;
import org.springframework.kafka.support.serializer.SerializationUtils;
import org.springframework.stereotype.Component;

/**
 * Consumes order snapshots a polled batch at a time and hands them to
 * {@link OrderBatchApplier} as commands. Where the batch stops (a snapshot that cannot be
 * applied) becomes a {@link BatchListenerFailedException} at that index: the error
 * handler parks that record in the DLT with the reason (after retries if the failure may
 * be transient) and the rest of the batch is delivered again. Batch size, concurrency and
 * fetch settings: {@code stocksync.orders.*} ({@link OrderListenerConfiguration}).
 */
@Component
class OrderSnapshotListener {

	private static final LogAccessor LOG_ACCESSOR = new LogAccessor(LogFactory.getLog(OrderSnapshotListener.class));

	private final OrderBatchApplier applier;

	OrderSnapshotListener(OrderBatchApplier applier) {
		this.applier = applier;
	}

	@KafkaListener(id = "ledger-orders", groupId = "${stocksync.groups.orders:ledger-orders}",
			topics = "${stocksync.topics.order-events:#{T(io.stocksync.common.topic.Topics).ORDER_EVENTS}}",
			containerFactory = OrderListenerConfiguration.FACTORY)
	void onSnapshots(List<ConsumerRecord<String, Object>> records) {
		List<ApplyOrder> commands = new ArrayList<>(records.size());
		records.forEach((record) -> commands.add(command(record)));
		try {
			this.applier.apply(commands);
		}
		catch (BatchStopped stopped) {
			throw new BatchListenerFailedException(stopped.getMessage(), stopped.getCause(), stopped.index());
		}
	}

	static ApplyOrder command(ConsumerRecord<String, Object> record) {
		String source = "key=" + record.key() + " topic=" + record.topic() + " partition=" + record.partition()
				+ " offset=" + record.offset();
		DeserializationException notJson = SerializationUtils.getExceptionFromHeader(record,
				SerializationUtils.VALUE_DESERIALIZER_EXCEPTION_HEADER, LOG_ACCESSOR);
		if (notJson != null) {
			return ApplyOrder.unreadable(notJson, source);
		}
		if (!(record.value() instanceof OrderSnapshot snapshot)) {
			return ApplyOrder.unreadable(
					new InvalidEventException("not an order snapshot: "
							+ ((record.value() != null) ? record.value().getClass().getSimpleName() : "empty record")),
					source);
		}
		return ApplyOrder.of(snapshot, source);
	}

}
