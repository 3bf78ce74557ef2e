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
import java.util.Random;
import java.util.concurrent.ConcurrentHashMap;

import io.stocksync.bench.Webhooks.Delivery;
import io.stocksync.fakeshop.FakeShop;
import io.stocksync.fakeshop.shopify.FakeShopify;

/**
 * The benchmark: starts the real stack, then runs its phases and reports each figure next
 * to its target.
 * <ol>
 * <li>seed: the pool is imported from shop1 (shops at zero cost; seeding is not
 * measured);</li>
 * <li>ingest, paced: {@code pacedRate} webhooks/s for {@code pacedSeconds}, ack latency
 * p50/p99;</li>
 * <li>ingest, burst: the ledger is frozen (SIGSTOP) and {@code burstOrders} webhooks go
 * in as fast as ingest takes them: verified webhooks/s;</li>
 * <li>ledger, spread: the ledger is resumed (SIGCONT) and drains that backlog: order
 * lines/s from its consumer group's committed offsets;</li>
 * <li>propagation catch-up of that backlog, shops still at zero cost (the propagator's
 * own overhead);</li>
 * <li>ledger, hot SKU / flash sale, shops at real WooCommerce cost: {@code hotOrders}
 * one-line orders on one SKU, lines/s, then shop requests per stock change;</li>
 * <li>end to end at real cost: {@code e2eRate} orders/s over {@code e2eSkus} SKUs for
 * {@code e2eSeconds}: latency from webhook accepted to the last shop written, shop
 * requests per second and busy time;</li>
 * <li>correctness: every SKU's on_hand and every shop's quantity equal the expected
 * values;</li>
 * <li>peak RSS and CPU of every component.</li>
 * </ol>
 */
final class Bench {

	final Settings settings;

	final Stack stack;

	final Report report;

	final Random random = new Random(42);

	/*
	 * SKU -> on_hand the pool should hold: initial stock minus every order ingest
	 * accepted
	 */
	final Map<String, Long> expected = new ConcurrentHashMap<>();

	/** The SKUs of the classic phases (the first {@code skus}). */
	final List<String> skus = new ArrayList<>();

	/** Every SKU on the shops (more when the backlog phase spreads over more). */
	final List<String> allSkus = new ArrayList<>();

	/** Extra listeners of every shop's stock writes (shop index, SKU, quantity). */
	final List<ShopStockListener> stockListeners = new java.util.concurrent.CopyOnWriteArrayList<>();

	KafkaProgress kafka;

	Ledger ledger;

	private EndToEnd endToEnd;

	Bench(Settings settings, Stack stack, Report report) {
		this.settings = settings;
		this.stack = stack;
		this.report = report;
	}

	static List<String> skuNames(int count) {
		List<String> names = new ArrayList<>();
		for (int i = 0; i < count; i++) {
			names.add(String.format("BENCH-%05d", i));
		}
		return names;
	}

	void run() {
		long started = System.nanoTime();
		prepare();
		awaitFirstOrderPoll();
		measuringSince = java.time.Instant.now();
		LatencyPhases latency = new LatencyPhases(this);
		if (this.settings.calmOrders() > 0) {
			latency.calm();
		}
		if (this.settings.pacedSeconds() > 0 && this.settings.pacedRate() > 0) {
			pacedIngest();
		}
		if (this.settings.burstOrders() > 0) {
			burstAndLedgerSpread();
		}
		if (!this.settings.ingestRateList().isEmpty() || this.settings.ingestSaturation() > 0
				|| this.settings.ingestDuplicates() > 0) {
			new IngestLoad(this).run();
		}
		setCosts(this.settings.singleWriteCost(), this.settings.batchItemCost());
		if (this.settings.hotOrders() > 0) {
			hotSku();
		}
		if (this.settings.e2eSeconds() > 0 && this.settings.e2eRate() > 0) {
			endToEnd();
		}
		if (this.settings.firstOrder() > 0) {
			// after the measured throughput phases: the restarted services' JIT warm-up
			// would otherwise weigh on them
			latency.firstOrderAfterStart();
		}
		if (this.settings.backlogChanges() > 0) {
			new BacklogPhase(this).run();
		}
		if (this.settings.handEdit() > 0) {
			latency.handEdits();
		}
		correctness();
		usage();
		this.report.section("startup").put("totalSeconds", seconds(System.nanoTime() - started));
	}

	private static volatile java.time.Instant measuringSince;

	/** When the first measured phase began (profiles leave out start-up and seeding). */
	static java.time.Instant measuringSince() {
		return measuringSince;
	}

