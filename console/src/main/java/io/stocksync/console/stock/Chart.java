package io.stocksync.console.stock;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * A small SVG line of on_hand over the changes shown (oldest left), computed here so the
 * page needs no chart library: {@code points} is a polyline in a 600 x 120 box;
 * {@code min}/{@code max} label the axis.
 *
 * @param points the polyline's points
 * @param min lowest on_hand shown
 * @param max highest on_hand shown
 * @param zeroY the y of on_hand 0 (for the zero line), or -1 when 0 is outside the range
 */
record Chart(String points, long min, long max, double zeroY) {

	static final int WIDTH = 600;

	static final int HEIGHT = 120;

	static Chart of(List<Object> movements) {
		List<Long> values = new ArrayList<>();
		for (int i = movements.size() - 1; i >= 0; i--) {
			if (movements.get(i) instanceof Map<?, ?> map && map.get("onHandAfter") instanceof Number number) {
				values.add(number.longValue());
			}
		}
		if (values.isEmpty()) {
			return null;
		}
		long min = Math.min(0, values.stream().mapToLong(Long::longValue).min().orElse(0));
		long max = Math.max(min + 1, values.stream().mapToLong(Long::longValue).max().orElse(1));
		StringBuilder points = new StringBuilder();
		for (int i = 0; i < values.size(); i++) {
			double x = (values.size() == 1) ? WIDTH / 2.0 : (double) WIDTH * i / (values.size() - 1);
			double y = y(values.get(i), min, max);
			points.append(String.format(java.util.Locale.ROOT, "%.1f,%.1f ", x, y));
		}
		return new Chart(points.toString().trim(), min, max, y(0, min, max));
	}

	private static double y(long value, long min, long max) {
		return HEIGHT - 5 - (HEIGHT - 10) * (double) (value - min) / (max - min);
	}

}
