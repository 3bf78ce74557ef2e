package io.stocksync.ledger.orderline;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

import io.stocksync.common.event.AdjustmentType;
import io.stocksync.common.event.KitComponent;
import io.stocksync.common.event.KitDefinitionRequested;
import io.stocksync.common.event.OrderLine;
import io.stocksync.common.event.OrderSnapshot;
import io.stocksync.common.event.OrderTopics;
import io.stocksync.common.event.StockAdjustmentRequested;
import io.stocksync.ledger.LedgerApplication;
import io.stocksync.ledger.adjustment.Adjustments;
import io.stocksync.ledger.kit.KitService;
import io.stocksync.testsupport.TestInfrastructure;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;
import net.jqwik.api.lifecycle.AfterContainer;
import net.jqwik.api.lifecycle.BeforeContainer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.boot.WebApplicationType;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.jdbc.core.simple.JdbcClient;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Property: whatever the order histories on several shops, however they are delivered
 * (each snapshot 1–3 times, all shuffled, cut into random batches, interleaved with goods
 * received/removed, repeated idempotency keys and stock takes), the ledger ends where the
 * shops' own stock would: every order line holds what applying its order's snapshots in
 * time order gives, and every SKU's on_hand = initial + adjustments − Σ committed.
 * Histories include stock-managed orders (with {@code _reduced_stock}) and unmanaged ones
 * (by status), edits, restocked refunds, statuses that leave stock alone, trash events,
 * and oversells that are cancelled later. One SKU is a kit (2 × A + 1 × B): its lines
 * commit kit quantities, the pool moves its components, and the kit's available quantity
 * is min(floor(A / 2), floor(B / 1)) at the end. Runs through the real service and
 * repositories on a real PostgreSQL (no Kafka: delivery order is what is generated).
 */
class OrderHistoryPropertyIntegrationTests {

	private static final Logger logger = LoggerFactory.getLogger(OrderHistoryPropertyIntegrationTests.class);

	private static final List<String> STATUSES = List.of("pending", "processing", "on-hold", "completed", "cancelled",
			"failed", "refunded");

	private static final Instant BASE = Instant.parse("2026-11-22T10:00:00Z");

	private static final AtomicInteger tries = new AtomicInteger();

	private static final AtomicLong deliveries = new AtomicLong();

	private static final AtomicLong batches = new AtomicLong();

	private static ConfigurableApplicationContext context;

	@BeforeContainer
	static void startLedger() {
		TestInfrastructure infrastructure = TestInfrastructure.get();
		context = new SpringApplicationBuilder(LedgerApplication.class).web(WebApplicationType.NONE)
			.run("--spring.datasource.url=" + infrastructure.newDatabase(),
					"--spring.datasource.username=" + infrastructure.user(),
					"--spring.datasource.password=" + infrastructure.password(),
					"--spring.kafka.bootstrap-servers=" + infrastructure.kafkaBootstrapServers(),
					"--spring.kafka.listener.auto-startup=false", "--stocksync.outbox.relay-enabled=false",
					"--stocksync.sites-file=src/test/resources/sites-test.yml", "--spring.jmx.enabled=false");
	}

	@AfterContainer
	static void stopLedger() {
		logger.info("Generated {} histories: {} deliveries in {} batches", tries.get(), deliveries.get(),
				batches.get());
		System.out.println("[stock-sync tests] property cases: " + tries.get() + " histories, " + deliveries.get()
				+ " deliveries, " + batches.get() + " batches"); // visible in the build
																	// output
		context.close();
	}

