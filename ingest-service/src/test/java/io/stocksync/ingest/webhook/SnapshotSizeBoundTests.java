package io.stocksync.ingest.webhook;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

import io.stocksync.common.event.OrderLine;
import io.stocksync.common.event.OrderSnapshot;
import io.stocksync.common.json.JsonMappers;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The bound that lets a usual snapshot skip the size check's serialisation must never be
 * below the real size, whatever the texts hold.
 */
class SnapshotSizeBoundTests {

	private static final Instant NOW = Instant.parse("2026-11-30T12:00:00Z");

	@Test
	void shouldNeverBeBelowTheSerialisedSizeOfTheWidestValues() {
		String sku = "\"\\\u00fc\ud83d\ude00\u2028<>&'".repeat(20);
		List<OrderLine> lines = new ArrayList<>();
		for (int i = 0; i < 50; i++) {
			lines.add(new OrderLine(Long.MIN_VALUE, sku, Long.MIN_VALUE, Long.MIN_VALUE, Integer.MIN_VALUE,
					Integer.MIN_VALUE, Integer.MIN_VALUE));
			lines.add(new OrderLine(Long.MAX_VALUE, null, 0, 0, 1, null, 0));
		}
		OrderSnapshot widest = new OrderSnapshot(Integer.MIN_VALUE, "\"".repeat(36), "shop\u00fc\"", Long.MIN_VALUE,
				"order.updated", sku, Instant.MIN, lines, "webhook", Instant.MAX, Boolean.FALSE);

		long actual = JsonMappers.standard().writeValueAsBytes(widest).length;

		assertThat(OrderIntake.maxJsonBytes(widest)).isGreaterThanOrEqualTo(actual);
	}

	@Test
	void shouldLetAUsualOrderSkipTheSerialisationAndCatchAHugeOne() {
		List<OrderLine> usual = List.of(new OrderLine(6, "WCP-MUG", 11, 0, 2, 2, 0));
		List<OrderLine> huge = new ArrayList<>();
		for (int i = 0; i < 2000; i++) {
			huge.add(new OrderLine(i, "X".repeat(200), 11, 0, 2, 2, 0));
		}

		assertThat(OrderIntake.maxJsonBytes(snapshot(usual))).isLessThan(OrderIntake.MAX_SNAPSHOT_BYTES);
		assertThat(OrderIntake.maxJsonBytes(snapshot(huge))).isGreaterThan(OrderIntake.MAX_SNAPSHOT_BYTES);
	}

	private static OrderSnapshot snapshot(List<OrderLine> lines) {
		return new OrderSnapshot(1, "e1", "shop1", 20, "order.updated", "processing", NOW, lines, "webhook", NOW);
	}

}
