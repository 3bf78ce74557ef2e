package io.stocksync.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

import jdk.jfr.consumer.RecordedEvent;
import jdk.jfr.consumer.RecordedFrame;
import jdk.jfr.consumer.RecordedStackTrace;
import jdk.jfr.consumer.RecordingFile;

/**
 * Where a service spent its CPU: the {@code jdk.ExecutionSample} events of a JFR recording, counted by top frame and by
 * a coarse area (the first frame that says what the thread was doing: JDBC, Kafka, logging, JSON, HTTP, ...). Also
 * printed to the console.
 */
final class JfrSummary {

	private static final int TOP = 15;

	private JfrSummary() {
	}

	static Map<String, Object> summarise(List<Path> files) {
		Map<String, Object> all = new LinkedHashMap<>();
		for (Path file : files) {
			if (!Files.exists(file)) {
				continue;
			}
			try {
				all.put(file.getFileName().toString(), summarise(file));
			}
			catch (IOException | RuntimeException ex) {
				all.put(file.getFileName().toString(), "unreadable: " + ex.getMessage());
			}
		}
		return all;
	}

	static Map<String, Object> summarise(Path file) throws IOException {
		Map<String, Integer> topFrames = new LinkedHashMap<>();
		Map<String, Integer> areas = new LinkedHashMap<>();
		int samples = 0;
		for (RecordedEvent event : RecordingFile.readAllEvents(file)) {
			if (!event.getEventType().getName().equals("jdk.ExecutionSample")) {
				continue;
			}
			RecordedStackTrace stack = event.getStackTrace();
			if (stack == null || stack.getFrames().isEmpty()) {
				continue;
			}
			samples++;
			List<RecordedFrame> frames = stack.getFrames();
			RecordedFrame top = frames.get(0);
			topFrames.merge(name(top), 1, Integer::sum);
			areas.merge(area(frames), 1, Integer::sum);
		}
		Map<String, Object> summary = new LinkedHashMap<>();
		summary.put("samples", samples);
		summary.put("areas", percentages(areas, samples));
		summary.put("topFrames", percentages(topFrames, samples));
		System.out.println("-- JFR " + file.getFileName() + ": " + samples + " execution samples");
		percentages(areas, samples).forEach((key, value) -> System.out.printf("   %5.1f %%  %s%n", value, key));
		return summary;
	}

	private static Map<String, Double> percentages(Map<String, Integer> counts, int samples) {
		return counts.entrySet().stream()
			.sorted(Map.Entry.<String, Integer>comparingByValue().reversed())
			.limit(TOP)
			.collect(Collectors.toMap(Map.Entry::getKey,
					(e) -> Math.round(1000.0 * e.getValue() / Math.max(1, samples)) / 10.0, (a, b) -> a,
					LinkedHashMap::new));
	}

	private static String name(RecordedFrame frame) {
		return frame.getMethod().getType().getName() + "." + frame.getMethod().getName();
	}

	/** The innermost frame that belongs to a known library area; "other" when none does. */
	static String area(List<RecordedFrame> frames) {
		for (RecordedFrame frame : frames) {
			String type = frame.getMethod().getType().getName();
			String area = areaOf(type);
			if (area != null) {
				return area;
			}
		}
		return "other (JVM, JIT, GC)";
	}

	static String areaOf(String type) {
		if (type.startsWith("ch.qos.logback") || type.startsWith("org.slf4j") || type.startsWith("org.apache.logging")) {
			return "logging";
		}
		if (type.startsWith("org.postgresql") || type.startsWith("com.zaxxer.hikari")) {
			return "PostgreSQL JDBC";
		}
		if (type.startsWith("org.apache.kafka.clients.producer")) {
			return "Kafka producer";
		}
		if (type.startsWith("org.apache.kafka")) {
			return "Kafka consumer/client";
		}
		if (type.startsWith("tools.jackson") || type.startsWith("com.fasterxml")) {
			return "JSON (Jackson)";
		}
		if (type.startsWith("io.micrometer")) {
			return "metrics/observation (Micrometer)";
		}
		if (type.startsWith("javax.crypto") || type.startsWith("com.sun.crypto")) {
			return "HMAC/crypto";
		}
		if (type.startsWith("okhttp3") || type.startsWith("okio")) {
			return "HTTP client (OkHttp)";
		}
		if (type.startsWith("org.apache.tomcat") || type.startsWith("org.apache.coyote")
				|| type.startsWith("org.apache.catalina")) {
			return "Tomcat";
		}
		if (type.startsWith("org.springframework.transaction") || type.startsWith("org.springframework.jdbc")) {
			return "Spring JDBC/transactions";
		}
		if (type.startsWith("org.springframework.web") || type.startsWith("org.springframework.http")) {
			return "Spring MVC";
		}
		if (type.startsWith("org.springframework.kafka")) {
			return "Spring Kafka";
		}
		if (type.startsWith("io.stocksync")) {
			return "stock-sync code";
		}
		if (type.startsWith("sun.nio") || type.startsWith("java.net") || type.startsWith("sun.net")) {
			return "network I/O";
		}
		return null;
	}

}
