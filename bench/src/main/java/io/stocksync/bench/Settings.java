package io.stocksync.bench;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/**
 * Sizes and knobs of one run. {@code quick} finishes in about two minutes, {@code full}
 * is the published size (6 shops, 10,000 SKUs, 100,000 order lines through ingest and the
 * ledger), {@code chaos} is the fault-injection suite's load. Every value can be
 * overridden with {@code --name value} (names as in {@link #asMap()}).
 *
 * @param mode quick, full or chaos
 * @param shops number of fake shops
 * @param skus number of SKUs, stocked on every shop
 * @param initialStock starting stock of every SKU (large, so nothing clamps during the
 * run)
 * @param linesPerOrder lines of each order in the ingest and ledger phases
 * @param pacedRate webhooks per second of the paced ingest phase (ack latency)
 * @param pacedSeconds length of the paced ingest phase
 * @param burstOrders orders sent as fast as possible (ingest throughput, then ledger
 * throughput spread over SKUs)
 * @param hotOrders one-line orders on a single SKU (ledger hot-SKU throughput, flash-sale
 * politeness)
 * @param e2eRate orders per second of the end-to-end phase
 * @param e2eSeconds length of the end-to-end phase
 * @param e2eSkus how many SKUs the end-to-end orders are spread over
 * @param singleWriteMs simulated WooCommerce cost of a single stock write
 * @param batchItemMs simulated WooCommerce cost per item of a batch write
 * @param connections concurrent webhook connections of the load generator
 * @param jvmOptions JVM options of the three services
 * @param jfr services to record with Java Flight Recorder (comma separated), summarised
 * at the end
 * @param convergeSeconds how long to wait for shops to converge before giving up
 * @param firstOrder 1: restart the ledger and propagator and time the first order after
 * the start (0 skips)
 * @param calmOrders sequential single-unit orders of the calm-latency phase (0 skips)
 * @param ingestRates offered rates (webhooks/s, comma separated) of the ingest load test,
 * each with the ledger frozen and running (empty skips)
 * @param ingestSeconds length of each offered rate of the ingest load test
 * @param ingestWarmupSeconds seconds of webhooks at the first offered rate (1,000/s when
 * none is given), ledger frozen, before the ingest load test: the services' and the Kafka
 * broker's JIT compilers work for the first 20-30 s of load (reported, not measured
 * against a target; 0 skips)
 * @param ingestSaturation webhooks sent as fast as possible at the end of the ingest load
 * test, ledger frozen and running (0 skips), through {@code connections} connections
 * @param ingestSaturationConnections connections of a second saturation step (0 skips):
 * with 32, each connection waits for its answer, so the step's throughput is 32 divided
 * by the latency, and the latency grows with the ledger and propagator on the same cores;
 * many shops' PHP workers deliver through many more at once, and this step shows what
 * ingest accepts when enough deliveries are in flight
 * @param ingestDuplicates deliveries of one and the same order as fast as possible (what
 * a load tool sends; 0 skips)
 * @param backlogChanges stock changes produced while one shop is paused (0 skips the
 * backlog phase)
 * @param backlogSkus SKUs those changes are spread over (more SKUs than {@code skus} are
 * added to every shop)
 * @param handEdit 1: a hand edit on one shop, restored; and on the last shop (sites file
 * {@code hand-edits: adopt}) adopted (0 skips)
 * @param requestCap the propagator's request starts per second per shop (its default);
 * the end-to-end phase reports each shop's busiest second against it
 * @param shopifyShops fake Shopify stores in the pool besides the {@code shops}
 * WooCommerce ones (0: none, the classic bench); they get the same SKUs and stock and an
 * equal share of the orders of the paced, burst, hot-SKU and end-to-end phases, as signed
 * {@code orders/create} webhooks
 * @param shopifyRestoreRate the fake Shopify stores' GraphQL cost bucket restore rate in
 * points per second (100: the Standard plan's, with a 2,000-point bucket)
 * @param batchNice the CPU priority ({@code nice}) of the ledger, the propagator and
 * PostgreSQL, as run-local.sh gives them ({@code RUN_LOCAL_BATCH_NICE}, 10): on shared
 * cores the webhook's path (ingest, Kafka) comes first and the work behind Kafka catches
 * up after a burst (0: all at the same priority)
 */
