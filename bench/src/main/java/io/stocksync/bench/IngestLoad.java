package io.stocksync.bench;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicBoolean;

import io.stocksync.bench.Webhooks.Delivery;

/**
 * The ingest load test (issue 13) any operator can run ({@code ./bench.sh ingest}, or as
 * phases of quick and full): at each offered rate of {@code ingestRates} for
 * {@code ingestSeconds}, open loop (latency counted from each request's due time: no
 * coordinated omission), then {@code ingestSaturation} webhooks as fast as
 * {@code connections} keep-alive connections take them, and again through
 * {@code ingestSaturationConnections}; first with the ledger frozen (SIGSTOP: ingest and
 * Kafka alone), then with the ledger and propagator running. Then
 * {@code ingestDuplicates} deliveries of one and the same order (same body, signature and
 * delivery id, as a load tool like wrk sends them), ledger running, and how long the
 * ledger takes to get through them. Accepted per second and ack latency p50/p99/p99.9.
 * <p>
 * First, unless {@code ingestWarmupSeconds} is 0, a warm-up at the first offered rate
 * with the ledger frozen (it catches up before the first step), reported but not held
 * against a target: a freshly started broker's JIT compiler took 20-40 % of a core for
 * the first 20-30 s of load, and the p99 at 1,000/s fell from 95-127 ms to 31-54 ms once
 * it was done (2026-12-02, docs/benchmarks.md). A broker in service has compiled long
 * before.
 */
final class IngestLoad {

	/* Windows of due time in which the slowest answers are looked for (SlowWindows). */
	private static final int SLOW_WINDOW_MILLIS = 100;

	private final Bench bench;

	IngestLoad(Bench bench) {
		this.bench = bench;
	}

	void run() {
		Bench b = this.bench;
		Duration timeout = Duration.ofSeconds(b.settings.convergeSeconds());
		if (b.settings.ingestWarmupSeconds() > 0) {
			b.awaitQuiet("before the ingest warm-up", timeout);
			warmUp();
		}
		for (boolean frozen : new boolean[] { true, false }) {
			b.awaitQuiet("before the ingest load test", timeout);
			String ledger = ledgerLabel(frozen);
			Map<String, Object> section = b.report
				.section(frozen ? "ingestLoadLedgerFrozen" : "ingestLoadLedgerRunning");
			if (frozen) {
				b.stack.proc("ledger").pause();
			}
			try {
				for (int rate : b.settings.ingestRateList()) {
					int count = Math.max(1, rate * b.settings.ingestSeconds());
					List<Delivery> deliveries = b.generate(count, 1, false, 1);
					int connections = connectionsFor(rate);
					Bench.log("ingest load, " + ledger + ": " + count + " webhooks offered at " + rate + "/s");
					step(section, "offered" + rate, frozen, deliveries, rate, connections);
				}
				if (b.settings.ingestSaturation() > 0) {
					List<Delivery> deliveries = b.generate(b.settings.ingestSaturation(), 1, false, 1);
					Bench.log("ingest load, " + ledger + ": " + deliveries.size() + " webhooks as fast as possible");
					step(section, "saturation", frozen, deliveries, 0, b.settings.connections());
				}
				int many = b.settings.ingestSaturationConnections();
				if (b.settings.ingestSaturation() > 0 && many > 0 && many != b.settings.connections()) {
					List<Delivery> deliveries = b.generate(b.settings.ingestSaturation(), 1, false, 1);
					Bench.log("ingest load, " + ledger + ": " + deliveries.size()
							+ " webhooks as fast as possible through " + many + " connections");
					step(section, "saturation" + many + "Connections", frozen, deliveries, 0, many);
				}
			}
			finally {
				if (frozen) {
					b.stack.proc("ledger").resume();
				}
			}
		}
		if (b.settings.ingestDuplicates() > 0) {
			duplicates();
		}
	}

	/* Enough connections for ~200 ms of latency, at most 256 (threads of this JVM). */
	private int connectionsFor(int rate) {
		return Math.max(this.bench.settings.connections(), Math.min(256, rate / 5));
	}

