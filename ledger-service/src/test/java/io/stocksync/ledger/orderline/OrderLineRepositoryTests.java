package io.stocksync.ledger.orderline;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeSet;

import io.stocksync.ledger.orderline.OrderLineRepository.LineRow;
import io.stocksync.ledger.orderline.OrderLineRepository.Lines;
import io.stocksync.ledger.orderline.OrderLineRepository.LockedOrders;
import io.stocksync.ledger.orderline.OrderLineRepository.OrderRow;
import io.stocksync.testsupport.TestDatabase;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.jdbc.test.autoconfigure.AutoConfigureTestDatabase;
import org.springframework.boot.jdbc.test.autoconfigure.JdbcTest;
import org.springframework.context.annotation.Import;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The order SQL on PostgreSQL alone (schema from Liquibase): each test runs in a
 * transaction that is rolled back.
 */
@JdbcTest
@AutoConfigureTestDatabase(replace = AutoConfigureTestDatabase.Replace.NONE)
@Import(OrderLineRepository.class)
class OrderLineRepositoryTests {

	private static final Instant NOW = Instant.parse("2026-11-30T12:00:00Z");

	private static final OrderKey SHOP1_20 = new OrderKey("shop1", 20);

	private static final OrderKey SHOP1_21 = new OrderKey("shop1", 21);

	private static final OrderKey SHOP2_20 = new OrderKey("shop2", 20);

	@DynamicPropertySource
	static void database(DynamicPropertyRegistry registry) {
		TestDatabase.get().registerProperties(registry);
	}

	@Autowired
	OrderLineRepository orders;

	@Autowired
	JdbcClient jdbc;

	@Test
	void lockOrdersCreatesMissingOrdersAndReturnsTheNewestAppliedOfEach() {
		Instant modified = Instant.parse("2026-11-30T11:00:00.250Z");
		this.orders.lockOrders(new TreeSet<>(List.of(SHOP1_20)), NOW);
		this.orders.updateOrders(List.of(new OrderRow(SHOP1_20, "processing", Optional.of(modified), false)), NOW);

		LockedOrders locked = this.orders.lockOrders(new TreeSet<>(List.of(SHOP2_20, SHOP1_20, SHOP1_21)), NOW);

		assertThat(locked.newestApplied()).containsOnly(Map.entry(SHOP1_20, Optional.of(modified)),
				Map.entry(SHOP1_21, Optional.empty()), Map.entry(SHOP2_20, Optional.empty()));
		assertThat(locked.existing()).containsExactly(SHOP1_20);
		assertThat(this.jdbc.sql("select count(*) from order_state").query(Long.class).single()).isEqualTo(3);
	}

	@Test
	void updateOrdersKeepsTheStatusWhenTheRowHasNone() {
		this.orders.lockOrders(new TreeSet<>(List.of(SHOP1_20, SHOP1_21)), NOW);
		this.orders.updateOrders(List.of(new OrderRow(SHOP1_20, "processing", Optional.of(NOW), false),
				new OrderRow(SHOP1_21, "cancelled", Optional.empty(), false)), NOW);

		this.orders.updateOrders(List.of(new OrderRow(SHOP1_20, null, Optional.of(NOW.plusSeconds(1)), true)), NOW);

		assertThat(this.jdbc.sql("""
				select order_id, status, last_modified_gmt is null as unknown, deleted
				  from order_state order by order_id
				""")
			.query((rs, row) -> rs.getLong(1) + " " + rs.getString(2) + " " + rs.getBoolean(3) + " " + rs.getBoolean(4))
			.list()).containsExactly("20 processing false true", "21 cancelled true false");
	}

	@Test
	void savedLinesAreReadBackPerOrderAndAnUpdateReplacesThem() {
		Instant decided = Instant.parse("2026-11-30T10:00:00Z");
		this.orders.saveLines(List.of(new LineRow(SHOP1_20, new CommittedLine(6, "MUG", 2), decided),
				new LineRow(SHOP1_20, new CommittedLine(7, "CAP", 1), null),
				new LineRow(SHOP2_20, new CommittedLine(6, "MUG", 5), decided)), NOW);

		this.orders.saveLines(List.of(new LineRow(SHOP1_20, new CommittedLine(6, "MUG", 0), decided.plusSeconds(60))),
				NOW);
		Lines lines = this.orders.lines(new TreeSet<>(List.of(SHOP1_20, SHOP1_21, SHOP2_20)),
				new TreeSet<>(List.of(SHOP1_20, SHOP1_21, SHOP2_20)));

		assertThat(lines.committed().get(SHOP1_20)).containsExactly(Map.entry(6L, new CommittedLine(6, "MUG", 0)),
				Map.entry(7L, new CommittedLine(7, "CAP", 1)));
		assertThat(lines.decidedAt().get(SHOP1_20)).containsOnly(Map.entry(6L, decided.plusSeconds(60)));
		assertThat(lines.committed().get(SHOP1_21)).isEmpty();
		assertThat(lines.committed().get(SHOP2_20)).containsOnly(Map.entry(6L, new CommittedLine(6, "MUG", 5)));
	}