record Settings(String mode, int shops, int skus, long initialStock, int linesPerOrder, int pacedRate, int pacedSeconds,
		int burstOrders, int hotOrders, int e2eRate, int e2eSeconds, int e2eSkus, int singleWriteMs, int batchItemMs,
		int connections, String jvmOptions, Set<String> jfr, int convergeSeconds, int firstOrder, int calmOrders,
		String ingestRates, int ingestSeconds, int ingestWarmupSeconds, int ingestSaturation,
		int ingestSaturationConnections, int ingestDuplicates, int backlogChanges, int backlogSkus, int handEdit,
		int requestCap, int shopifyShops, int shopifyRestoreRate, int batchNice) {

	/**
	 * The services' JVM options wherever they run (run-local.sh, the image, deploy/): the
	 * argument file {@code config/jvm.options} of the repository; a service's own file
	 * ({@code config/ledger-service.jvm.options}) is added right after it.
	 */
	static final String DEFAULT_JVM = "@config/jvm.options";

	/** run-local.sh's default {@code RUN_LOCAL_BATCH_NICE}. */
	static final int DEFAULT_BATCH_NICE = 10;

	static Settings of(String mode) {
		return switch (mode) {
			case "quick" -> new Settings(mode, 3, 200, 1_000_000, 2, 1000, 5, 10_000, 2000, 200, 10, 20, 70, 27, 32,
					DEFAULT_JVM, Set.of(), 120, 1, 100, "1000,2500,5000", 2, 30, 5000, 256, 5000, 10_000, 1000, 1, 5, 0,
					100, DEFAULT_BATCH_NICE);
			case "full" -> new Settings(mode, 6, 10_000, 1_000_000, 2, 1000, 10, 40_000, 10_000, 200, 30, 20, 70, 27,
					32, DEFAULT_JVM, Set.of(), 600, 1, 300, "1000,2500,5000", 10, 30, 20_000, 256, 20_000, 100_000,
					10_000, 1, 5, 0, 100, DEFAULT_BATCH_NICE);
			case "ingest" ->
				new Settings(mode, 3, 200, 1_000_000, 1, 0, 0, 0, 0, 0, 0, 20, 70, 27, 32, DEFAULT_JVM, Set.of(), 120,
						0, 0, "1000,2500,5000", 10, 30, 20_000, 256, 20_000, 0, 0, 0, 5, 0, 100, DEFAULT_BATCH_NICE);
			case "chaos" -> new Settings(mode, 3, 200, 1_000_000, 2, 30, 0, 0, 0, 0, 0, 0, 70, 27, 8, DEFAULT_JVM,
					Set.of(), 300, 0, 0, "", 0, 0, 0, 0, 0, 0, 0, 0, 5, 0, 100, DEFAULT_BATCH_NICE);
			default -> throw new IllegalArgumentException("unknown mode '" + mode + "' (quick, full, ingest, chaos)");
		};
	}

	/** Applies {@code --name value} overrides. */
	Settings with(Map<String, String> overrides) {
		Map<String, String> values = asMap();
		overrides.forEach((key, value) -> {
			if (!values.containsKey(key) || key.equals("mode")) {
				throw new IllegalArgumentException("unknown option --" + key + " (options: " + values.keySet() + ")");
			}
			values.put(key, value);
		});
		return new Settings(this.mode, i(values, "shops"), i(values, "skus"),
				Long.parseLong(values.get("initialStock")), i(values, "linesPerOrder"), i(values, "pacedRate"),
				i(values, "pacedSeconds"), i(values, "burstOrders"), i(values, "hotOrders"), i(values, "e2eRate"),
				i(values, "e2eSeconds"), i(values, "e2eSkus"), i(values, "singleWriteMs"), i(values, "batchItemMs"),
				i(values, "connections"), values.get("jvmOptions"), set(values.get("jfr")),
				i(values, "convergeSeconds"), i(values, "firstOrder"), i(values, "calmOrders"),
				values.get("ingestRates"), i(values, "ingestSeconds"), i(values, "ingestWarmupSeconds"),
				i(values, "ingestSaturation"), i(values, "ingestSaturationConnections"), i(values, "ingestDuplicates"),
				i(values, "backlogChanges"), i(values, "backlogSkus"), i(values, "handEdit"), i(values, "requestCap"),
				i(values, "shopifyShops"), i(values, "shopifyRestoreRate"), i(values, "batchNice"));
	}

	Map<String, String> asMap() {
		Map<String, String> map = new LinkedHashMap<>();
		map.put("mode", this.mode);
		map.put("shops", Integer.toString(this.shops));
		map.put("skus", Integer.toString(this.skus));
		map.put("initialStock", Long.toString(this.initialStock));
		map.put("linesPerOrder", Integer.toString(this.linesPerOrder));
		map.put("pacedRate", Integer.toString(this.pacedRate));
		map.put("pacedSeconds", Integer.toString(this.pacedSeconds));
		map.put("burstOrders", Integer.toString(this.burstOrders));
		map.put("hotOrders", Integer.toString(this.hotOrders));
		map.put("e2eRate", Integer.toString(this.e2eRate));
		map.put("e2eSeconds", Integer.toString(this.e2eSeconds));
		map.put("e2eSkus", Integer.toString(this.e2eSkus));
		map.put("singleWriteMs", Integer.toString(this.singleWriteMs));
		map.put("batchItemMs", Integer.toString(this.batchItemMs));
		map.put("connections", Integer.toString(this.connections));
		map.put("jvmOptions", this.jvmOptions);
		map.put("jfr", String.join(",", new TreeSet<>(this.jfr)));
		map.put("convergeSeconds", Integer.toString(this.convergeSeconds));
		map.put("firstOrder", Integer.toString(this.firstOrder));
		map.put("calmOrders", Integer.toString(this.calmOrders));
		map.put("ingestRates", this.ingestRates);
		map.put("ingestSeconds", Integer.toString(this.ingestSeconds));
		map.put("ingestWarmupSeconds", Integer.toString(this.ingestWarmupSeconds));
		map.put("ingestSaturation", Integer.toString(this.ingestSaturation));
		map.put("ingestSaturationConnections", Integer.toString(this.ingestSaturationConnections));
		map.put("ingestDuplicates", Integer.toString(this.ingestDuplicates));
		map.put("backlogChanges", Integer.toString(this.backlogChanges));
		map.put("backlogSkus", Integer.toString(this.backlogSkus));
		map.put("handEdit", Integer.toString(this.handEdit));
		map.put("requestCap", Integer.toString(this.requestCap));
		map.put("shopifyShops", Integer.toString(this.shopifyShops));
		map.put("shopifyRestoreRate", Integer.toString(this.shopifyRestoreRate));
		map.put("batchNice", Integer.toString(this.batchNice));
		return map;
	}

	Duration singleWriteCost() {
		return Duration.ofMillis(this.singleWriteMs);
	}

	Duration batchItemCost() {
		return Duration.ofMillis(this.batchItemMs);
	}

	/** The offered rates of the ingest load test, in the order given. */
	List<Integer> ingestRateList() {
		List<Integer> rates = new ArrayList<>();
		if (this.ingestRates != null && !this.ingestRates.isBlank()) {
			for (String rate : this.ingestRates.trim().split("\\s*,\\s*")) {
				int value = Integer.parseInt(rate.replace("_", ""));
				if (value <= 0) {
					throw new IllegalArgumentException("--ingestRates: rates must be positive, got " + rate);
				}
				rates.add(value);
			}
		}
		return rates;
	}

	/**
	 * Every SKU on the shops: the {@code skus} of the classic phases, plus the extra ones
	 * the backlog phase spreads over.
	 */
	int allSkus() {
		return Math.max(this.skus, (this.backlogChanges > 0) ? this.backlogSkus : 0);
	}

	private static int i(Map<String, String> values, String key) {
		return Integer.parseInt(values.get(key).replace("_", ""));
	}

	private static Set<String> set(String value) {
		return (value == null || value.isBlank()) ? Set.of()
				: new TreeSet<>(Arrays.asList(value.trim().split("\\s*,\\s*")));
	}

}
