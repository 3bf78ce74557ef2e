package io.stocksync.bench;

import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * {@code ./bench.sh quick|full [--option value]...} and
 * {@code ./chaos.sh [--option value]...}: starts the real stack, runs the benchmark or
 * the fault-injection suite, prints a table and writes
 * {@code bench/results/<mode>-<time>.json}. Exit status 0 when every correctness check
 * held (missed performance targets do not fail the run; they are reported).
 */
public final class BenchMain {

	private BenchMain() {
	}

	public static void main(String[] args) {
		if (args.length == 0 || args[0].equals("-h") || args[0].equals("--help")) {
			System.out
				.println("usage: bench.sh quick|full|ingest [--option value]...   or   chaos.sh [--option value]...");
			System.out.println("options and their quick defaults: " + Settings.of("quick").asMap());
			return;
		}
		if (args[0].equals("jfr")) {
			// bench.sh jfr FILE...: summarise recordings again (everything after the
			// first 60 s)
			for (int i = 1; i < args.length; i++) {
				try {
					Path file = Path.of(args[i]);
					java.time.Instant first = jdk.jfr.consumer.RecordingFile.readAllEvents(file)
						.stream()
						.map(jdk.jfr.consumer.RecordedEvent::getStartTime)
						.min(java.util.Comparator.naturalOrder())
						.orElse(java.time.Instant.EPOCH);
					System.out.println(JfrSummary.summarise(file, first.plusSeconds(60)));
				}
				catch (java.io.IOException ex) {
					System.err.println(args[i] + ": " + ex.getMessage());
				}
			}
			return;
		}
		Map<String, String> overrides = new LinkedHashMap<>();
		for (int i = 1; i < args.length; i++) {
			if (!args[i].startsWith("--") || i + 1 >= args.length) {
				throw new IllegalArgumentException("expected --option value, got " + args[i]);
			}
			overrides.put(args[i].substring(2), args[++i]);
		}
		Settings settings = Settings.of(args[0]).with(overrides);
		Path root = Path.of(System.getProperty("stocksync.root", ".")).toAbsolutePath().normalize();
		Report report = new Report(settings.mode(), settings);
		boolean correct;
		Stack stack = new Stack(root, settings);
		Runtime.getRuntime().addShutdownHook(new Thread(stack::close, "bench-stop-stack"));
		try {
			if (settings.mode().equals("chaos")) {
				correct = new Chaos(settings, stack, report).run();
			}
			else {
				new Bench(settings, stack, report).run();
				correct = report.table().lines().noneMatch((line) -> line.contains("| FAIL"));
			}
		}
		catch (RuntimeException ex) {
			Bench.log("run aborted: " + ex.getMessage());
			report.put("aborted", ex.toString());
			correct = false;
		}
		finally {
			Bench.log("stopping the stack");
			stack.close();
		}
		if (!stack.jfrFiles().isEmpty()) {
			report.put("profiles", JfrSummary.summarise(stack.jfrFiles(), Bench.measuringSince()));
		}
		Path file = report.write(root.resolve("bench/results"), settings.mode());
		System.out.println();
		System.out.println("== " + report.title() + " (" + settings.shops() + " shops"
				+ ((settings.shopifyShops() > 0) ? " + " + settings.shopifyShops() + " Shopify" : "") + ", "
				+ settings.skus() + " SKUs) ==");
		System.out.print(report.table());
		System.out.println("JSON: " + root.relativize(file));
		System.out.println("logs: " + root.relativize(stack.runDir().resolve("logs")));
		System.exit(correct ? 0 : 1);
	}

}
