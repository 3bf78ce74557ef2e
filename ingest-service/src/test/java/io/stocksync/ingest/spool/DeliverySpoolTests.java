package io.stocksync.ingest.spool;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Instant;
import java.util.List;
import java.util.stream.Stream;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.stocksync.common.event.OrderLine;
import io.stocksync.common.event.OrderSnapshot;
import io.stocksync.ingest.system.IngestProperties;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import org.springframework.util.unit.DataSize;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalStateException;

class DeliverySpoolTests {

	private static final Instant NOW = Instant.parse("2026-11-22T13:30:00Z");

	@TempDir
	Path dataDir;

	private DeliverySpool open() {
		IngestProperties properties = new IngestProperties(null, DataSize.ofMegabytes(1),
				java.time.Duration.ofSeconds(10), java.time.Duration.ofMillis(1), this.dataDir.toString(), null,
				new IngestProperties.Spool(java.time.Duration.ofSeconds(1), DataSize.ofBytes(600)), null, null, null,
				null, null);
		return new DeliverySpool(properties, new SimpleMeterRegistry());
	}

	private static SpoolRecord record(long orderId) {
		OrderSnapshot snapshot = new OrderSnapshot(1, "e" + orderId, "shop1", orderId, "order.updated", "processing",
				NOW, List.of(new OrderLine(1, "WCP-MUG", 11, 0, 2, 2, 0)), "webhook", NOW);
		return SpoolRecord.of("stocksync.order-events", snapshot.key(), snapshot, NOW);
	}

	private static List<Long> orderIds(DeliverySpool.Batch batch) {
		return batch.entries().stream().map((entry) -> ((OrderSnapshot) entry.record().event()).orderId()).toList();
	}

	@Test
	void shouldKeepSpooledRecordsInOrderAcrossARestartAndResumeAfterWhatWasSent() throws IOException {
		DeliverySpool spool = open();
		for (long order = 1; order <= 5; order++) {
			spool.append(record(order)); // 600-byte segments: several files
		}
		assertThat(spool.pending()).isEqualTo(5);
		DeliverySpool.Batch first = spool.next(2);
		assertThat(orderIds(first)).containsExactly(1L, 2L);
		spool.commit(first.entries().get(1), 2);
		spool.destroy();

		DeliverySpool reopened = open();
		assertThat(reopened.pending()).isEqualTo(3);
		List<Long> rest = new java.util.ArrayList<>();
		DeliverySpool.Batch batch;
		while ((batch = reopened.next(10)) != null) {
			if (batch.segmentDone()) {
				reopened.finishSegment(batch.seq());
				continue;
			}
			rest.addAll(orderIds(batch));
			reopened.commit(batch.entries().get(batch.entries().size() - 1), batch.entries().size());
		}
		assertThat(rest).containsExactly(3L, 4L, 5L);
		assertThat(reopened.isEmpty()).isTrue();
		try (Stream<Path> files = Files.list(this.dataDir.resolve("spool"))) {
			assertThat(files.map((file) -> file.getFileName().toString())).noneMatch((name) -> name.endsWith(".spool"));
		}
		reopened.destroy();
	}

	@Test
	void shouldKeepAShopifyOrderLookupStubForItsTopicWhileKafkaIsAway() throws IOException {
		// a refunds/create delivery's stub: no status, no modification date, no lines
		OrderSnapshot stub = new OrderSnapshot(1, "e-stub", "b2c", 42, "refunds/create", null, null, List.of(),
				"webhook", NOW);
		DeliverySpool spool = open();
		spool.append(SpoolRecord.of("stocksync.shopify-order-lookups", stub.key(), stub, NOW));
		spool.destroy();

		DeliverySpool reopened = open();
		DeliverySpool.Batch batch = reopened.next(10);
		assertThat(batch.entries()).singleElement().satisfies((entry) -> {
			assertThat(entry.record().topic()).isEqualTo("stocksync.shopify-order-lookups");
			assertThat(entry.record().key()).isEqualTo("b2c:42");
			assertThat(entry.record().event()).isEqualTo(stub);
		});
		reopened.destroy();
	}

	@Test
	void shouldSkipATornLastLineLeftByACrash() throws IOException {
		DeliverySpool spool = open();
		spool.append(record(7));
		spool.destroy();
		Path segment;
		try (Stream<Path> files = Files.list(this.dataDir.resolve("spool"))) {
			segment = files.filter((file) -> file.toString().endsWith(".spool")).findFirst().orElseThrow();
		}
		Files.write(segment, "0badc0de {\"topic\":\"stocksync.ord".getBytes(StandardCharsets.UTF_8),
				StandardOpenOption.APPEND);

		DeliverySpool reopened = open();
		assertThat(reopened.pending()).isEqualTo(1);
		DeliverySpool.Batch batch = reopened.next(10);
		assertThat(batch.entries()).hasSize(2);
		assertThat(batch.entries().get(0).record()).isNotNull();
		assertThat(batch.entries().get(1).record()).isNull();
		reopened.destroy();
	}

	@Test
	void shouldRefuseADirectoryAnotherInstanceUses() throws IOException {
		DeliverySpool spool = open();
		try {
			assertThatIllegalStateException().isThrownBy(this::open).withMessageContaining("in use");
		}
		finally {
			spool.destroy();
		}
	}

}
