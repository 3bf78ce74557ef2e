package io.stocksync.bench;

import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class SlowWindowsTests {

	private static final long MS = 1_000_000L;

	@Test
	void shouldListTheWindowsOfTheSlowestAnswersSlowestFirstWithTheirWallClockTime() {
		// 300 deliveries due 1 ms apart, 4 ms each, except a stall: those due at
		// 120-139 ms waited 80 ms, and one at 250 ms 30 ms; one refused (a delivery, not
		// an answer among the slowest)
		int n = 300;
		long[] latencies = new long[n];
		long[] dues = new long[n];
		int[] statuses = new int[n];
		for (int i = 0; i < n; i++) {
			dues[i] = i * MS;
			latencies[i] = ((i >= 120 && i < 140) ? 80 : (i == 250) ? 30 : 4) * MS;
			statuses[i] = (i == 150) ? 503 : 200;
		}
		latencies[150] = 900 * MS;
		long start = 1_764_000_000_000L; // 2025-11-24T16:00:00Z
		LoadGenerator.Result result = new LoadGenerator.Result(n, latencies, dues, statuses, start, 300 * MS,
				new LoadGenerator.OwnGc(0, 0));

		Map<String, Object> slow = SlowWindows.of(result, 100, 2);

		assertThat(slow).containsEntry("windowMillis", 100)
			.containsEntry("answersAtOrAboveP99", 20)
			.containsEntry("ofThemInTheseWindows", 20);
		@SuppressWarnings("unchecked")
		List<Map<String, Object>> windows = (List<Map<String, Object>>) slow.get("windows");
		assertThat(windows).hasSize(2);
		assertThat(windows.get(0)).containsEntry("at", "16:00:00.100")
			.containsEntry("deliveries", 100)
			.containsEntry("notAccepted", 1)
			.containsEntry("slowestMs", 80.0)
			.containsEntry("atOrAboveP99", 20);
		assertThat(windows.get(1)).containsEntry("at", "16:00:00.200")
			.containsEntry("deliveries", 100)
			.containsEntry("notAccepted", 0)
			.containsEntry("slowestMs", 30.0)
			.containsEntry("atOrAboveP99", 0);
	}

}
