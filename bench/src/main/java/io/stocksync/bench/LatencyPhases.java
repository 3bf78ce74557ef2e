package io.stocksync.bench;

import java.io.IOException;
import java.io.RandomAccessFile;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.locks.LockSupport;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import io.stocksync.bench.Webhooks.Delivery;
import io.stocksync.fakeshop.FakeShop;

/**
 * The latency phases of issue 11, each measured one order (or one edit) at a time on a
 * calm system:
 * <ul>
 * <li>first order after start: the ledger and the propagator are restarted, the first
 * order is sent as soon as both report health UP, and the time until every shop shows it
 * is split into start-up, consumer group joins (from the services' logs), ledger and
 * shops;</li>
 * <li>calm: sequential single-unit orders (the next one once the previous one reached
 * every shop), shops at zero cost: webhook acknowledged until all shops show the new
 * quantity;</li>
 * <li>hand edits: a SKU's stock set by hand on one shop (its {@code product.updated}
 * webhook delivered to ingest, as WooCommerce does) until restored, and on the
 * {@code hand-edits: adopt} shop until every other shop shows the edited quantity.</li>
 * </ul>
 */
final class LatencyPhases {

	private static final Pattern ASSIGNED = Pattern.compile(": (\\S+): partitions assigned");

	private static final Pattern STARTED = Pattern.compile("Started \\S+ in ([0-9.]+) seconds");

	private final Bench bench;

	LatencyPhases(Bench bench) {
		this.bench = bench;
	}

	// ---- first order after a start
	// --------------------------------------------------------------------------

	void firstOrderAfterStart() {
		Bench b = this.bench;
		Duration timeout = Duration.ofSeconds(b.settings.convergeSeconds());
		b.awaitQuiet("before the restart", timeout);
		// like the calm phase: shops at zero cost (set back to the run's costs at the
		// end)
		b.setCosts(Duration.ZERO, Duration.ZERO);
		try {
			restartAndTimeFirstOrder(timeout);
		}
		finally {
			b.setCosts(b.settings.singleWriteCost(), b.settings.batchItemCost());
		}
	}

	private void restartAndTimeFirstOrder(Duration timeout) {
		Bench b = this.bench;
		Bench.log("first order after start: restarting the ledger and the propagator");
		Map<String, Long> logOffsets = new LinkedHashMap<>();
		for (String service : List.of("ledger", "propagator")) {
			logOffsets.put(service, size(b.stack.logFile(service)));
			b.stack.stop(service, 30);
		}
		long launched = System.nanoTime();
		long launchedWall = System.currentTimeMillis();
		b.stack.startService("ledger");
		b.stack.startService("propagator");
		Map<String, Double> upSeconds = new LinkedHashMap<>();
		// whichever comes first; both are polled in turn
		b.stack.awaitHealthy("ledger", Duration.ofSeconds(240));
		upSeconds.put("ledger", Bench.seconds(System.nanoTime() - launched));
		b.stack.awaitHealthy("propagator", Duration.ofSeconds(240));
		upSeconds.put("propagator", Bench.seconds(System.nanoTime() - launched));
		long bothUp = System.nanoTime();

		String sku = b.skus.get(1);
		Timing timing = oneOrder(sku, 0, timeout);
		Map<String, Object> section = b.report.section("firstOrderAfterStart");
		section.put("sku", sku);
		section.put("healthUpSecondsAfterLaunch", upSeconds);
		Map<String, Map<String, Object>> logs = new LinkedHashMap<>();
		for (String service : List.of("ledger", "propagator")) {
			logs.put(service, logEvents(b.stack.logFile(service), logOffsets.get(service), launchedWall));
			section.put(service + "Log", logs.get(service));
		}
		b.report.row("first order after start: where the seconds go (after launch)", whereTheSecondsGo(logs), "", "");
		if (timing == null) {
			section.put("converged", false);
			b.report.row("first order after start: launch -> all shops", "not converged", "", "MISS");
			return;
		}
		Long applied = Bench.appliedAt(b.stack.jdbcUrl()).get(timing.orderKey());
		long ackWall = timing.ackWallMillis();
		section.put("converged", true);
		section.put("launchToBothHealthUpSeconds", Bench.seconds(bothUp - launched));
		section.put("healthUpToAckMs", Bench.round((timing.ackNanos() - bothUp) / 1e6));
		section.put("ackToLedgerAppliedMs", (applied != null) ? applied - ackWall : null);
		section.put("ackToFirstShopMs", Bench.round((timing.firstNanos() - timing.ackNanos()) / 1e6));
		section.put("ackToAllShopsMs", Bench.round(timing.latencyMs()));
		section.put("launchToAllShopsSeconds", Bench.seconds(timing.doneNanos() - launched));
		Bench.log(String.format("  launch -> both UP %.1f s, ack -> all shops %.0f ms (ledger applied after %s ms)",
				Bench.seconds(bothUp - launched), timing.latencyMs(), (applied != null) ? applied - ackWall : "?"));
		b.report.row("first order after start: launch -> both services UP",
				String.format("%.1f s", Bench.seconds(bothUp - launched)), "", "");
		b.report.row("first order after start: ack -> all shops", Bench.ms(timing.latencyMs()), "", "");
		b.report.row("  of which ack -> ledger applied", (applied != null) ? (applied - ackWall) + " ms" : "n/a", "",
				"");
	}