	/** Starts the stack and seeds the pool from shop1 (shops at zero cost). */
	void prepare() {
		this.allSkus.addAll(skuNames(this.settings.allSkus()));
		this.skus.addAll(this.allSkus.subList(0, Math.min(this.settings.skus(), this.allSkus.size())));
		long started = System.nanoTime();
		log("starting the stack: Kafka, PostgreSQL, " + this.settings.shops() + " fake shops"
				+ ((this.settings.shopifyShops() > 0)
						? " and " + this.settings.shopifyShops() + " fake Shopify store(s) (bucket 2000 points, "
								+ this.settings.shopifyRestoreRate() + " points/s)"
						: "")
				+ " with " + this.allSkus.size() + " SKUs, ingest, ledger, propagator");
		this.stack.start(this.allSkus, this.settings.initialStock());
		this.report.section("startup").put("stackStartSeconds", seconds(System.nanoTime() - started));
		this.kafka = new KafkaProgress(this.stack.kafkaBootstrap());
		this.ledger = new Ledger(this.stack);
		this.endToEnd = new EndToEnd(storeCount(), Math.max(1, this.settings.e2eRate() * this.settings.e2eSeconds()));
		List<FakeShop> shops = this.stack.shops();
		List<FakeShopify> stores = this.stack.shopifyStores();
		for (int i = 0; i < stores.size(); i++) {
			// end to end only: the other phases' listeners watch the WooCommerce shops
			int index = shops.size() + i;
			stores.get(i).onAvailableSet((sku, quantity) -> this.endToEnd.stockSet(index, sku, quantity));
		}
		for (int i = 0; i < shops.size(); i++) {
			int index = i;
			shops.get(i).onStockSet((sku, quantity) -> {
				this.endToEnd.stockSet(index, sku, quantity);
				for (ShopStockListener listener : this.stockListeners) {
					listener.stockSet(index, sku, quantity);
				}
			});
		}
		seed();
		measuringSince = java.time.Instant.now();
	}

	/*
	 * Ingest's missed-order poll first runs 30 s after ingest starts, then every 5
	 * minutes, and reads every order modified since ingest started. Left alone, that
	 * first poll lands in whichever phase runs then and reads that phase's orders (up to
	 * 20,000 in a drain: a fifth of a core of ingest and the fake shops, and hundreds of
	 * orders published a second time once ingest no longer remembers them). Waiting for
	 * it here keeps it out of every measured phase; it then finds nothing to read.
	 */
	private void awaitFirstOrderPoll() {
		ActuatorMetrics metrics = new ActuatorMetrics(this.stack);
		int shops = this.settings.shops();
		long started = System.nanoTime();
		log("waiting for ingest's first scheduled order poll (30 s after its start), so that no measured phase"
				+ " shares the cores with it");
		Stack.await("ingest's first order poll of " + shops + " shops", Duration.ofSeconds(120),
				this.stack.proc("ingest"),
				() -> metrics.statistic("ingest", "stocksync.ingest.poll.runs", "COUNT").orElse(0) >= shops);
		this.report.section("startup").put("firstOrderPollWaitSeconds", seconds(System.nanoTime() - started));
	}

	// ---- phases
	// --------------------------------------------------------------------------------------------------

	private void seed() {
		setCosts(Duration.ZERO, Duration.ZERO);
		long started = System.nanoTime();
		log("seeding the pool: POST /admin/stock/import?fromShop=shop1");
		long importStart = System.nanoTime();
		this.ledger.importFrom("shop1");
		this.report.section("startup").put("importRequestSeconds", seconds(System.nanoTime() - importStart));
		Stack.await("the import of " + this.allSkus.size() + " SKUs",
				Duration.ofSeconds(this.settings.convergeSeconds()), this.stack.proc("ledger"),
				() -> this.ledger.onHand().size() == this.allSkus.size());
		this.allSkus.forEach((sku) -> this.expected.put(sku, this.settings.initialStock()));
		awaitQuiet("seeding", Duration.ofSeconds(this.settings.convergeSeconds()));
		this.report.section("startup").put("seedSeconds", seconds(System.nanoTime() - started));
	}

	private void pacedIngest() {
		int count = this.settings.pacedRate() * this.settings.pacedSeconds();
		List<Delivery> deliveries = generate(count, this.settings.linesPerOrder(), false, 3);
		log("ingest, paced: " + count + " webhooks at " + this.settings.pacedRate() + "/s");
		LoadGenerator.startClean();
		Map<String, long[]> before = this.stack.usage();
		// Enough connections that the generator never waits for one (rate x 200 ms of
		// latency), like many shops'
		// PHP workers delivering at once.
		int connections = Math.max(this.settings.connections(), this.settings.pacedRate() / 5);
		LoadGenerator.Result result = LoadGenerator.run(deliveries, this.stack.port("ingest"), connections,
				this.settings.pacedRate(), acceptor(null));
		Percentiles latency = result.okLatencies();
		Map<String, Object> section = this.report.section("ingestPaced");
		section.put("targetRate", this.settings.pacedRate());
		section.put("connections", connections);
		section.put("sent", result.sent());
		section.put("accepted", result.okCount());
		section.put("statuses", statusCounts(result));
		section.put("achievedPerSecond", round(result.okPerSecond()));
		section.put("ackLatency", latency.asMap());
		section.put("cpuPercent", cpuPercent(before, result.elapsedNanos()));
		log("  " + latency);
		this.report.row("ingest ack latency p50 @" + this.settings.pacedRate() + "/s", ms(latency.p50()), "", "");
		this.report.row("ingest ack latency p99 @" + this.settings.pacedRate() + "/s", ms(latency.p99()), "< 50 ms",
				Report.verdict(latency.p99() < 50 && result.okCount() == result.sent()));
	}