	@Property(tries = 200)
	void poolEqualsInitialPlusAdjustmentsMinusCommittedWhateverTheDelivery(
			@ForAll @IntRange(min = 1, max = 3) int shops, @ForAll @IntRange(min = 1, max = 5) int ordersPerShop,
			@ForAll @IntRange(min = 1, max = 6) int stepsPerOrder, @ForAll long seed) {
		String run = "p" + tries.incrementAndGet() + "-";
		Random random = new Random(seed);
		String kit = run + "KIT";
		List<String> skus = List.of(run + "A", run + "B", run + "C");
		List<String> sold = List.of(run + "A", run + "B", run + "C", kit);
		Map<String, Long> perKit = Map.of(run + "A", 2L, run + "B", 1L);
		OrderLineService service = context.getBean(OrderLineService.class);
		JdbcClient jdbc = context.getBean(JdbcClient.class);
		context.getBean(KitService.class)
			.apply(new KitDefinitionRequested(1, UUID.randomUUID().toString(), kit,
					List.of(new KitComponent(run + "A", 2), new KitComponent(run + "B", 1)), "property test",
					run + "kit", Instant.now()));

		// given: histories, and what applying each order's snapshots in time order
		// commits
		List<OrderSnapshot> snapshots = new ArrayList<>();
		Map<String, Long> expectedCommitted = new HashMap<>();
		for (int shop = 1; shop <= shops; shop++) {
			for (int order = 1; order <= ordersPerShop; order++) {
				List<OrderSnapshot> history = history(run + "shop" + shop, order, sold, stepsPerOrder, random);
				snapshots.addAll(history);
				Map<Long, CommittedLine> committed = new LinkedHashMap<>();
				for (OrderSnapshot snapshot : history) {
					List<CommittedLine> targets = LineTargets.targets(snapshot, committed);
					committed.clear();
					targets.forEach((line) -> committed.put(line.lineItemId(), line));
				}
				String orderKey = run + "shop" + shop + ":" + order;
				committed.values()
					.stream()
					.filter((line) -> line.committed() != 0)
					.forEach((line) -> expectedCommitted.put(orderKey + ":" + line.lineItemId() + ":" + line.sku(),
							line.committed()));
			}
		}
		Map<String, Long> initial = new HashMap<>();
		Map<String, Long> adjusted = new HashMap<>();
		for (String sku : skus) {
			long quantity = random.nextInt(6); // small: orders often oversell
			initial.put(sku, quantity);
			adjust(sku, AdjustmentType.SET, quantity, run + sku + "-initial");
		}

		// when: delivered with duplicates, shuffled, in random batches, between
		// adjustments
		List<OrderSnapshot> delivered = new ArrayList<>();
		for (OrderSnapshot snapshot : snapshots) {
			for (int copy = random.nextInt(3); copy >= 0; copy--) {
				delivered.add(snapshot);
			}
		}
		Collections.shuffle(delivered, random);
		boolean stockTake = random.nextBoolean();
		int position = 0;
		int adjustment = 0;
		while (position < delivered.size()) {
			int size = Math.min(1 + random.nextInt(12), delivered.size() - position);
			service.applyAll(delivered.subList(position, position + size));
			position += size;
			batches.incrementAndGet();
			if (random.nextInt(3) == 0) {
				String sku = skus.get(random.nextInt(skus.size()));
				long quantity = 1 + random.nextInt(3);
				boolean add = random.nextBoolean();
				String key = run + "adj-" + adjustment++;
				adjust(sku, add ? AdjustmentType.ADD : AdjustmentType.REMOVE, quantity, key);
				adjust(sku, add ? AdjustmentType.ADD : AdjustmentType.REMOVE, quantity, key); // redelivered
				adjusted.merge(sku, add ? quantity : -quantity, Long::sum);
			}
			if (stockTake && position > delivered.size() / 2) {
				adjust(skus.get(0), AdjustmentType.SET, 3, run + "stock-take");
				stockTake = false;
			}
		}
		deliveries.addAndGet(delivered.size());

		// then
		Map<String, Long> actualCommitted = new HashMap<>();
		jdbc.sql("select shop_id, order_id, line_item_id, sku, committed from order_line "
				+ "where shop_id like :run and committed <> 0")
			.param("run", run + "%")
			.query((rs) -> {
				actualCommitted.put(rs.getString("shop_id") + ":" + rs.getLong("order_id") + ":"
						+ rs.getLong("line_item_id") + ":" + rs.getString("sku"), rs.getLong("committed"));
			});
		assertThat(actualCommitted).isEqualTo(expectedCommitted);
		boolean tookStock = jdbc.sql("select count(*) from applied_adjustment where idempotency_key = :key")
			.param("key", run + "stock-take")
			.query(Long.class)
			.single() > 0;
		for (String sku : skus) {
			long committed = expectedCommitted.entrySet()
				.stream()
				.filter((entry) -> entry.getKey().endsWith(":" + sku))
				.mapToLong(Map.Entry::getValue)
				.sum()
					+ perKit.getOrDefault(sku, 0L) * expectedCommitted.entrySet()
						.stream()
						.filter((entry) -> entry.getKey().endsWith(":" + kit))
						.mapToLong(Map.Entry::getValue)
						.sum();
			long onHand = jdbc.sql("select on_hand from stock where sku = :sku")
				.param("sku", sku)
				.query(Long.class)
				.single();
			long appliedAdjustments = jdbc.sql("select sum(delta) from applied_adjustment where sku = :sku")
				.param("sku", sku)
				.query(Long.class)
				.single();
			assertThat(onHand).as(sku).isEqualTo(appliedAdjustments - committed);
			if (!(tookStock && sku.equals(skus.get(0)))) {
				assertThat(onHand).as(sku).isEqualTo(initial.get(sku) + adjusted.getOrDefault(sku, 0L) - committed);
			}
		}
		long a = jdbc.sql("select on_hand from stock where sku = :sku")
			.param("sku", run + "A")
			.query(Long.class)
			.single();
		long b = jdbc.sql("select on_hand from stock where sku = :sku")
			.param("sku", run + "B")
			.query(Long.class)
			.single();
		assertThat(jdbc.sql("select available from kit where sku = :sku").param("sku", kit).query(Long.class).single())
			.as(kit)
			.isEqualTo(Math.min(Math.floorDiv(a, 2), b));
		assertThat(jdbc.sql("select count(*) from stock where sku = :sku").param("sku", kit).query(Long.class).single())
			.as("a kit has no stock of its own")
			.isZero();
	}