	/**
	 * {@code ledger started 12.3 s, groups 12.9 s; propagator started ...}: when each
	 * service said it had started and when the last of its main consumer groups (not
	 * retry or DLT) got its partitions.
	 */
	private static String whereTheSecondsGo(Map<String, Map<String, Object>> logs) {
		StringBuilder out = new StringBuilder();
		logs.forEach((service, events) -> {
			@SuppressWarnings("unchecked")
			Map<String, Double> assigned = (Map<String, Double>) events.get("partitionsAssignedSeconds");
			double groups = assigned.entrySet()
				.stream()
				.filter((entry) -> !entry.getKey().contains("-retry") && !entry.getKey().endsWith("-dlt"))
				.mapToDouble(Map.Entry::getValue)
				.max()
				.orElse(Double.NaN);
			out.append((out.length() > 0) ? "; " : "")
				.append(service)
				.append(" started ")
				.append(events.getOrDefault("startedSeconds", "?"))
				.append(" s, groups ")
				.append(Double.isNaN(groups) ? "?" : groups)
				.append(" s");
		});
		return out.toString();
	}

	/**
	 * From a service's log since {@code offset}: when it said it had started and when
	 * each of its consumer groups got its partitions, in seconds after
	 * {@code launchedWall}.
	 */
	static Map<String, Object> logEvents(Path log, long offset, long launchedWall) {
		Map<String, Object> events = new LinkedHashMap<>();
		Map<String, Double> assigned = new LinkedHashMap<>();
		for (String line : readFrom(log, offset)) {
			Double at = secondsAfter(line, launchedWall);
			if (at == null) {
				continue;
			}
			Matcher started = STARTED.matcher(line);
			if (started.find() && !events.containsKey("startedSeconds")) {
				events.put("startedSeconds", at);
				events.put("springStartupSeconds", Double.parseDouble(started.group(1)));
			}
			if (line.contains("Tomcat started") && !events.containsKey("tomcatStartedSeconds")) {
				events.put("tomcatStartedSeconds", at);
			}
			Matcher group = ASSIGNED.matcher(line);
			if (group.find()) {
				assigned.putIfAbsent(group.group(1), at);
			}
		}
		events.put("partitionsAssignedSeconds", assigned);
		return events;
	}

	private static Double secondsAfter(String line, long launchedWall) {
		int space = line.indexOf(' ');
		if (space < 20) {
			return null;
		}
		try {
			long at = OffsetDateTime.parse(line.substring(0, space)).toInstant().toEpochMilli();
			return Math.round((at - launchedWall) / 100.0) / 10.0;
		}
		catch (DateTimeParseException ex) {
			return null;
		}
	}

	private static long size(Path file) {
		try {
			return Files.exists(file) ? Files.size(file) : 0;
		}
		catch (IOException ex) {
			return 0;
		}
	}

	private static List<String> readFrom(Path file, long offset) {
		try (RandomAccessFile in = new RandomAccessFile(file.toFile(), "r")) {
			long length = in.length() - offset;
			if (length <= 0) {
				return List.of();
			}
			in.seek(offset);
			byte[] bytes = new byte[(int) Math.min(length, 64L * 1024 * 1024)];
			in.readFully(bytes);
			return new String(bytes, StandardCharsets.ISO_8859_1).lines().toList();
		}
		catch (IOException ex) {
			return List.of();
		}
	}

	// ---- calm latency
	// ---------------------------------------------------------------------------------------