	private void warmUp() {
		Bench b = this.bench;
		int rate = b.settings.ingestRateList().stream().findFirst().orElse(1000);
		int seconds = b.settings.ingestWarmupSeconds();
		List<Delivery> deliveries = b.generate(rate * seconds, 1, false, 1);
		Bench.log("ingest warm-up, ledger frozen: " + deliveries.size() + " webhooks offered at " + rate
				+ "/s (not measured against a target)");
		Measured warmUp;
		b.stack.proc("ledger").pause();
		try {
			warmUp = measure(deliveries, rate, connectionsFor(rate));
		}
		finally {
			b.stack.proc("ledger").resume();
		}
		b.report.section("ingestWarmUp").putAll(warmUp.entry());
		Percentiles latency = warmUp.result().okLatencies();
		Bench.log(String.format("  %.0f accepted/s, %s", warmUp.result().okPerSecond(), latency));
		String value = String.format("%s / %s / %s", Bench.ms(latency.p50()), Bench.ms(latency.p99()),
				Bench.ms(latency.p999()));
		b.report.row(
				"ingest warm-up @" + rate + "/s for " + seconds + " s, " + ledgerLabel(true) + " (p50 / p99 / p99.9)",
				value, "", "");
	}

	private static String ledgerLabel(boolean frozen) {
		return frozen ? "ledger frozen" : "ledger running";
	}

	private void step(Map<String, Object> section, String name, boolean frozen, List<Delivery> deliveries, int rate,
			int connections) {
		Bench b = this.bench;
		Measured measured = measure(deliveries, rate, connections);
		LoadGenerator.Result result = measured.result();
		Map<String, Object> entry = measured.entry();
		// With the ledger running, ingest shares the cores with it: a ledger that falls
		// behind leaves ingest more CPU. How far behind it was when the last answer came
		// tells a reader whether the figure is one the whole system can keep up.
		long ledgerBehind = frozen ? -1 : b.kafka.end(KafkaProgress.ORDER_EVENTS)
				- b.kafka.committed(KafkaProgress.LEDGER_GROUP, KafkaProgress.ORDER_EVENTS);
		Percentiles latency = result.okLatencies();
		String behind = "";
		if (ledgerBehind >= 0) {
			entry.put("ledgerEventsBehindAtLastAck", ledgerBehind);
			behind = String.format("; ledger %,d events behind", ledgerBehind);
		}
		section.put(name, entry);
		Bench.log(String.format("  %.0f accepted/s, %s%s; the bench's own GC: %d pauses, %d ms", result.okPerSecond(),
				latency, behind, result.ownGc().collections(), result.ownGc().millis()));
		Bench.log("  the slowest answers' windows: " + entry.get("slowestWindows"));
		String value = String.format("%.0f/s, %s / %s / %s%s", result.okPerSecond(), Bench.ms(latency.p50()),
				Bench.ms(latency.p99()), Bench.ms(latency.p999()), behind);
		boolean allAccepted = result.okCount() == result.sent();
		String metric = "ingest "
				+ ((rate > 0) ? "@" + rate + "/s offered" : "saturation, " + connections + " connections") + ", "
				+ ledgerLabel(frozen) + " (accepted/s, p50 / p99 / p99.9)";
		if (rate == 1000) {
			b.report.row(metric, value, "p99 < 50 ms", Report.verdict(allAccepted && latency.p99() < 50));
		}
		else if (rate == 0) {
			int target = frozen ? 5000 : 2500;
			b.report.row(metric, value, String.format(">= %,d/s", target),
					Report.verdict(result.okPerSecond() >= target));
		}
		else {
			b.report.row(metric, value, "all accepted", Report.verdict(allAccepted));
		}
	}

