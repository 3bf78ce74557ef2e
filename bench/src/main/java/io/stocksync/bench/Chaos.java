package io.stocksync.bench;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicReference;

import io.stocksync.bench.Webhooks.Delivery;
import io.stocksync.fakeshop.FakeShop;

/**
 * The fault-injection suite: a steady stream of signed webhooks (about a fifth of the
 * orders delivered twice, as WooCommerce does) while the suite kills the ledger and the
 * propagator with SIGKILL and restarts them, restarts the Kafka broker, stops PostgreSQL
 * for 20 s and makes one shop hang for a minute. Then it checks, per order line, against
 * the ledger's audit trail ({@code stock_movement}): no webhook that ingest acknowledged
 * is lost, no line is applied twice, the pool equals the expected values, and every shop
 * converges within the stated time after the last fault. It reports what fails today
 * instead of hiding it.
 */
final class Chaos {

	private static final int LOAD_SECONDS = 270;

	private static final Duration SHOP_HANG = Duration.ofSeconds(60);

	private static final Duration POSTGRES_DOWN = Duration.ofSeconds(20);

	private final Settings settings;

	private final Stack stack;

	private final Report report;

	private final Bench bench;

	private final List<Map<String, Object>> faults = new ArrayList<>();

	/* order key -> its lines; and the answers its deliveries got */
	private final Map<String, Map<String, Integer>> orders = new ConcurrentHashMap<>();

	private final Map<String, List<Integer>> answers = new ConcurrentHashMap<>();

	private long loadStart;

	Chaos(Settings settings, Stack stack, Report report) {
		this.settings = settings;
		this.stack = stack;
		this.report = report;
		this.bench = new Bench(settings, stack, report);
	}

	/** Returns whether every invariant held. */
	boolean run() {
		this.bench.prepare();
		this.bench.setCosts(this.settings.singleWriteCost(), this.settings.batchItemCost());
		List<Delivery> deliveries = buildLoad();
		AtomicReference<LoadGenerator.Result> result = new AtomicReference<>();
		LoadGenerator.startClean();
		this.loadStart = System.nanoTime();
		Thread load = new Thread(() -> result.set(LoadGenerator.run(deliveries, this.stack.port("ingest"),
				Math.max(this.settings.connections(), 64), this.settings.pacedRate(),
				(index, delivery, status, body, due,
						done) -> this.answers.computeIfAbsent(delivery.key(), (key) -> new ArrayList<>()).add(status))),
				"chaos-load");
		load.setDaemon(true);
		load.start();
		Bench.log("chaos: " + deliveries.size() + " deliveries at " + this.settings.pacedRate() + "/s for about "
				+ LOAD_SECONDS + " s; faults follow");

		at(15, "kill -9 ledger, restart", () -> killAndRestart("ledger"));
		at(45, "kill -9 propagator, restart", () -> killAndRestart("propagator"));
		at(75, "kill -9 ledger, restart (2nd)", () -> killAndRestart("ledger"));
		at(95, "kill -9 propagator, restart (2nd)", () -> killAndRestart("propagator"));
		at(115, "kill -9 ledger and propagator together, restart", () -> {
			this.stack.kill9("ledger");
			this.stack.kill9("propagator");
			this.stack.startService("ledger");
			this.stack.startService("propagator");
			this.stack.awaitHealthy("ledger", Duration.ofSeconds(240));
			this.stack.awaitHealthy("propagator", Duration.ofSeconds(240));
		});
		at(150, "restart the Kafka broker (SIGTERM, 5 s down)", () -> this.stack.restartKafka(Duration.ofSeconds(5)));
		at(185, "stop PostgreSQL for " + POSTGRES_DOWN.toSeconds() + " s", () -> {
			this.stack.stopPostgres();
			Stack.pauseFor(POSTGRES_DOWN);
			this.stack.restartPostgres();
		});
		FakeShop hung = this.stack.shops().get(Math.min(1, this.stack.shops().size() - 1));
		at(215, hung.id() + " hangs for " + SHOP_HANG.toSeconds() + " s (requests held, then 504)", () -> {
			hung.failRequestsFor(504, SHOP_HANG, true);
			Stack.pauseFor(SHOP_HANG);
		});
		try {
			load.join();
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			throw new IllegalStateException(ex);
		}
		long faultsEnd = System.nanoTime();
		Bench.log("load done; faults over; waiting for convergence (up to " + this.settings.convergeSeconds() + " s)");
		return verify(result.get(), faultsEnd);
	}