	void calm() {
		Bench b = this.bench;
		Duration timeout = Duration.ofSeconds(b.settings.convergeSeconds());
		b.awaitQuiet("before the calm phase", timeout);
		b.setCosts(Duration.ZERO, Duration.ZERO);
		int count = b.settings.calmOrders();
		Bench.log("calm latency: " + count + " sequential single-unit orders, " + b.stack.shops().size()
				+ " shops at zero cost");
		List<Long> latencies = new ArrayList<>();
		List<Long> acks = new ArrayList<>();
		Map<String, Long> ackWall = new HashMap<>();
		Map<String, Long> doneWall = new HashMap<>();
		int notConverged = 0;
		// distinct SKUs in turn (not the hot SKU of the flash sale)
		List<String> pool = b.skus.subList(1, b.skus.size());
		// Calm means the shops have rate budget: the propagator starts at most requestCap
		// requests per second per shop (one every 1/cap s), so an order sent the moment
		// the
		// previous one arrived would wait for that interval, not for the system. Each
		// order
		// goes out 1/cap s after the previous one reached every shop, as orders a moment
		// apart would.
		long gapNanos = Duration.ofSeconds(1).toNanos() / Math.max(1, b.settings.requestCap());
		long nextAt = System.nanoTime();
		for (int i = 0; i < count; i++) {
			LockSupport.parkNanos(nextAt - System.nanoTime());
			Timing timing = oneOrder(pool.get(i % pool.size()), i, Duration.ofSeconds(10));
			nextAt = System.nanoTime() + gapNanos;
			if (timing == null) {
				notConverged++;
				continue;
			}
			latencies.add((long) (timing.latencyMs() * 1_000_000));
			acks.add(timing.ackNanos() - timing.sentNanos());
			ackWall.put(timing.orderKey(), timing.ackWallMillis());
			doneWall.put(timing.orderKey(), timing.ackWallMillis() + Math.round(timing.latencyMs()));
		}
		Percentiles latency = Percentiles.ofNanos(latencies.stream().mapToLong(Long::longValue).toArray());
		Map<String, Object> section = b.report.section("calm");
		section.put("orders", count);
		section.put("shops", b.stack.shops().size());
		section.put("notConverged", notConverged);
		section.put("ackToAllShops", latency.asMap());
		section.put("sendToAck", Percentiles.ofNanos(acks.stream().mapToLong(Long::longValue).toArray()).asMap());
		Bench.log("  calm " + latency + ", not converged " + notConverged);
		b.report.row("calm: ack -> all " + b.stack.shops().size() + " shops p50 (0-cost, sequential)",
				Bench.ms(latency.p50()), "<= 100 ms", Report.verdict(latency.p50() <= 100 && notConverged == 0));
		b.report.row("calm: ack -> all shops p99", Bench.ms(latency.p99()), "<= 300 ms",
				Report.verdict(latency.p99() <= 300 && notConverged == 0));
		try {
			Map<String, Long> applied = Bench.appliedAt(b.stack.jdbcUrl());
			List<Long> toLedger = new ArrayList<>();
			List<Long> toShops = new ArrayList<>();
			ackWall.forEach((key, ack) -> {
				Long at = applied.get(key);
				if (at != null) {
					toLedger.add(Math.max(0, at - ack) * 1_000_000L);
					toShops.add(Math.max(0, doneWall.get(key) - at) * 1_000_000L);
				}
			});
			Percentiles first = Percentiles.ofNanos(toLedger.stream().mapToLong(Long::longValue).toArray());
			Percentiles second = Percentiles.ofNanos(toShops.stream().mapToLong(Long::longValue).toArray());
			section.put("ackToLedgerApplied", first.asMap());
			section.put("ledgerAppliedToAllShops", second.asMap());
			b.report.row("  of which ack -> ledger applied (p50 / p99)",
					Bench.ms(first.p50()) + " / " + Bench.ms(first.p99()), "", "");
			b.report.row("  of which ledger applied -> all shops (p50 / p99)",
					Bench.ms(second.p50()) + " / " + Bench.ms(second.p99()), "", "");
		}
		catch (RuntimeException ex) {
			section.put("split", "unavailable: " + ex.getMessage());
		}
	}

	/**
	 * Places one single-unit order of {@code sku} on a shop, sends its webhook and waits
	 * until every shop shows the new quantity; null if ingest refused it or it did not
	 * arrive in time.
	 */
	private Timing oneOrder(String sku, int turn, Duration timeout) {
		Bench b = this.bench;
		List<FakeShop> shops = b.stack.shops();
		int seller = turn % shops.size();
		int want = (int) (b.expected.get(sku) - 1);
		Map<Integer, Integer> targets = new HashMap<>();
		for (int i = 0; i < shops.size(); i++) {
			targets.put(i, Math.max(0, want));
		}
		StockProbe probe = new StockProbe(sku, shops.size(), targets);
		b.stockListeners.add(probe);
		try {
			Delivery delivery = Webhooks.order(shops.get(seller), Map.of(sku, 1), b.stack.port("ingest"));
			long sent = System.nanoTime();
			int status;
			try (HttpConnection connection = new HttpConnection(b.stack.port("ingest"), 60_000)) {
				status = connection.send(delivery.request()).status();
			}
			catch (IOException ex) {
				status = 0;
			}
			long ack = System.nanoTime();
			long ackWall = System.currentTimeMillis();
			if (status != 200) {
				Bench.log("  order " + delivery.key() + " refused: " + status);
				return null;
			}
			b.expected.merge(sku, -1L, Long::sum);
			// the selling shop shows it since its checkout
			probe.reached(seller, ack);
			long done = probe.awaitAll(timeout);
			if (done < 0) {
				Bench.log(
						"  order " + delivery.key() + " did not reach every shop within " + timeout.toSeconds() + " s");
				return null;
			}
			long first = probe.firstExcept(seller);
			return new Timing(delivery.key(), sent, ack, ackWall, Math.max(ack, first), Math.max(ack, done));
		}
		finally {
			b.stockListeners.remove(probe);
		}
	}