	/* An order the batch's lock created has no lines: it is not looked up. */
	@Test
	void linesAreReadOnlyForOrdersThatExistedBeforeTheBatch() {
		this.orders.saveLines(List.of(new LineRow(SHOP1_20, new CommittedLine(6, "MUG", 2), null),
				new LineRow(SHOP2_20, new CommittedLine(6, "MUG", 5), null)), NOW);

		Lines lines = this.orders.lines(new TreeSet<>(List.of(SHOP1_20, SHOP2_20)), new TreeSet<>(List.of(SHOP1_20)));

		assertThat(lines.committed().get(SHOP1_20)).containsOnly(Map.entry(6L, new CommittedLine(6, "MUG", 2)));
		assertThat(lines.committed().get(SHOP2_20)).isEmpty();
		assertThat(lines.decidedAt().get(SHOP2_20)).isEmpty();
	}

	/*
	 * A new database: the driver prepares the statements and PostgreSQL caches a generic
	 * plan for each while the tables are nearly empty and never analysed; then the tables
	 * grow (an onboarding, a sale) without an ANALYZE. A plan that joined the table with
	 * the key arrays was then kept as a scan of the whole table for every batch.
	 */
	@Test
	void ordersAndLinesAreFoundByKeyWhateverSizeTheTablesHadWhenTheirPlansWereCached() {
		this.jdbc.sql("create schema fresh").update();
		this.jdbc.sql("create table fresh.order_state (like public.order_state including all)").update();
		this.jdbc.sql("create table fresh.order_line (like public.order_line including all)").update();
		this.jdbc.sql("set local search_path = fresh").update();
		for (int batch = 0; batch < 15; batch++) {
			applyBatch(batch * 10L, 20);
		}
		this.jdbc.sql("""
				insert into order_state (shop_id, order_id, status, updated_at)
				select 'shop9', n, 'completed', now() from generate_series(1, 20000) as n
				""").update();
		this.jdbc.sql("""
				insert into order_line (shop_id, order_id, line_item_id, sku, committed, updated_at)
				select 'shop9', n, 1, 'MUG', 1, now() from generate_series(1, 20000) as n
				""").update();
		long scansBefore = sequentialScans();

		for (int batch = 15; batch < 20; batch++) {
			applyBatch(batch * 10L, 20);
		}

		assertThat(sequentialScans() - scansBefore).isZero();
		assertThat(this.jdbc.sql("select count(*) from order_line where shop_id = 'shop1'").query(Long.class).single())
			.isEqualTo(210);
	}

	/*
	 * What a batch of the service does with the order tables: orders firstId.. +count,
	 * the first half of them (all but the first batch's) already there.
	 */
	private void applyBatch(long firstId, int count) {
		TreeSet<OrderKey> keys = new TreeSet<>();
		for (long id = firstId; id < firstId + count; id++) {
			keys.add(new OrderKey("shop1", id));
		}
		LockedOrders locked = this.orders.lockOrders(keys, NOW);
		assertThat(locked.existing()).hasSize((firstId == 0) ? 0 : count / 2);
		this.orders.lines(keys, locked.existing());
		this.orders.saveLines(
				keys.stream().map((key) -> new LineRow(key, new CommittedLine(1, "MUG", 1), null)).toList(), NOW);
		this.orders.updateOrders(
				keys.stream().map((key) -> new OrderRow(key, "processing", Optional.of(NOW), false)).toList(), NOW);
	}

	/* Sequential scans of the fresh tables in this transaction so far. */
	private long sequentialScans() {
		return this.jdbc.sql("""
				select coalesce(sum(seq_scan), 0) from pg_stat_xact_user_tables where schemaname = 'fresh'
				""").query(Long.class).single();
	}

}
