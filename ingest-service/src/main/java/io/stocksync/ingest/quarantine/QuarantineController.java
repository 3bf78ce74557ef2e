package io.stocksync.ingest.quarantine;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import io.stocksync.common.event.QuarantinedDelivery;
import io.stocksync.ingest.system.IngestProperties;
import org.apache.kafka.clients.consumer.Consumer;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.PartitionInfo;
import org.apache.kafka.common.TopicPartition;

import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.kafka.core.ConsumerFactory;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/**
 * {@code GET /admin/quarantine}: the newest quarantined deliveries, read straight from
 * the quarantine topic (no consumer group, nothing committed), so an operator (or the
 * console) sees what was parked and why. The raw body is returned as stored; whoever
 * shows it must escape it.
 */
@RestController
class QuarantineController {

	private static final int MAX_LIMIT = 200;

	private static final Duration READ_TIMEOUT = Duration.ofSeconds(5);

	private final ConsumerFactory<String, Object> consumers;

	private final String topic;

	QuarantineController(ConsumerFactory<String, Object> consumers, IngestProperties properties) {
		this.consumers = consumers;
		this.topic = properties.topics().quarantine();
	}

	/**
	 * At most {@code limit} deliveries, newest first, optionally of one shop;
	 * {@code total} counts every record the topic still holds (all shops).
	 */
	@GetMapping("/admin/quarantine")
	ResponseEntity<Map<String, Object>> list(@RequestParam(required = false) String shop,
			@RequestParam(defaultValue = "50") int limit) {
		int size = Math.max(1, Math.min(limit, MAX_LIMIT));
		List<QuarantinedDelivery> found = new ArrayList<>();
		long total = 0;
		try (Consumer<String, Object> consumer = this.consumers.createConsumer(null, "quarantine-admin", null)) {
			List<PartitionInfo> partitions = consumer.partitionsFor(this.topic, READ_TIMEOUT);
			if (partitions == null || partitions.isEmpty()) {
				return ResponseEntity.ok(body(found, 0));
			}
			List<TopicPartition> assigned = partitions.stream()
				.map((info) -> new TopicPartition(info.topic(), info.partition()))
				.toList();
			consumer.assign(assigned);
			Map<TopicPartition, Long> begin = consumer.beginningOffsets(assigned, READ_TIMEOUT);
			Map<TopicPartition, Long> end = consumer.endOffsets(assigned, READ_TIMEOUT);
			for (TopicPartition partition : assigned) {
				total += end.get(partition) - begin.get(partition);
				// A shop filter may need older records; read further back then (bounded
				// by MAX_LIMIT * 5).
				long back = (shop == null) ? size : (long) size * 5;
				consumer.seek(partition, Math.max(begin.get(partition), end.get(partition) - back));
			}
			long deadline = System.nanoTime() + READ_TIMEOUT.toNanos();
			while (!reachedEnd(consumer, assigned, end) && System.nanoTime() < deadline) {
				for (ConsumerRecord<String, Object> record : consumer.poll(Duration.ofMillis(200))) {
					if (record.value() instanceof QuarantinedDelivery delivery
							&& (shop == null || shop.equals(delivery.shopId()))) {
						found.add(delivery);
					}
				}
			}
		}
		catch (org.apache.kafka.common.KafkaException ex) {
			return ResponseEntity.status(HttpStatus.SERVICE_UNAVAILABLE)
				.body(Map.of("error", "kafka_unavailable", "message", String.valueOf(ex.getMessage())));
		}
		found.sort(
				Comparator.comparing(QuarantinedDelivery::receivedAt, Comparator.nullsLast(Comparator.reverseOrder())));
		return ResponseEntity.ok(body(found.subList(0, Math.min(size, found.size())), total));
	}

	private static boolean reachedEnd(Consumer<String, Object> consumer, List<TopicPartition> partitions,
			Map<TopicPartition, Long> end) {
		for (TopicPartition partition : partitions) {
			if (consumer.position(partition) < end.get(partition)) {
				return false;
			}
		}
		return true;
	}

	private static Map<String, Object> body(List<QuarantinedDelivery> entries, long total) {
		Map<String, Object> body = new LinkedHashMap<>();
		body.put("total", total);
		body.put("entries", entries);
		return body;
	}

}