	/**
	 * Orders at the configured rate; about 20 % of them are delivered a second time
	 * (order.updated) a bit later.
	 */
	private List<Delivery> buildLoad() {
		int count = this.settings.pacedRate() * LOAD_SECONDS;
		List<Delivery> deliveries = new ArrayList<>();
		List<Delivery> later = new ArrayList<>();
		int ingestPort = this.stack.port("ingest");
		for (int i = 0; i < count; i++) {
			FakeShop shop = this.bench.pickShop();
			Map<String, Integer> lines = new LinkedHashMap<>();
			int lineCount = 1 + this.bench.random.nextInt(Math.max(1, this.settings.linesPerOrder()));
			while (lines.size() < lineCount) {
				lines.put(this.bench.skus.get(this.bench.random.nextInt(this.bench.skus.size())),
						1 + this.bench.random.nextInt(2));
			}
			Delivery delivery = Webhooks.order(shop, lines, ingestPort);
			this.orders.put(delivery.key(), lines);
			deliveries.add(delivery);
			if (this.bench.random.nextInt(5) == 0) {
				later.add(Webhooks.again(shop, delivery, "order.updated", ingestPort));
			}
			if (!later.isEmpty() && this.bench.random.nextInt(3) == 0) {
				deliveries.add(later.remove(0));
			}
		}
		deliveries.addAll(later);
		return deliveries;
	}

	private void killAndRestart(String service) {
		this.stack.kill9(service);
		this.stack.startService(service);
		this.stack.awaitHealthy(service, Duration.ofSeconds(240));
	}

	/**
	 * Waits until {@code second} seconds into the load, then injects the fault and
	 * records how long it took.
	 */
	private void at(int second, String name, Runnable fault) {
		long due = this.loadStart + Duration.ofSeconds(second).toNanos();
		long wait = due - System.nanoTime();
		if (wait > 0) {
			Stack.pauseFor(Duration.ofNanos(wait));
		}
		long start = System.nanoTime();
		Bench.log(String.format("fault at %.0f s: %s", (start - this.loadStart) / 1e9, name));
		Map<String, Object> record = new LinkedHashMap<>();
		record.put("fault", name);
		record.put("atSecond", Bench.seconds(start - this.loadStart));
		try {
			fault.run();
			record.put("outcome", "recovered");
		}
		catch (RuntimeException ex) {
			record.put("outcome", "FAILED: " + ex.getMessage());
			Bench.log("  fault injection failed: " + ex.getMessage());
		}
		record.put("seconds", Bench.seconds(System.nanoTime() - start));
		this.faults.add(record);
	}

