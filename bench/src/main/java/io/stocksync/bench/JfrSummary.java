package io.stocksync.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

import jdk.jfr.consumer.RecordedEvent;
import jdk.jfr.consumer.RecordedFrame;
import jdk.jfr.consumer.RecordedStackTrace;
import jdk.jfr.consumer.RecordedThread;
import jdk.jfr.consumer.RecordingFile;

/**
 * Where a service spent its CPU: the {@code jdk.ExecutionSample} events of a JFR
 * recording, counted by top frame and by a coarse area (the first frame that says what
 * the thread was doing: JDBC, Kafka, logging, JSON, HTTP, ...). Also printed to the
 * console.
 */
final class JfrSummary {

	private static final int TOP = 12;

	private JfrSummary() {
	}

	static Map<String, Object> summarise(List<Path> files, Instant from) {
		Map<String, Object> all = new LinkedHashMap<>();
		for (Path file : files) {
			if (!Files.exists(file)) {
				continue;
			}
			try {
				all.put(file.getFileName().toString(), summarise(file, from));
			}
			catch (IOException | RuntimeException ex) {
				all.put(file.getFileName().toString(), "unreadable: " + ex.getMessage());
			}
		}
		return all;
	}

	/**
	 * Samples taken after {@code from} (start-up excluded). Java samples
	 * ({@code jdk.ExecutionSample}, threads running Java code) say where the CPU went;
	 * native samples ({@code jdk.NativeMethodSample}, threads in native code, mostly
	 * blocked in socket reads) say what the busiest threads were waiting for.
	 */
	static Map<String, Object> summarise(Path file, Instant from) throws IOException {
		Map<String, Integer> topFrames = new LinkedHashMap<>();
		Map<String, Integer> areas = new LinkedHashMap<>();
		Map<String, Map<String, Integer>> threads = new LinkedHashMap<>();
		int samples = 0;
		for (RecordedEvent event : RecordingFile.readAllEvents(file)) {
			String type = event.getEventType().getName();
			boolean java = type.equals("jdk.ExecutionSample");
			if (!java && !type.equals("jdk.NativeMethodSample")) {
				continue;
			}
			if (from != null && event.getStartTime().isBefore(from)) {
				continue;
			}
			RecordedStackTrace stack = event.getStackTrace();
			if (stack == null || stack.getFrames().isEmpty()) {
				continue;
			}
			List<RecordedFrame> frames = stack.getFrames();
			String area = area(frames);
			String thread = threadName(event);
			threads.computeIfAbsent(thread, (key) -> new LinkedHashMap<>())
				.merge((java ? "running: " : "native/waiting: ") + area, 1, Integer::sum);
			if (java) {
				samples++;
				topFrames.merge(name(frames.get(0)), 1, Integer::sum);
				areas.merge(area, 1, Integer::sum);
			}
		}
		Map<String, Object> summary = new LinkedHashMap<>();
		summary.put("javaSamples", samples);
		summary.put("cpuByArea", percentages(areas, samples));
		summary.put("cpuByTopFrame", percentages(topFrames, samples));
		Map<String, Object> busiest = new LinkedHashMap<>();
		threads.entrySet()
			.stream()
			.sorted((a, b) -> Integer.compare(total(b.getValue()), total(a.getValue())))
			.limit(6)
			.forEach((entry) -> busiest.put(entry.getKey() + " (" + total(entry.getValue()) + " samples)",
					percentages(entry.getValue(), total(entry.getValue()))));
		summary.put("threads", busiest);
		System.out.println("-- JFR " + file.getFileName() + ": " + samples + " Java execution samples after start-up");
		percentages(areas, samples).forEach((key, value) -> System.out.printf("   %5.1f %%  %s%n", value, key));
		return summary;
	}

	private static int total(Map<String, Integer> counts) {
		return counts.values().stream().mapToInt(Integer::intValue).sum();
	}

	/** Thread names without their numbers, so pools add up ("http-nio-N-exec-#"). */
	private static String threadName(RecordedEvent event) {
		RecordedThread thread = event.getThread("sampledThread");
		String name = (thread != null && thread.getJavaName() != null) ? thread.getJavaName() : "?";
		return name.replaceAll("-exec-\\d+$", "-exec-#").replaceAll("^http-nio-\\d+", "http-nio");
	}

	private static Map<String, Double> percentages(Map<String, Integer> counts, int samples) {
		return counts.entrySet()
			.stream()
			.sorted(Map.Entry.<String, Integer>comparingByValue().reversed())
			.limit(TOP)
			.collect(Collectors.toMap(Map.Entry::getKey,
					(e) -> Math.round(1000.0 * e.getValue() / Math.max(1, samples)) / 10.0, (a, b) -> a,
					LinkedHashMap::new));
	}

	private static String name(RecordedFrame frame) {
		return frame.getMethod().getType().getName() + "." + frame.getMethod().getName();
	}

	/**
	 * What a sample was doing: of the library areas on its stack, the most specific one
	 * (logging inside a Kafka call is logging; a socket read inside the PostgreSQL driver
	 * is PostgreSQL; Tomcat and the listener containers sit at the bottom of every
	 * request and record, so they count only when nothing more specific is on the stack).
	 */
	static String area(List<RecordedFrame> frames) {
		String best = null;
		int bestRank = Integer.MAX_VALUE;
		for (RecordedFrame frame : frames) {
			String area = areaOf(frame.getMethod().getType().getName());
			if (area != null) {
				int rank = PRIORITY.indexOf(area);
				if (rank < bestRank) {
					best = area;
					bestRank = rank;
				}
			}
		}
		return (best != null) ? best : "other (JVM, JIT, GC)";
	}

	private static final List<String> PRIORITY = List.of("logging", "JSON (Jackson)", "HMAC/crypto",
			"metrics/observation (Micrometer)", "PostgreSQL JDBC", "Kafka producer", "Kafka consumer/client",
			"HTTP client (OkHttp)", "class loading", "Spring JDBC/transactions", "Spring Kafka", "Spring MVC", "Tomcat",
			"network I/O", "stock-sync code");

	static String areaOf(String type) {
		if (type.startsWith("ch.qos.logback") || type.startsWith("org.slf4j")
				|| type.startsWith("org.apache.logging")) {
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
		if (type.startsWith("org.springframework.boot.loader") || type.startsWith("jdk.internal.loader")
				|| type.equals("java.lang.ClassLoader")) {
			return "class loading";
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