	private void burstAndLedgerSpread() {
		awaitQuiet("before the burst", Duration.ofSeconds(this.settings.convergeSeconds()));
		int count = this.settings.burstOrders();
		List<Delivery> deliveries = generate(count, this.settings.linesPerOrder(), false, 3);
		long lines = (long) count * this.settings.linesPerOrder();
		log("ingest, burst: " + count + " webhooks (" + lines + " lines) as fast as possible, ledger frozen");
		// (the propagator keeps running during the burst: it has nothing to do while the
		// ledger is frozen)
		Map<String, long[]> before = this.stack.usage();
		FrozenLoad frozen = sendWithLedgerFrozen(deliveries);
		LoadGenerator.Result result = frozen.result();
		long committedBefore = frozen.committedBefore();
		Percentiles latency = result.okLatencies();
		Map<String, Object> ingest = this.report.section("ingestBurst");
		ingest.put("sent", result.sent());
		ingest.put("accepted", result.okCount());
		ingest.put("statuses", statusCounts(result));
		ingest.put("acceptedPerSecond", round(result.okPerSecond()));
		ingest.put("ackLatency", latency.asMap());
		ingest.put("connections", this.settings.connections());
		ingest.put("cpuPercent", cpuPercent(before, result.elapsedNanos()));
		log(String.format("  %.0f webhooks/s, %s", result.okPerSecond(), latency));
		this.report.row("ingest verified webhooks/s (max)", String.format("%.0f", result.okPerSecond()), ">= 5,000",
				Report.verdict(result.okPerSecond() >= 5000));

		// The propagator is frozen while the ledger drains, so that its catch-up (and the
		// shops it writes, in this
		// JVM) does not take the CPU the ledger is being measured on; it catches up
		// afterwards.
		this.stack.proc("propagator").pause();
		double perSecond;
		try {
			perSecond = drainLedger("ledgerSpread", result.okCount(), this.settings.linesPerOrder(), committedBefore);
		}
		finally {
			this.stack.proc("propagator").resume();
		}
		this.report.row("ledger order lines/s (spread over SKUs)", String.format("%.0f", perSecond), ">= 20,000",
				Report.verdict(perSecond >= 20_000));

		long catchUpStart = System.nanoTime();
		Map<String, Long> writesBefore = shopWrites();
		awaitQuiet("propagation of the burst", Duration.ofSeconds(this.settings.convergeSeconds()));
		double catchUp = seconds(System.nanoTime() - catchUpStart);
		Map<String, Object> propagation = this.report.section("propagationCatchUpZeroCost");
		propagation.put("seconds", catchUp);
		propagation.put("shopWriteRequests", diff(shopWrites(), writesBefore));
		propagation.put("note",
				"shops at zero cost: the propagator's own overhead on a backlog of " + lines + " stock changes");
		this.report.row("propagation catch-up of the burst (0-cost shops)", String.format("%.1f s", catchUp), "", "");
	}

	/**
	 * Freezes the ledger and sends the deliveries as fast as the connections take them.
	 * The ledger stays frozen (unless the load fails) until {@link #drainLedger} starts
	 * its clock.
	 */
	private FrozenLoad sendWithLedgerFrozen(List<Delivery> deliveries) {
		this.stack.proc("ledger").pause();
		try {
			LoadGenerator.startClean();
			LoadGenerator.Result result = LoadGenerator.run(deliveries, this.stack.port("ingest"),
					this.settings.connections(), 0, acceptor(null));
			return new FrozenLoad(result, this.kafka.committed(KafkaProgress.LEDGER_GROUP, KafkaProgress.ORDER_EVENTS));
		}
		catch (RuntimeException | Error ex) {
			// never leave the ledger frozen
			this.stack.proc("ledger").resume();
			throw ex;
		}
	}

	/** A load sent with the ledger frozen, and what the ledger had committed by then. */
	private record FrozenLoad(LoadGenerator.Result result, long committedBefore) {
	}

	/**
	 * Resumes the frozen ledger and measures the time until its group has committed every
	 * order event (counted from what it had committed while frozen); returns lines per
	 * second. The clock starts as the ledger is let go, so none of its work falls outside
	 * the measurement. The committed offsets are read every 50 ms: reading them every 10
	 * ms cost Kafka and this JVM a quarter of a core each during the drain (measured),
	 * which the ledger then lacked; every 100 ms rounded a half-second drain up by as
	 * much as a fifth.
	 */
	private double drainLedger(String name, long events, int linesPerEvent, long committedAtStart) {
		Map<String, long[]> before = this.stack.usage();
		ThreadCpu threadsBefore = this.stack.threads();
		long end;
		long start;
		try {
			end = this.kafka.end(KafkaProgress.ORDER_EVENTS);
		}
		finally {
			start = System.nanoTime();
			this.stack.proc("ledger").resume();
		}
		long firstProgress = 0;
		long deadline = start + Duration.ofSeconds(this.settings.convergeSeconds()).toNanos();
		long committed = committedAtStart;
		while (committed < end && System.nanoTime() < deadline) {
			Stack.pauseFor(Duration.ofMillis(50));
			committed = this.kafka.committed(KafkaProgress.LEDGER_GROUP, KafkaProgress.ORDER_EVENTS);
			if (firstProgress == 0 && committed > committedAtStart) {
				firstProgress = System.nanoTime();
			}
		}
		long elapsed = System.nanoTime() - start;
		Map<String, Double> threads = threadCpu(threadsBefore, elapsed);
		long consumed = committed - committedAtStart;
		double lines = (double) consumed * linesPerEvent;
		double perSecond = lines * 1e9 / Math.max(1, elapsed);
		Map<String, Object> section = this.report.section(name);
		section.put("orderEvents", consumed);
		section.put("orderLines", (long) lines);
		section.put("backlogEvents", end - committedAtStart);
		section.put("acceptedEvents", events);
		section.put("drainSeconds", seconds(elapsed));
		section.put("secondsToFirstCommit", (firstProgress > 0) ? seconds(firstProgress - start) : null);
		section.put("linesPerSecond", round(perSecond));
		section.put("completed", committed >= end);
		section.put("cpuPercent", cpuPercent(before, elapsed));
		section.put("threadCpuPercent", threads);
		log(String.format("  ledger drained %d events (%d lines) in %.1f s: %.0f lines/s", consumed, (long) lines,
				seconds(elapsed), perSecond));
		return perSecond;
	}