	private boolean verify(LoadGenerator.Result result, long faultsEnd) {
		// What ingest acknowledged, per order (accepted if any delivery of it got a 200).
		Map<String, Integer> statusCounts = new LinkedHashMap<>();
		for (int status : result.statuses()) {
			statusCounts.merge((status == 0) ? "io_error" : Integer.toString(status), 1, Integer::sum);
		}
		List<String> accepted = new ArrayList<>();
		List<String> refused = new ArrayList<>();
		this.orders.keySet().forEach((key) -> {
			List<Integer> got = this.answers.getOrDefault(key, List.of());
			if (got.contains(200)) {
				accepted.add(key);
			}
			else {
				refused.add(key);
			}
		});
		this.bench.skus.forEach((sku) -> this.bench.expected.put(sku, this.settings.initialStock()));
		accepted.forEach((key) -> this.orders.get(key)
			.forEach((sku, quantity) -> this.bench.expected.merge(sku, (long) -quantity, Long::sum)));

		// Convergence: the pool and every shop equal the expected values; and
		// (separately) the shops equal the pool,
		// whatever it holds. A pool that stays wrong while the shops follow it for a
		// minute will not heal: stop there.
		long deadline = faultsEnd + Duration.ofSeconds(this.settings.convergeSeconds()).toNanos();
		Bench.Check check = null;
		long convergedAt = 0;
		long shopsFollowAt = 0;
		while (System.nanoTime() < deadline) {
			try {
				check = this.bench.check();
				if (shopsFollowAt == 0 && shopsMatchPool()) {
					shopsFollowAt = System.nanoTime();
				}
				if (check.ledgerMismatches() == 0 && check.shopMismatches() == 0) {
					convergedAt = System.nanoTime();
					break;
				}
				if (shopsFollowAt != 0 && System.nanoTime() - shopsFollowAt > Duration.ofSeconds(60).toNanos()) {
					Bench.log("  the shops follow the pool but the pool differs from the expected values: giving up");
					break;
				}
			}
			catch (RuntimeException ex) {
				Bench.log("  check failed (will retry): " + ex.getMessage());
			}
			Stack.pauseFor(Duration.ofSeconds(2));
		}
		boolean shopsFollowPool = shopsFollowAt != 0;

		// Per order line, from the ledger's audit trail.
		Map<String, Long> applied = appliedByOrderLine();
		int lost = 0;
		int partial = 0;
		int twice = 0;
		int refusedButApplied = 0;
		List<String> examples = new ArrayList<>();
		for (String key : accepted) {
			int missing = 0;
			for (Map.Entry<String, Integer> line : this.orders.get(key).entrySet()) {
				long taken = -applied.getOrDefault(key + "|" + line.getKey(), 0L);
				if (taken < line.getValue()) {
					missing++;
				}
				else if (taken > line.getValue()) {
					twice++;
					example(examples, "applied more than once: " + key + " " + line.getKey() + " took " + taken
							+ " for quantity " + line.getValue());
				}
			}
			if (missing == this.orders.get(key).size()) {
				lost++;
				example(examples, "acknowledged but not applied: " + key + " " + this.orders.get(key) + " answers "
						+ this.answers.get(key));
			}
			else if (missing > 0) {
				partial++;
			}
		}
		for (String key : refused) {
			boolean any = this.orders.get(key)
				.keySet()
				.stream()
				.anyMatch((sku) -> applied.getOrDefault(key + "|" + sku, 0L) != 0);
			if (any) {
				refusedButApplied++;
			}
		}
		Map<String, Long> dlt = new LinkedHashMap<>();
		dlt.put("stocksync.order-events-dlt", this.bench.kafka.end("stocksync.order-events-dlt"));
		dlt.put("stocksync.stock-adjustments-dlt", this.bench.kafka.end("stocksync.stock-adjustments-dlt"));

		Map<String, Object> section = this.report.section("chaos");
		section.put("faults", this.faults);
		section.put("deliveries", result.sent());
		section.put("orders", this.orders.size());
		section.put("answers", statusCounts);
		section.put("ordersAcknowledged", accepted.size());
		section.put("ordersRefused", refused.size());
		section.put("refusedButApplied", refusedButApplied);
		section.put("acknowledgedButLost", lost);
		section.put("acknowledgedPartiallyApplied", partial);
		section.put("linesAppliedMoreThanOnce", twice);
		section.put("deadLetters", dlt);
		section.put("convergedSecondsAfterFaults", (convergedAt > 0) ? Bench.seconds(convergedAt - faultsEnd) : null);
		section.put("shopsFollowPoolSecondsAfterFaults",
				shopsFollowPool ? Bench.seconds(shopsFollowAt - faultsEnd) : null);
		section.put("finalCheck", (check != null) ? Map.of("ledgerMismatches", check.ledgerMismatches(),
				"shopMismatches", check.shopMismatches(), "examples", check.examples()) : "no check completed");
		section.put("examples", examples);

		for (Map<String, Object> fault : this.faults) {
			this.report.row("fault @" + fault.get("atSecond") + " s: " + fault.get("fault"),
					fault.get("seconds") + " s", "",
					String.valueOf(fault.get("outcome")).startsWith("recovered") ? "done" : "FAIL");
		}
		this.report.row("webhook answers", statusCounts.toString(), "", "");
		this.report.row("orders refused by ingest (non-2xx: WooCommerce never redelivers)",
				refused.size() + " of " + this.orders.size(), "0", (refused.isEmpty()) ? "PASS" : "FAIL");
		this.report.row("  ...of which applied anyway", Integer.toString(refusedButApplied), "", "");
		this.report.row("acknowledged webhooks lost (2xx, never applied)", Integer.toString(lost), "0",
				(lost == 0) ? "PASS" : "FAIL");
		this.report.row("acknowledged orders partially applied", Integer.toString(partial), "0",
				(partial == 0) ? "PASS" : "FAIL");
		this.report.row("order lines applied more than once", Integer.toString(twice), "0",
				(twice == 0) ? "PASS" : "FAIL");
		this.report.row("dead letters (order events / adjustments)", dlt.values().toString(), "0 0",
				dlt.values().stream().allMatch((v) -> v == 0) ? "PASS" : "FAIL");
		this.report.row("pool and every shop = expected",
				(convergedAt > 0) ? "after " + Bench.seconds(convergedAt - faultsEnd) + " s"
						: "not within " + this.settings.convergeSeconds() + " s",
				"<= " + this.settings.convergeSeconds() + " s", (convergedAt > 0) ? "PASS" : "FAIL");
		this.report.row("every shop = the pool (whatever it holds)",
				shopsFollowPool ? "after " + Bench.seconds(shopsFollowAt - faultsEnd) + " s" : "no", "",
				shopsFollowPool ? "PASS" : "FAIL");
		this.bench.usage();
		return refused.isEmpty() && lost == 0 && partial == 0 && twice == 0 && convergedAt > 0;
	}