	private record Timing(String orderKey, long sentNanos, long ackNanos, long ackWallMillis, long firstNanos,
			long doneNanos) {

		double latencyMs() {
			return (this.doneNanos - this.ackNanos) / 1e6;
		}

	}

	// ---- hand edits
	// -----------------------------------------------------------------------------------------

	void handEdits() {
		Bench b = this.bench;
		Duration timeout = Duration.ofSeconds(b.settings.convergeSeconds());
		b.awaitQuiet("before the hand edits", timeout);
		List<FakeShop> shops = b.stack.shops();
		Bench.log("hand edits: restore on " + shops.get(0).id()
				+ ((b.stack.adoptShop() != null) ? ", adopt on " + b.stack.adoptShop() : "") + ", shops at "
				+ b.settings.singleWriteMs() + "/" + b.settings.batchItemMs() + " ms");
		List<long[]> webhooks = new ArrayList<>();
		try {
			handEdit(0, b.skus.get(2), false, webhooks);
			if (b.stack.adoptShop() != null) {
				handEdit(shops.size() - 1, b.skus.get(3), true, webhooks);
			}
		}
		finally {
			// product.updated deliveries stop again: later phases measure without them
			for (long[] webhook : webhooks) {
				shops.get((int) webhook[0]).setWebhookStatus(webhook[1], "paused");
			}
		}
	}

	private void handEdit(int shopIndex, String sku, boolean adopt, List<long[]> webhooks) {
		Bench b = this.bench;
		List<FakeShop> shops = b.stack.shops();
		FakeShop shop = shops.get(shopIndex);
		webhooks.add(new long[] { shopIndex,
				shop.registerWebhook("product.updated", b.stack.url("ingest", "/webhooks/woocommerce/" + shop.id())) });
		long pool = b.expected.get(sku);
		// below anything the pool ever held (it only fell so far), so never a quantity we
		// wrote before (the propagator takes those for late echoes of its own writes)
		int edited = (int) Math.max(0, pool - 7);
		Map<Integer, Integer> targets = new HashMap<>();
		if (adopt) {
			for (int i = 0; i < shops.size(); i++) {
				if (i != shopIndex) {
					targets.put(i, edited);
				}
			}
		}
		else {
			targets.put(shopIndex, (int) Math.max(0, pool));
		}
		StockProbe probe = new StockProbe(sku, shops.size(), targets);
		String mode = adopt ? "adopt" : "restore";
		b.stockListeners.add(probe);
		long done;
		long start = System.nanoTime();
		try {
			// like wp-admin: the product is saved, product.updated is delivered to ingest
			shop.setStock(sku, edited);
			if (adopt) {
				b.expected.merge(sku, edited - pool, Long::sum);
			}
			done = probe.awaitAll(Duration.ofSeconds(30));
		}
		finally {
			b.stockListeners.remove(probe);
		}
		Map<String, Object> section = b.report.section("handEdit" + (adopt ? "Adopt" : "Restore"));
		section.put("shop", shop.id());
		section.put("sku", sku);
		section.put("poolBefore", pool);
		section.put("edited", edited);
		section.put("seconds", (done > 0) ? Bench.seconds(done - start) : null);
		section.put("milliseconds", (done > 0) ? Bench.round((done - start) / 1e6) : null);
		try {
			String recorded = b.stack.admin("propagator", "GET", "/admin/hand-edits?shop=" + shop.id() + "&limit=20");
			section.put("recordedByPropagator", recorded.contains("\"" + sku + "\""));
		}
		catch (RuntimeException ex) {
			section.put("recordedByPropagator", "unavailable: " + ex.getMessage());
		}
		String what = adopt ? "hand edit adopted: edit -> every other shop" : "hand edit restored: edit -> shop";
		Bench.log(
				"  " + what + ": " + ((done > 0) ? String.format("%.0f ms", (done - start) / 1e6) : "not within 30 s"));
		b.report.row(what + " (" + mode + ", " + shop.id() + ")",
				(done > 0) ? String.format("%.2f s", (done - start) / 1e9) : "not within 30 s", "<= 5 s",
				Report.verdict(done > 0 && done - start <= 5_000_000_000L));
	}

}