	private void hotSku() {
		awaitQuiet("before the hot SKU", Duration.ofSeconds(this.settings.convergeSeconds()));
		String hot = this.skus.get(0);
		int count = this.settings.hotOrders();
		List<Delivery> deliveries = new ArrayList<>();
		for (int i = 0; i < count; i++) {
			deliveries.add(orderOnAnyStore(Map.of(hot, 1)));
		}
		log("ledger, hot SKU / flash sale: " + count + " one-line orders on " + hot + ", shops at "
				+ this.settings.singleWriteMs() + " ms/write, " + this.settings.batchItemMs() + " ms/batch item");
		FrozenLoad frozen = sendWithLedgerFrozen(deliveries);
		LoadGenerator.Result result = frozen.result();
		long committedBefore = frozen.committedBefore();
		Map<String, Long> writesBefore = shopWrites();
		long start = System.nanoTime();
		double perSecond = drainLedger("ledgerHotSku", result.okCount(), 1, committedBefore);
		this.report.row("ledger order lines/s (one hot SKU)", String.format("%.0f", perSecond), ">= 5,000",
				Report.verdict(perSecond >= 5000));
		awaitQuiet("propagation of the flash sale", Duration.ofSeconds(this.settings.convergeSeconds()));
		double elapsed = seconds(System.nanoTime() - start);
		Map<String, Long> writes = diff(shopWrites(), writesBefore);
		double maxPerChange = writes.values().stream().mapToLong(Long::longValue).max().orElse(0)
				/ (double) Math.max(1, result.okCount());
		Map<String, Object> section = this.report.section("flashSale");
		section.put("stockChanges", result.okCount());
		section.put("shopWriteRequests", writes);
		section.put("maxRequestsPerChangePerShop", round4(maxPerChange));
		section.put("secondsUntilShopsConverged", elapsed);
		this.report.row("shop requests per stock change (flash sale)", String.format("%.4f", maxPerChange), "<= 0.2",
				Report.verdict(maxPerChange <= 0.2));
	}