	/** Whether every shop shows max(0, on_hand) of the pool for every SKU. */
	private boolean shopsMatchPool() {
		try {
			Map<String, Long> pool = this.bench.ledger.onHand();
			for (FakeShop shop : this.stack.shops()) {
				Map<String, Integer> stock = shop.stockBySku();
				for (String sku : this.bench.skus) {
					Long onHand = pool.get(sku);
					Integer got = stock.get(sku);
					if (onHand == null || got == null || got != Math.max(0, onHand)) {
						return false;
					}
				}
			}
			return true;
		}
		catch (RuntimeException ex) {
			return false;
		}
	}

	/**
	 * {@code shop:order|sku} -> sum of the pool movements that order caused on that SKU.
	 */
	private Map<String, Long> appliedByOrderLine() {
		Map<String, Long> applied = new HashMap<>();
		try (Connection connection = DriverManager.getConnection(this.stack.jdbcUrl(), "postgres", "");
				PreparedStatement query = connection.prepareStatement("""
						select cause_ref, sku, sum(delta) from stock_movement
						where cause_type = 'order' group by cause_ref, sku""");
				ResultSet rows = query.executeQuery()) {
			while (rows.next()) {
				applied.put(rows.getString(1) + "|" + rows.getString(2), rows.getLong(3));
			}
		}
		catch (SQLException ex) {
			throw new IllegalStateException("cannot read stock_movement: " + ex.getMessage(), ex);
		}
		return applied;
	}

	private static void example(List<String> examples, String text) {
		if (examples.size() < 10) {
			examples.add(text);
		}
	}

}