	/*
	 * Sends the deliveries (at rate per second, 0: as fast as possible) and reads what it
	 * cost: accepted/s, ack latency, CPU per process and thread.
	 */
	private Measured measure(List<Delivery> deliveries, int rate, int connections) {
		Bench b = this.bench;
		LoadGenerator.startClean();
		Map<String, long[]> before = b.stack.usage();
		ThreadCpu threadsBefore = b.stack.threads();
		LoadGenerator.Result result = LoadGenerator.run(deliveries, b.stack.port("ingest"), connections, rate,
				b.acceptor(null));
		Map<String, Double> threads = b.threadCpu(threadsBefore, result.elapsedNanos());
		Map<String, Object> entry = new LinkedHashMap<>();
		entry.put("offeredPerSecond", (rate > 0) ? rate : "as fast as possible");
		entry.put("connections", connections);
		entry.put("sent", result.sent());
		entry.put("accepted", result.okCount());
		entry.put("statuses", Bench.statusCounts(result));
		entry.put("acceptedPerSecond", Bench.round(result.okPerSecond()));
		entry.put("ackLatency", result.okLatencies().asMap());
		entry.put("cpuPercent", b.cpuPercent(before, result.elapsedNanos()));
		entry.put("threadCpuPercent", threads);
		entry.put("benchOwnGc",
				Map.of("collections", result.ownGc().collections(), "pauseMillis", result.ownGc().millis()));
		entry.put("slowestWindows", SlowWindows.of(result, SLOW_WINDOW_MILLIS, 5));
		return new Measured(result, entry);
	}

	private record Measured(LoadGenerator.Result result, Map<String, Object> entry) {
	}

	private void duplicates() {
		Bench b = this.bench;
		b.awaitQuiet("before the duplicates", Duration.ofSeconds(b.settings.convergeSeconds()));
		Delivery one = b.generate(1, 1, false, 1).get(0);
		int count = b.settings.ingestDuplicates();
		List<Delivery> deliveries = new ArrayList<>(Collections.nCopies(count, one));
		Bench.log("ingest load, ledger running: one order delivered " + count + " times as fast as possible");
		long committedBefore = b.kafka.committed(KafkaProgress.LEDGER_GROUP, KafkaProgress.ORDER_EVENTS);
		LoadGenerator.startClean();
		Map<String, long[]> before = b.stack.usage();
		ThreadCpu threadsBefore = b.stack.threads();
		AtomicBoolean accepted = new AtomicBoolean();
		LoadGenerator.Result result = LoadGenerator.run(deliveries, b.stack.port("ingest"), b.settings.connections(), 0,
				(index, delivery, status, body, due, done) -> {
					if (status == 200) {
						accepted.set(true);
					}
				});
		if (accepted.get()) {
			// the same order, however often it arrives, is one sale
			one.lines().forEach((sku, quantity) -> b.expected.merge(sku, (long) -quantity, Long::sum));
		}
		Map<String, Double> threads = b.threadCpu(threadsBefore, result.elapsedNanos());
		long loadEnd = System.nanoTime();
		long end = b.kafka.end(KafkaProgress.ORDER_EVENTS);
		Stack.await("the ledger to get through the duplicates", Duration.ofSeconds(b.settings.convergeSeconds()),
				b.stack.proc("ledger"),
				() -> b.kafka.committed(KafkaProgress.LEDGER_GROUP, KafkaProgress.ORDER_EVENTS) >= end);
		double ledgerBehind = Bench.seconds(System.nanoTime() - loadEnd);
		Percentiles latency = result.okLatencies();
		Map<String, Object> entry = new LinkedHashMap<>();
		entry.put("deliveries", count);
		entry.put("connections", b.settings.connections());
		entry.put("statuses", Bench.statusCounts(result));
		entry.put("acceptedPerSecond", Bench.round(result.okPerSecond()));
		entry.put("ackLatency", latency.asMap());
		entry.put("orderEventsPublished", end - committedBefore);
		entry.put("ledgerSecondsAfterLastAck", ledgerBehind);
		entry.put("cpuPercent", b.cpuPercent(before, result.elapsedNanos()));
		entry.put("threadCpuPercent", threads);
		b.report.section("ingestLoadDuplicates").putAll(entry);
		Bench.log(String.format("  %.0f accepted/s, %s; %d order events, ledger done %.1f s after the last ack",
				result.okPerSecond(), latency, end - committedBefore, ledgerBehind));
		b.report.row("ingest duplicates of one order, ledger running (accepted/s, p50 / p99 / p99.9)",
				String.format("%.0f/s, %s / %s / %s", result.okPerSecond(), Bench.ms(latency.p50()),
						Bench.ms(latency.p99()), Bench.ms(latency.p999())),
				">= 2,500/s", Report.verdict(result.okPerSecond() >= 2500));
		b.report.row("  ledger done after the last duplicate's ack", String.format("%.1f s", ledgerBehind), "", "");
	}

}