	private void endToEnd() {
		awaitQuiet("before the end-to-end phase", Duration.ofSeconds(this.settings.convergeSeconds()));
		int count = this.settings.e2eRate() * this.settings.e2eSeconds();
		List<String> pool = this.skus.subList(1, Math.min(this.skus.size(), 1 + this.settings.e2eSkus()));
		Map<String, Long> planned = new LinkedHashMap<>();
		pool.forEach((sku) -> planned.put(sku, this.expected.get(sku)));
		List<Delivery> deliveries = new ArrayList<>();
		for (int i = 0; i < count; i++) {
			String sku = pool.get(this.random.nextInt(pool.size()));
			Delivery delivery = orderOnAnyStore(Map.of(sku, 1));
			deliveries.add(delivery);
			long after = planned.merge(sku, -1L, Long::sum);
			this.endToEnd.expect(i, sku, after, delivery.key());
		}
		log("end to end: " + count + " orders at " + this.settings.e2eRate() + "/s over " + pool.size() + " SKUs, "
				+ this.settings.shops() + " shops at " + this.settings.singleWriteMs() + "/"
				+ this.settings.batchItemMs() + " ms");
		Map<String, Long> writesBefore = shopWrites();
		Map<String, Duration> busyBefore = busy();
		LoadGenerator.startClean();
		Map<String, long[]> usageBefore = this.stack.usage();
		Map<String, int[]> shopifyBefore = new LinkedHashMap<>();
		this.stack.shopifyStores()
			.forEach((store) -> shopifyBefore.put(this.stack.id(store),
					new int[] { store.graphqlRequests(), store.throttledResponses() }));
		java.time.Instant loadFrom = java.time.Instant.now();
		long start = System.nanoTime();
		LoadGenerator.Result result = LoadGenerator.run(deliveries, this.stack.port("ingest"),
				Math.max(this.settings.connections(), this.settings.e2eRate() / 5), this.settings.e2eRate(),
				acceptor(this.endToEnd));
		long loadNanos = System.nanoTime() - start;
		Map<String, Long> writesDuringLoad = diff(shopWrites(), writesBefore);
		Map<String, Duration> busyDuringLoad = busyDiff(busy(), busyBefore);
		Map<String, Object> cpu = cpuPercent(usageBefore, loadNanos);
		Stack.await("every end-to-end order to reach every shop", Duration.ofSeconds(this.settings.convergeSeconds()),
				null, () -> this.endToEnd.pending() == 0);
		java.time.Instant loadTo = java.time.Instant.now();
		this.endToEnd.stop();
		EndToEnd.Outcome outcome = this.endToEnd.outcome();
		Map<String, Object> section = this.report.section("endToEnd");
		section.put("orders", count);
		section.put("rate", this.settings.e2eRate());
		section.put("skus", pool.size());
		section.put("accepted", result.okCount());
		section.put("ackLatency", result.okLatencies().asMap());
		section.put("latency", outcome.latency().asMap());
		section.put("notConverged", outcome.notConverged());
		try {
			// Where the time went: the ledger's audit trail says when each order was
			// applied.
			long wallAtNano = System.currentTimeMillis();
			long nanoAtWall = System.nanoTime();
			Percentiles[] split = this.endToEnd.split(appliedAt(this.stack.jdbcUrl()),
					(nanos) -> wallAtNano + (nanos - nanoAtWall) / 1_000_000L);
			section.put("acceptedToLedgerApplied", split[0].asMap());
			section.put("ledgerAppliedToLastShop", split[1].asMap());
			this.report.row("  of which accepted -> ledger applied (p50 / p99)",
					ms(split[0].p50()) + " / " + ms(split[0].p99()), "", "");
			this.report.row("  of which ledger applied -> last shop (p50 / p99)",
					ms(split[1].p50()) + " / " + ms(split[1].p99()), "", "");
		}
		catch (RuntimeException ex) {
			section.put("split", "unavailable: " + ex.getMessage());
		}
		section.put("refused", outcome.refused());
		double loadSeconds = seconds(loadNanos);
		Map<String, Object> perShop = new LinkedHashMap<>();
		double maxRequestsPerSecond = 0;
		double maxBusy = 0;
		double maxPerChange = 0;
		for (String shop : writesDuringLoad.keySet()) {
			long writes = writesDuringLoad.get(shop);
			Duration busyTime = busyDuringLoad.get(shop); // none for a Shopify store
			Map<String, Object> entry = new LinkedHashMap<>();
			entry.put("writeRequests", writes);
			entry.put("requestsPerSecond", round(writes / loadSeconds));
			entry.put("requestsPerStockChange", round4(writes / (double) Math.max(1, result.okCount())));
			if (busyTime != null) {
				double busyShare = busyTime.toNanos() / (double) loadNanos;
				entry.put("busyPercent", round(100 * busyShare));
				maxBusy = Math.max(maxBusy, busyShare);
			}
			perShop.put(shop, entry);
			maxRequestsPerSecond = Math.max(maxRequestsPerSecond, writes / loadSeconds);
			maxPerChange = Math.max(maxPerChange, writes / (double) Math.max(1, result.okCount()));
		}
		int busiest = 0;
		for (FakeShop shop : this.stack.shops()) {
			int inOneSecond = busiestSecond(shop, loadFrom, loadTo);
			@SuppressWarnings("unchecked")
			Map<String, Object> entry = (Map<String, Object>) perShop.get(shop.id());
			entry.put("writeRequestsInBusiestSecond", inOneSecond);
			busiest = Math.max(busiest, inOneSecond);
		}
		for (FakeShopify store : this.stack.shopifyStores()) {
			String id = this.stack.id(store);
			int inOneSecond = busiestShopifySecond(store, loadFrom, loadTo);
			@SuppressWarnings("unchecked")
			Map<String, Object> entry = (Map<String, Object>) perShop.get(id);
			entry.put("platform", "shopify");
			entry.put("writeRequestsInBusiestSecond", inOneSecond);
			int graphql = store.graphqlRequests() - shopifyBefore.get(id)[0];
			int throttled = store.throttledResponses() - shopifyBefore.get(id)[1];
			entry.put("graphqlRequests", graphql);
			entry.put("throttledResponses", throttled);
			entry.put("restoreRatePointsPerSecond", this.settings.shopifyRestoreRate());
			busiest = Math.max(busiest, inOneSecond);
			this.report.row("Shopify " + id + ": inventorySetQuantities/s, busiest second, GraphQL requests, THROTTLED",
					String.format("%.2f, %d, %d, %d", (long) entry.get("writeRequests") / loadSeconds, inOneSecond,
							graphql, throttled),
					"", "");
		}
		section.put("shops", perShop);
		section.put("requestCapPerSecond", this.settings.requestCap());
		section.put("cpuPercent", cpu);
		log("  end to end " + outcome.latency() + ", not converged " + outcome.notConverged());
		Percentiles latency = outcome.latency();
		this.report.row(
				"end to end p50 @" + this.settings.e2eRate() + " orders/s, " + this.settings.shops() + " shops"
						+ ((this.settings.shopifyShops() > 0) ? " + " + this.settings.shopifyShops() + " Shopify" : ""),
				ms(latency.p50()), "", "");
		this.report.row("end to end p95", ms(latency.p95()), "", "");
		this.report.row("end to end p99", ms(latency.p99()), "< 1 s",
				Report.verdict(latency.p99() < 1000 && outcome.notConverged() == 0));
		this.report.row("shop write requests/s (max over shops)", String.format("%.2f", maxRequestsPerSecond), "", "");
		this.report.row("shop write requests in its busiest second (max over shops)", Integer.toString(busiest),
				"<= " + this.settings.requestCap() + " (cap)", Report.verdict(busiest <= this.settings.requestCap()));
		this.report.row("shop busy time (max over shops)", String.format("%.0f %%", 100 * maxBusy), "< 100 %",
				Report.verdict(maxBusy < 1.0));
		this.report.row("shop requests per stock change (e2e)", String.format("%.4f", maxPerChange), "", "");
	}

