package io.stocksync.ledger.orderline;

import java.util.ArrayList;
import java.util.List;

import io.micrometer.core.instrument.MeterRegistry;
import io.stocksync.common.event.OrderSnapshot;
import io.stocksync.ledger.orderline.OrderLineService.Outcome;
import io.stocksync.ledger.system.InvalidEventException;
import org.apache.commons.logging.LogFactory;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.core.log.LogAccessor;
import org.springframework.kafka.annotation.KafkaListener;
import org.springframework.kafka.listener.BatchListenerFailedException;
import org.springframework.kafka.support.serializer.DeserializationException;
import org.springframework.kafka.support.serializer.SerializationUtils;
import org.springframework.stereotype.Component;

/**
 * Consumes order snapshots a polled batch at a time; the service applies the batch in one
 * transaction. A record that cannot be applied stops the batch at its index: everything
 * before it is applied and committed, the error handler parks that record in the DLT with
 * the reason (after retries if the failure may be transient) and the rest of the batch is
 * delivered again.
 */
@Component
class OrderSnapshotListener {

	private static final Logger logger = LoggerFactory.getLogger(OrderSnapshotListener.class);

	private static final LogAccessor LOG_ACCESSOR = new LogAccessor(LogFactory.getLog(OrderSnapshotListener.class));

	private final OrderLineService service;

	private final MeterRegistry meters;

	OrderSnapshotListener(OrderLineService service, MeterRegistry meters) {
		this.service = service;
		this.meters = meters;
	}

	@KafkaListener(id = "ledger-orders", groupId = "${stocksync.groups.orders:ledger-orders}",
			topics = "${stocksync.topics.order-events:#{T(io.stocksync.common.topic.Topics).ORDER_EVENTS}}",
			batch = "true")
	void onSnapshots(List<ConsumerRecord<String, Object>> records) {
		List<OrderSnapshot> valid = new ArrayList<>(records.size());
		RuntimeException invalid = null;
		for (ConsumerRecord<String, Object> record : records) {
			invalid = problem(record);
			if (invalid != null) {
				break;
			}
			valid.add((OrderSnapshot) record.value());
		}
		int applied = applyValid(records, valid);
		if (invalid != null) {
			ConsumerRecord<String, Object> record = records.get(applied);
			logger.error("Cannot apply key={} topic={} partition={} offset={}: {}", record.key(), record.topic(),
					record.partition(), record.offset(), invalid.getMessage());
			throw new BatchListenerFailedException(invalid.getMessage(), invalid, applied);
		}
	}

	/*
	 * Applies the valid prefix in one transaction; if that fails, one by one to find the
	 * record that fails.
	 */
	private int applyValid(List<ConsumerRecord<String, Object>> records, List<OrderSnapshot> valid) {
		try {
			log(records, this.service.applyAll(valid));
			return valid.size();
		}
		catch (RuntimeException ex) {
			logger.warn("Batch of {} failed ({}), applying one by one", valid.size(), ex.toString());
		}
		for (int i = 0; i < valid.size(); i++) {
			try {
				log(records.subList(i, i + 1), this.service.applyAll(List.of(valid.get(i))));
			}
			catch (RuntimeException ex) {
				ConsumerRecord<String, Object> record = records.get(i);
				logger.error("Failed eventId={} key={} topic={} partition={} offset={}: {}", valid.get(i).eventId(),
						record.key(), record.topic(), record.partition(), record.offset(), ex.toString());
				throw new BatchListenerFailedException(ex.getMessage(), ex, i);
			}
		}
		return valid.size();
	}

	/*
	 * Why the record can never be applied, or null. Retrying would not help with any of
	 * these.
	 */
	static RuntimeException problem(ConsumerRecord<String, Object> record) {
		DeserializationException notJson = SerializationUtils.getExceptionFromHeader(record,
				SerializationUtils.VALUE_DESERIALIZER_EXCEPTION_HEADER, LOG_ACCESSOR);
		if (notJson != null) {
			return notJson;
		}
		if (!(record.value() instanceof OrderSnapshot snapshot)) {
			return new InvalidEventException("not an order snapshot: "
					+ ((record.value() != null) ? record.value().getClass().getSimpleName() : "empty record"));
		}
		try {
			OrderLineService.validate(snapshot);
			return null;
		}
		catch (InvalidEventException ex) {
			return ex;
		}
		catch (RuntimeException ex) {
			return new InvalidEventException("order snapshot cannot be read: " + ex);
		}
	}

	private void log(List<ConsumerRecord<String, Object>> records, List<Outcome> outcomes) {
		for (int i = 0; i < outcomes.size(); i++) {
			Outcome outcome = outcomes.get(i);
			this.meters
				.counter("stocksync.ledger.applied", "type", "order", "outcome",
						outcome.stale() ? "stale" : (outcome.poolDeltas().isEmpty() ? "unchanged" : "changed"))
				.increment();
			ConsumerRecord<String, Object> record = records.get(i);
			if (outcome.stale()) {
				logger.info("Ignored stale eventId={} key={} partition={} offset={} modified={}",
						outcome.snapshot().eventId(), record.key(), record.partition(), record.offset(),
						outcome.snapshot().dateModifiedGmt());
			}
			else if (logger.isDebugEnabled() || !outcome.poolDeltas().isEmpty()) {
				logger.info("Applied eventId={} key={} partition={} offset={} status={} poolDeltas={}",
						outcome.snapshot().eventId(), record.key(), record.partition(), record.offset(),
						outcome.snapshot().status(), outcome.poolDeltas());
			}
		}
	}

}
