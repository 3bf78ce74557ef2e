package io.stocksync.bench;

import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * When a step's slowest answers came: its deliveries grouped into windows of their due
 * time, the slowest windows first. A p99 over 2,000 answers is set by its 20 slowest; if
 * they all fall in one or two windows, one stall did it (a GC pause, a burst of other
 * work), whose wall-clock time finds it in the services' GC logs and the broker's log;
 * spread over the whole step, the machine was slower throughout.
 */
final class SlowWindows {

	private static final DateTimeFormatter TIME = DateTimeFormatter.ofPattern("HH:mm:ss.SSS").withZone(ZoneOffset.UTC);

	private SlowWindows() {
	}

	/**
	 * @param result the step's deliveries
	 * @param windowMillis the width of a window of due time
	 * @param top how many windows to list
	 * @return the slowest windows, slowest first: when it started (UTC), how many
	 * deliveries were due in it and how many of them were not accepted, its slowest
	 * accepted answer, and how many of its answers were at or above the step's p99 (of
	 * the accepted ones)
	 */
	static Map<String, Object> of(LoadGenerator.Result result, int windowMillis, int top) {
		long width = windowMillis * 1_000_000L;
		double p99 = result.okLatencies().p99();
		Map<Long, Window> windows = new LinkedHashMap<>();
		int slow = 0;
		for (int i = 0; i < result.sent(); i++) {
			Window window = windows.computeIfAbsent(Math.floorDiv(result.dueNanos()[i], width), Window::new);
			if (result.statuses()[i] != 200) {
				window.notAccepted++;
				continue;
			}
			double millis = result.latenciesNanos()[i] / 1e6;
			window.add(millis, millis >= p99);
			if (millis >= p99) {
				slow++;
			}
		}
		List<Window> slowest = new ArrayList<>(windows.values());
		slowest.sort(Comparator.comparingDouble(Window::slowestMillis).reversed());
		List<Map<String, Object>> listed = new ArrayList<>();
		int inListed = 0;
		for (Window window : slowest.subList(0, Math.min(top, slowest.size()))) {
			long startMillis = result.startEpochMillis() + window.index * windowMillis;
			Map<String, Object> entry = new LinkedHashMap<>();
			entry.put("at", TIME.format(Instant.ofEpochMilli(startMillis)));
			entry.put("deliveries", window.accepted + window.notAccepted);
			entry.put("notAccepted", window.notAccepted);
			entry.put("slowestMs", Bench.round(window.slowestMillis));
			entry.put("atOrAboveP99", window.atOrAboveP99);
			listed.add(entry);
			inListed += window.atOrAboveP99;
		}
		Map<String, Object> summary = new LinkedHashMap<>();
		summary.put("windowMillis", windowMillis);
		summary.put("answersAtOrAboveP99", slow);
		summary.put("ofThemInTheseWindows", inListed);
		summary.put("windows", listed);
		return summary;
	}

	private static final class Window {

		private final long index;

		private int accepted;

		private int notAccepted;

		private double slowestMillis;

		private int atOrAboveP99;

		Window(long index) {
			this.index = index;
		}

		void add(double millis, boolean atOrAboveP99) {
			this.accepted++;
			this.slowestMillis = Math.max(this.slowestMillis, millis);
			if (atOrAboveP99) {
				this.atOrAboveP99++;
			}
		}

		double slowestMillis() {
			return this.slowestMillis;
		}

	}

}