	/**
	 * Order key -> when the ledger applied it (wall-clock ms), from
	 * {@code stock_movement}.
	 */
	static Map<String, Long> appliedAt(String jdbcUrl) {
		Map<String, Long> applied = new HashMap<>();
		try (Connection connection = DriverManager.getConnection(jdbcUrl, "postgres", "");
				PreparedStatement query = connection.prepareStatement(
						"select cause_ref, min(occurred_at) from stock_movement where cause_type = 'order' group by cause_ref");
				ResultSet rows = query.executeQuery()) {
			while (rows.next()) {
				applied.put(rows.getString(1), rows.getTimestamp(2).getTime());
			}
		}
		catch (SQLException ex) {
			throw new IllegalStateException("cannot read stock_movement: " + ex.getMessage(), ex);
		}
		return applied;
	}

	private void correctness() {
		log("correctness: waiting for every shop to converge");
		boolean quiet = true;
		try {
			awaitQuiet("final convergence", Duration.ofSeconds(this.settings.convergeSeconds()));
		}
		catch (IllegalStateException ex) {
			quiet = false;
			log("  " + ex.getMessage());
		}
		Check check = check();
		Map<String, Object> section = this.report.section("correctness");
		section.put("quiet", quiet);
		section.put("skus", this.allSkus.size());
		section.put("ledgerMismatches", check.ledgerMismatches());
		section.put("shopMismatches", check.shopMismatches());
		section.put("examples", check.examples());
		this.report.row("correctness: on_hand = expected (all SKUs)", check.ledgerMismatches() + " mismatches", "0",
				(check.ledgerMismatches() == 0) ? "PASS" : "FAIL");
		this.report.row("correctness: every shop = expected", check.shopMismatches() + " mismatches", "0",
				(check.shopMismatches() == 0) ? "PASS" : "FAIL");
		if (!this.stack.shopifyStores().isEmpty()) {
			section.put("shopifyMismatches", check.shopifyMismatches());
			this.report.row("correctness: of which Shopify stores (available) = expected",
					check.shopifyMismatches() + " mismatches", "0", (check.shopifyMismatches() == 0) ? "PASS" : "FAIL");
		}
	}

	/** Compares the ledger and every shop with the expected pool. */
	Check check() {
		Map<String, Long> onHand = this.ledger.onHand();
		int ledgerMismatches = 0;
		int shopMismatches = 0;
		List<String> examples = new ArrayList<>();
		for (String sku : this.allSkus) {
			long want = this.expected.get(sku);
			Long got = onHand.get(sku);
			if (got == null || got != want) {
				ledgerMismatches++;
				if (examples.size() < 10) {
					examples.add("ledger " + sku + ": on_hand " + got + ", expected " + want);
				}
			}
		}
		for (FakeShop shop : this.stack.shops()) {
			Map<String, Integer> stock = shop.stockBySku();
			for (String sku : this.allSkus) {
				long want = Math.max(0, this.expected.get(sku));
				Integer got = stock.get(sku);
				if (got == null || got != want) {
					shopMismatches++;
					if (examples.size() < 10) {
						examples.add(shop.id() + " " + sku + ": " + got + ", expected " + want);
					}
				}
			}
		}
		int shopifyMismatches = 0;
		for (FakeShopify store : this.stack.shopifyStores()) {
			Map<String, Integer> stock = store.availableBySku();
			for (String sku : this.allSkus) {
				long want = Math.max(0, this.expected.get(sku));
				Integer got = stock.get(sku);
				if (got == null || got != want) {
					shopMismatches++;
					shopifyMismatches++;
					if (examples.size() < 10) {
						examples.add(this.stack.id(store) + " " + sku + ": available " + got + ", expected " + want);
					}
				}
			}
		}
		return new Check(ledgerMismatches, shopMismatches, shopifyMismatches, examples);
	}

	/** A shop's stock write, with the shop's index in {@link Stack#shops()}. */
	@FunctionalInterface
	interface ShopStockListener {

		void stockSet(int shopIndex, String sku, Integer quantity);

	}

	/**
	 * @param shopMismatches SKUs whose quantity differs from the pool, over every store
	 * @param shopifyMismatches of those, on the Shopify stores ({@code available})
	 */
	record Check(int ledgerMismatches, int shopMismatches, int shopifyMismatches, List<String> examples) {
	}