	/* One order's snapshots in time order, as WooCommerce would send them. */
	static List<OrderSnapshot> history(String shop, long orderId, List<String> skus, int steps, Random random) {
		boolean managed = random.nextBoolean();
		boolean reduced = false;
		Map<Long, int[]> lines = new LinkedHashMap<>(); // line id -> {sku index,
														// quantity, refunded}
		for (long line = 1; line <= 1 + random.nextInt(2); line++) {
			lines.put(line, new int[] { random.nextInt(skus.size()), 1 + random.nextInt(4), 0 });
		}
		String status = "pending";
		List<OrderSnapshot> history = new ArrayList<>();
		for (int step = 0; step < steps; step++) {
			Instant modified = BASE.plusSeconds(60L * (step + 1));
			int action = random.nextInt(10);
			if (action == 0 && step > 0) {
				history.add(new OrderSnapshot(1, UUID.randomUUID().toString(), shop, orderId, OrderTopics.DELETED, null,
						null, List.of(), "webhook", Instant.now()));
				continue;
			}
			if (action <= 5 || step == 0) {
				status = STATUSES.get(random.nextInt(STATUSES.size()));
			}
			else if (action <= 7) { // edit: quantity changed, or a line added or removed
				long lineId = 1 + random.nextInt(3);
				if (lines.containsKey(lineId) && lines.size() > 1 && random.nextBoolean()) {
					lines.remove(lineId);
				}
				else {
					int[] line = lines.computeIfAbsent(lineId, (id) -> new int[] { random.nextInt(skus.size()), 1, 0 });
					line[1] = Math.max(line[2], 1 + random.nextInt(5));
				}
			}
			else { // a refund with restock of one unit
				int[] line = lines.values().iterator().next();
				if (line[2] < line[1] && (!managed || reduced)) {
					line[2]++;
				}
			}
			if (LineTargets.REDUCING.contains(status)) {
				reduced = true;
			}
			else if (LineTargets.RESTORING.contains(status)) {
				reduced = false;
			}
			List<OrderLine> orderLines = new ArrayList<>();
			for (Map.Entry<Long, int[]> entry : lines.entrySet()) {
				int[] line = entry.getValue();
				Integer reducedStock = (managed && reduced) ? line[1] - line[2] : null;
				orderLines.add(new OrderLine(entry.getKey(), skus.get(line[0]), 1, 0, line[1], reducedStock,
						managed ? 0 : line[2]));
			}
			history.add(new OrderSnapshot(1, UUID.randomUUID().toString(), shop, orderId, OrderTopics.UPDATED, status,
					modified, orderLines, "webhook", Instant.now()));
		}
		return history;
	}

	private static void adjust(String sku, AdjustmentType type, long quantity, String key) {
		Adjustments.apply(context, new StockAdjustmentRequested(1, UUID.randomUUID().toString(), sku, type, quantity,
				"property test", key, Instant.now()));
	}

}
