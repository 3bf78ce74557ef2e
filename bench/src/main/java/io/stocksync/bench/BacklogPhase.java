package io.stocksync.bench;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;

import io.stocksync.bench.Webhooks.Delivery;
import io.stocksync.fakeshop.FakeShop;

/**
 * Backlog drain (issue 11): the last shop is paused through the propagator's admin API,
 * {@code backlogChanges} stock changes are made over {@code backlogSkus} SKUs (orders of
 * {@code linesPerOrder} lines on the other shops, SKUs in turn so that a ledger batch
 * rarely holds one SKU twice), then the shop is resumed at real WooCommerce cost and the
 * time until it shows every SKU's pool quantity is measured, with the item writes and
 * requests it took, against the ideal of one batch item per SKU. Every quantity the shop
 * is written during the drain is checked: the pool only falls in this phase, so a write
 * higher than an earlier one of the same SKU is an older quantity landing after a newer
 * one.
 */
final class BacklogPhase {

	private final Bench bench;

	BacklogPhase(Bench bench) {
		this.bench = bench;
	}

	void run() {
		Bench b = this.bench;
		Duration timeout = Duration.ofSeconds(b.settings.convergeSeconds());
		b.awaitQuiet("before the backlog", timeout);
		List<FakeShop> shops = b.stack.shops();
		int pausedIndex = shops.size() - 1;
		FakeShop paused = shops.get(pausedIndex);
		int skuCount = Math.min(b.settings.backlogSkus(), b.allSkus.size());
		List<String> pool = b.allSkus.subList(0, skuCount);
		int lines = Math.max(1, Math.min(b.settings.linesPerOrder(), skuCount));
		int orders = (b.settings.backlogChanges() + lines - 1) / lines;

		// the other shops at zero cost, so that only the paused shop's drain is measured
		b.setCosts(Duration.ZERO, Duration.ZERO);
		List<Delivery> deliveries = new ArrayList<>(orders);
		for (int i = 0; i < orders; i++) {
			Map<String, Integer> order = new LinkedHashMap<>();
			for (int j = 0; j < lines; j++) {
				order.put(pool.get((i * lines + j) % skuCount), 1);
			}
			FakeShop seller = shops.get(b.random.nextInt(shops.size() - 1));
			deliveries.add(Webhooks.order(seller, order, b.stack.port("ingest")));
		}
		Bench.log("backlog: " + paused.id() + " paused, " + orders + " orders of " + lines + " lines over " + skuCount
				+ " SKUs");
		b.stack.admin("propagator", "POST", "/admin/sites/" + paused.id() + "/pause");
		long endBefore = b.kafka.end(KafkaProgress.STOCK_CHANGED);
		LoadGenerator.startClean();
		String group = "propagator-" + paused.id();
		LoadGenerator.Result result = LoadGenerator.run(deliveries, b.stack.port("ingest"), b.settings.connections(), 0,
				b.acceptor(null));
		b.awaitQuiet("the backlog to be written to every other shop", timeout, paused.id());
		long end = b.kafka.end(KafkaProgress.STOCK_CHANGED);
		long committed = b.kafka.committed(group, KafkaProgress.STOCK_CHANGED);
		long backlog = end - committed;

		// the drain, at real cost
		paused.setCosts(b.settings.singleWriteCost(), b.settings.batchItemCost());
		AtomicLong itemWrites = new AtomicLong();
		AtomicLong regressions = new AtomicLong();
		List<String> regressionExamples = new ArrayList<>();
		Map<String, Integer> lastWritten = new HashMap<>();
		Bench.ShopStockListener watch = (shop, sku, quantity) -> {
			if (shop != pausedIndex || quantity == null) {
				return;
			}
			itemWrites.incrementAndGet();
			synchronized (lastWritten) {
				Integer before = lastWritten.put(sku, quantity);
				if (before != null && quantity > before) {
					regressions.incrementAndGet();
					if (regressionExamples.size() < 5) {
						regressionExamples.add(sku + ": " + before + " then " + quantity);
					}
				}
			}
		};
		b.stockListeners.add(watch);
		long requestsBefore = b.shopWrites().get(paused.id());
		Duration busyBefore = paused.busyTime();
		Instant from = Instant.now();
		long start = System.nanoTime();
		long drained;
		boolean converged = true;
		try {
			b.stack.admin("propagator", "POST", "/admin/sites/" + paused.id() + "/resume");
			try {
				Stack.await(paused.id() + " to drain its backlog", timeout, b.stack.proc("propagator"),
						() -> b.kafka.committed(group, KafkaProgress.STOCK_CHANGED) >= end
								&& mismatches(paused, pool) == 0);
			}
			catch (IllegalStateException ex) {
				converged = false;
				Bench.log("  " + ex.getMessage());
			}
			drained = System.nanoTime() - start;
		}
		finally {
			b.stockListeners.remove(watch);
			b.setCosts(b.settings.singleWriteCost(), b.settings.batchItemCost());
		}
		Instant to = Instant.now();
		long requests = b.shopWrites().get(paused.id()) - requestsBefore;
		int exact = pool.size() - mismatches(paused, pool);
		double idealSeconds = skuCount * b.settings.batchItemMs() / 1000.0;
		double drainSeconds = drained / 1e9;

		Map<String, Object> section = b.report.section("backlog");
		section.put("shop", paused.id());
		section.put("orders", orders);
		section.put("accepted", result.okCount());
		section.put("skus", skuCount);
		section.put("stockChangesWhilePaused", end - endBefore);
		section.put("backlogRecords", backlog);
		section.put("converged", converged);
		section.put("drainSeconds", Bench.round(drainSeconds));
		section.put("idealSeconds", idealSeconds);
		section.put("idealNote", "one batch item per SKU at " + b.settings.batchItemMs()
				+ " ms, one request at a time; the fake shop charges no per-request overhead");
		section.put("itemWrites", itemWrites.get());
		section.put("writeRequests", requests);
		section.put("busySeconds", Bench.round(paused.busyTime().minus(busyBefore).toMillis() / 1000.0));
		section.put("writeRequestsInBusiestSecond", Bench.busiestSecond(paused, from, to));
		section.put("olderAfterNewer", regressions.get());
		section.put("olderAfterNewerExamples", regressionExamples);
		section.put("exactSkus", exact);
		Bench.log(String.format(
				"  %d changes (%d backlog records) over %d SKUs drained in %.1f s (ideal %.1f s): "
						+ "%d item writes in %d requests, %d older-after-newer",
				end - endBefore, backlog, skuCount, drainSeconds, idealSeconds, itemWrites.get(), requests,
				regressions.get()));
		b.report.row("backlog drain: " + backlog + " changes / " + skuCount + " SKUs, 1 shop at real cost",
				String.format("%.1f s", drainSeconds), String.format("<= 1.5 x %.1f s ideal", idealSeconds),
				Report.verdict(converged && drainSeconds <= idealSeconds * 1.5));
		b.report.row("  item writes / write requests", itemWrites.get() + " / " + requests, "~" + skuCount + " items",
				"");
		b.report.row("  older quantity landed after a newer one", Long.toString(regressions.get()), "0",
				(regressions.get() == 0) ? "PASS" : "FAIL");
		b.report.row("  SKUs exact on the resumed shop", exact + " / " + pool.size(), Integer.toString(pool.size()),
				(exact == pool.size()) ? "PASS" : "FAIL");
	}

	private int mismatches(FakeShop shop, List<String> skus) {
		Map<String, Integer> stock = shop.stockBySku();
		int mismatches = 0;
		for (String sku : skus) {
			Integer got = stock.get(sku);
			if (got == null || got != Math.max(0, this.bench.expected.get(sku))) {
				mismatches++;
			}
		}
		return mismatches;
	}

}