	@SuppressWarnings("unchecked")
	void usage() {
		Map<String, Object> section = this.report.section("resources");
		StringBuilder cpu = new StringBuilder();
		this.stack.usage()
			.forEach((name, values) -> cpu.append((cpu.length() > 0) ? ", " : "")
				.append(name)
				.append(' ')
				.append(String.format("%.0f", values[1] / (double) ProcFs.TICKS_PER_SECOND)));
		this.report.row("CPU seconds over the run", cpu.toString(), "", "");
		this.stack.usage().forEach((name, values) -> {
			Map<String, Object> entry = new LinkedHashMap<>();
			entry.put("peakRssMb", values[0] / 1024);
			entry.put("cpuSeconds", round(values[1] / (double) ProcFs.TICKS_PER_SECOND));
			section.put(name, entry);
			boolean service = Stack.SERVICES.contains(name);
			if (name.equals("bench")) {
				return; // in the JSON only: the generator's own footprint is not a figure
						// of the system
			}
			this.report.row("peak RSS " + name, (values[0] / 1024) + " MB", service ? "< 300 MB" : "",
					service ? Report.verdict(values[0] / 1024 < 300) : "");
		});
		GcTime gc = new GcTime(this.stack);
		for (String service : Stack.SERVICES) {
			gc.percentOf(service).ifPresent((percent) -> {
				((Map<String, Object>) section.computeIfAbsent(service, (key) -> new LinkedHashMap<>()))
					.put("gcPercentOfUptime", round(percent));
				this.report.row("GC time " + service + " (share of its uptime)", String.format("%.1f %%", percent),
						"< 5 %", Report.verdict(percent < 5));
			});
		}
	}

	// ---- helpers
	// -------------------------------------------------------------------------------------------------

	/**
	 * Orders on random shops and random distinct SKUs (quantities 1..maxQuantity), built
	 * before a timed phase.
	 */
	List<Delivery> generate(int count, int lines, boolean includeHot, int maxQuantity) {
		long started = System.nanoTime();
		List<Delivery> deliveries = new ArrayList<>(count);
		int first = includeHot ? 0 : 1;
		for (int i = 0; i < count; i++) {
			Map<String, Integer> order = new LinkedHashMap<>();
			while (order.size() < Math.min(lines, this.skus.size() - first)) {
				order.put(this.skus.get(first + this.random.nextInt(this.skus.size() - first)),
						1 + this.random.nextInt(maxQuantity));
			}
			deliveries.add(orderOnAnyStore(order));
		}
		log(String.format("  built %d signed webhooks in %.1f s", count, seconds(System.nanoTime() - started)));
		return deliveries;
	}

	/**
	 * The stores orders are spread over: the WooCommerce shops and the Shopify stores.
	 */
	int storeCount() {
		return this.stack.shops().size() + this.stack.shopifyStores().size();
	}

	/**
	 * An order on a random store (each WooCommerce shop and each Shopify store has an
	 * equal share; without Shopify stores the same draws as {@link #pickShop()}), as the
	 * webhook that store sends.
	 */
	Delivery orderOnAnyStore(Map<String, Integer> lines) {
		List<FakeShop> shops = this.stack.shops();
		int index = this.random.nextInt(storeCount());
		if (index < shops.size()) {
			return Webhooks.order(shops.get(index), lines, this.stack.port("ingest"));
		}
		FakeShopify store = this.stack.shopifyStores().get(index - shops.size());
		String id = this.stack.id(store);
		return Webhooks.shopifyOrder(store, id, Stack.shopifySecret(id), lines, this.stack.port("ingest"));
	}

	FakeShop pickShop() {
		List<FakeShop> shops = this.stack.shops();
		return shops.get(this.random.nextInt(shops.size()));
	}

	/**
	 * Counts accepted orders into the expected pool (and feeds the end-to-end tracker).
	 */
	LoadGenerator.Listener acceptor(EndToEnd tracker) {
		return (index, delivery, status, body, due, done) -> {
			if (status == 200) {
				delivery.lines().forEach((sku, quantity) -> this.expected.merge(sku, (long) -quantity, Long::sum));
				if (tracker != null) {
					tracker.accepted(index, done);
				}
			}
			else if (tracker != null) {
				tracker.refused(index);
			}
		};
	}

	/**
	 * Waits until the ledger has consumed every order event and every shop's propagator
	 * group has committed every stock change, and the stock-changed topic stopped growing
	 * (the outbox is relayed).
	 */
	void awaitQuiet(String what, Duration timeout) {
		awaitQuiet(what, timeout, null);
	}

	/** As {@link #awaitQuiet(String, Duration)}, leaving out one shop (a paused one). */
	void awaitQuiet(String what, Duration timeout, String exceptShop) {
		long[] lastEnd = { -1 };
		Stack.await(what + " (all consumer groups caught up)", timeout, null, () -> {
			long end = this.kafka.end(KafkaProgress.STOCK_CHANGED);
			boolean quiet = this.kafka.lag(KafkaProgress.LEDGER_GROUP, KafkaProgress.ORDER_EVENTS) == 0
					&& this.kafka.lag("ledger-adjustments", "stocksync.stock-adjustments") == 0 && end == lastEnd[0];
			for (String shop : this.stack.allShopIds()) {
				if (!shop.equals(exceptShop)) {
					quiet = quiet && this.kafka.committed("propagator-" + shop, KafkaProgress.STOCK_CHANGED) >= end;
				}
			}
			lastEnd[0] = end;
			if (!quiet) {
				Stack.pauseFor(Duration.ofMillis(300));
			}
			return quiet;
		});
	}

	void setCosts(Duration single, Duration batchItem) {
		this.stack.shops().forEach((shop) -> shop.setCosts(single, batchItem));
	}

