package io.stocksync.bench;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDateTime;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import tools.jackson.databind.SerializationFeature;
import tools.jackson.databind.json.JsonMapper;

/**
 * The result of a run: a table for people (metric, value, target, verdict) and the same
 * numbers, with the settings and the machine, as JSON in
 * {@code bench/results/<mode>-<timestamp>.json}.
 */
final class Report {

	private static final JsonMapper JSON = JsonMapper.builder().enable(SerializationFeature.INDENT_OUTPUT).build();

	private final Map<String, Object> json = new LinkedHashMap<>();

	private final List<String[]> rows = new ArrayList<>();

	private final String title;

	Report(String title, Settings settings) {
		this.title = title;
		this.json.put("run", title);
		this.json.put("startedAt", LocalDateTime.now().withNano(0).toString());
		Map<String, Object> machine = new LinkedHashMap<>();
		machine.put("cpus", Runtime.getRuntime().availableProcessors());
		machine.put("java", System.getProperty("java.version"));
		machine.put("os", System.getProperty("os.name") + " " + System.getProperty("os.version"));
		machine.put("loadAverageAtStart", loadAverage());
		this.json.put("machine", machine);
		this.json.put("settings", settings.asMap());
	}

	/** A section of the JSON (created on first use). */
	@SuppressWarnings("unchecked")
	Map<String, Object> section(String name) {
		return (Map<String, Object>) this.json.computeIfAbsent(name, (key) -> new LinkedHashMap<String, Object>());
	}

	void put(String key, Object value) {
		this.json.put(key, value);
	}

	/**
	 * A table row; {@code verdict} is PASS, MISS, FAIL or empty when there is no target.
	 */
	void row(String metric, String value, String target, String verdict) {
		this.rows.add(new String[] { metric, value, (target != null) ? target : "", (verdict != null) ? verdict : "" });
	}

	static String verdict(boolean met) {
		return met ? "PASS" : "MISS";
	}

	String table() {
		int[] widths = { 6, 5, 6, 7 };
		for (String[] row : this.rows) {
			for (int i = 0; i < 4; i++) {
				widths[i] = Math.max(widths[i], row[i].length());
			}
		}
		StringBuilder out = new StringBuilder();
		String format = "| %-" + widths[0] + "s | %" + widths[1] + "s | %-" + widths[2] + "s | %-" + widths[3]
				+ "s |%n";
		out.append(String.format(format, "metric", "value", "target", "verdict"));
		out.append(String.format("|%s|%s|%s|%s|%n", "-".repeat(widths[0] + 2), "-".repeat(widths[1] + 2),
				"-".repeat(widths[2] + 2), "-".repeat(widths[3] + 2)));
		for (String[] row : this.rows) {
			out.append(String.format(format, (Object[]) row));
		}
		return out.toString();
	}

	/** Writes the JSON (with the table rows) and returns its path. */
	Path write(Path resultsDir, String mode) {
		List<Map<String, String>> table = new ArrayList<>();
		for (String[] row : this.rows) {
			Map<String, String> entry = new LinkedHashMap<>();
			entry.put("metric", row[0]);
			entry.put("value", row[1]);
			entry.put("target", row[2]);
			entry.put("verdict", row[3]);
			table.add(entry);
		}
		this.json.put("table", table);
		this.json.put("finishedAt", LocalDateTime.now().withNano(0).toString());
		this.json.put("loadAverageAtEnd", loadAverage());
		try {
			Files.createDirectories(resultsDir);
			Path file = resultsDir.resolve(
					mode + "-" + LocalDateTime.now().format(DateTimeFormatter.ofPattern("yyyyMMdd-HHmmss")) + ".json");
			Files.writeString(file, JSON.writeValueAsString(this.json));
			return file;
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
	}

	String title() {
		return this.title;
	}

	static String loadAverage() {
		try {
			return Files.readString(Path.of("/proc/loadavg")).trim();
		}
		catch (IOException ex) {
			return "unknown";
		}
	}

}