	/** REST write requests (anything but GET) received by each shop so far. */
	Map<String, Long> shopWrites() {
		Map<String, Long> writes = new LinkedHashMap<>();
		for (FakeShop shop : this.stack.shops()) {
			long count = shop.requestCount("POST", "/wp-json/") + shop.requestCount("PUT", "/wp-json/")
					+ shop.requestCount("PATCH", "/wp-json/");
			writes.put(shop.id(), count);
		}
		for (FakeShopify store : this.stack.shopifyStores()) {
			// a Shopify store's stock writes: inventorySetQuantities mutations that
			// passed
			// its cost bucket
			writes.put(this.stack.id(store), (long) store.setQuantitiesCalls().size());
		}
		return writes;
	}

	/**
	 * The most write requests (anything but GET under {@code /wp-json/}) the shop
	 * received within any one second between {@code from} and {@code to} (a sliding
	 * window over its request log of the last 1000 requests).
	 */
	static int busiestSecond(FakeShop shop, java.time.Instant from, java.time.Instant to) {
		List<java.time.Instant> times = new ArrayList<>();
		for (io.stocksync.fakeshop.RecordedRequest request : shop.recentRequests()) {
			if (!request.method().equals("GET") && request.path().startsWith("/wp-json/")
					&& !request.receivedAt().isBefore(from) && !request.receivedAt().isAfter(to)) {
				times.add(request.receivedAt());
			}
		}
		return mostInOneSecond(times);
	}

	/**
	 * The most {@code inventorySetQuantities} calls the Shopify store let through its
	 * bucket within any one second between {@code from} and {@code to}.
	 */
	static int busiestShopifySecond(FakeShopify store, java.time.Instant from, java.time.Instant to) {
		List<java.time.Instant> times = new ArrayList<>();
		for (FakeShopify.SetCall call : store.setQuantitiesCalls()) {
			if (!call.receivedAt().isBefore(from) && !call.receivedAt().isAfter(to)) {
				times.add(call.receivedAt());
			}
		}
		return mostInOneSecond(times);
	}

	private static int mostInOneSecond(List<java.time.Instant> times) {
		times.sort(null);
		int most = 0;
		int first = 0;
		for (int last = 0; last < times.size(); last++) {
			while (Duration.between(times.get(first), times.get(last)).toMillis() >= 1000) {
				first++;
			}
			most = Math.max(most, last - first + 1);
		}
		return most;
	}

	Map<String, Duration> busy() {
		Map<String, Duration> busy = new LinkedHashMap<>();
		this.stack.shops().forEach((shop) -> busy.put(shop.id(), shop.busyTime()));
		return busy;
	}

	static Map<String, Long> diff(Map<String, Long> after, Map<String, Long> before) {
		Map<String, Long> diff = new LinkedHashMap<>();
		after.forEach((key, value) -> diff.put(key, value - before.getOrDefault(key, 0L)));
		return diff;
	}

	static Map<String, Duration> busyDiff(Map<String, Duration> after, Map<String, Duration> before) {
		Map<String, Duration> diff = new LinkedHashMap<>();
		after.forEach((key, value) -> diff.put(key, value.minus(before.getOrDefault(key, Duration.ZERO))));
		return diff;
	}

	/** CPU of each component since {@code before}, in percent of one core. */
	Map<String, Object> cpuPercent(Map<String, long[]> before, long elapsedNanos) {
		Map<String, Object> cpu = new LinkedHashMap<>();
		this.stack.usage().forEach((name, values) -> {
			long ticks = values[1] - before.getOrDefault(name, new long[2])[1];
			cpu.put(name, round(100.0 * ticks / ProcFs.TICKS_PER_SECOND / (elapsedNanos / 1e9)));
		});
		return cpu;
	}

	/**
	 * The busiest threads since {@code before} (percent of one core), also logged: the
	 * profile of every measured step, without a profiler.
	 */
	Map<String, Double> threadCpu(ThreadCpu before, long elapsedNanos) {
		Map<String, Double> threads = this.stack.threads().since(before, elapsedNanos, 15);
		StringBuilder line = new StringBuilder("  busiest threads (% of a core):");
		threads.entrySet()
			.stream()
			.limit(8)
			.forEach((entry) -> line.append(String.format(" %s %.0f,", entry.getKey(), entry.getValue())));
		log(line.substring(0, line.length() - 1));
		return threads;
	}

	static Map<String, Long> statusCounts(LoadGenerator.Result result) {
		Map<String, Long> counts = new LinkedHashMap<>();
		for (int status : result.statuses()) {
			counts.merge((status == 0) ? "io_error" : Integer.toString(status), 1L, Long::sum);
		}
		return counts;
	}

	static double seconds(long nanos) {
		return Math.round(nanos / 1e8) / 10.0;
	}

	static double round(double value) {
		return Math.round(value * 10) / 10.0;
	}

	static double round4(double value) {
		return Math.round(value * 10000) / 10000.0;
	}

	static String ms(double value) {
		return Double.isNaN(value) ? "n/a" : String.format("%.1f ms", value);
	}

	static void log(String message) {
		System.out.printf("[bench %tT] %s%n", System.currentTimeMillis(), message);
		System.out.flush();
	}

}
