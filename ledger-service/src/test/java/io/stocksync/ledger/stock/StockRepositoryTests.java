package io.stocksync.ledger.stock;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

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
import static org.assertj.core.api.Assertions.tuple;

/**
 * The stock SQL on PostgreSQL alone (schema from Liquibase): each test runs in a
 * transaction that is rolled back.
 */
@JdbcTest
@AutoConfigureTestDatabase(replace = AutoConfigureTestDatabase.Replace.NONE)
@Import(StockRepository.class)
class StockRepositoryTests {

	private static final Instant NOW = Instant.parse("2026-11-30T12:00:00.123456Z");

	@DynamicPropertySource
	static void database(DynamicPropertyRegistry registry) {
		TestDatabase.get().registerProperties(registry);
	}

	@Autowired
	StockRepository stock;

	@Autowired
	JdbcClient jdbc;

	@Test
	void addToOnHandCreatesMissingRowsAndMovesExistingOnesInOneStatement() {
		this.stock.addToOnHand(Map.of("A", 5L), NOW);
		Map<String, Long> deltas = new TreeMap<>(Map.of("A", -7L, "B", 3L, "C", -2L));

		Map<String, StockLevel> after = this.stock.addToOnHand(deltas, NOW.plusSeconds(1));

		assertThat(after.keySet()).containsExactly("A", "B", "C");
		assertThat(after.get("A").onHand()).isEqualTo(-2);
		assertThat(after.get("A").version()).isEqualTo(2);
		assertThat(after.get("B").onHand()).isEqualTo(3);
		assertThat(after.get("B").version()).isEqualTo(1);
		assertThat(after.get("C").onHand()).isEqualTo(-2);
		assertThat(after.get("C").updatedAt()).isEqualTo(NOW.plusSeconds(1));
		assertThat(this.stock.find("A")).hasValueSatisfying((level) -> assertThat(level.onHand()).isEqualTo(-2));
		assertThat(this.stock.addToOnHand(Map.of(), NOW)).isEmpty();
	}

	@Test
	void movementsKeepTheOrderOfTheListAndTheirNullColumns() {
		this.stock.addToOnHand(Map.of("A", 1L), NOW);
		this.stock.insertMovements(List.of(
				new StockRepository.MovementRow("A", -2, -1, 1, "order", "shop1:1", "e1", "processing: line 1 0->2"),
				new StockRepository.MovementRow("A", 3, 2, 1, "adjustment", "k1", null, null),
				new StockRepository.MovementRow("A", -1, 1, 1, "order", "shop1:2", "e2", "it's \"quoted\", {x}")), NOW);

		List<StockMovement> history = this.stock.history("A", Long.MAX_VALUE, 10);

		assertThat(history).extracting(StockMovement::delta).containsExactly(-1L, 3L, -2L);
		assertThat(history.get(0).detail()).isEqualTo("it's \"quoted\", {x}");
		assertThat(history.get(1).eventId()).isNull();
		assertThat(history.get(1).detail()).isNull();
		assertThat(history.get(2).onHandAfter()).isEqualTo(-1);
		assertThat(history.get(2).occurredAt()).isEqualTo(NOW);
	}

	@Test
	void oversellsAreInsertedAndOnlyThoseOfTheGivenSkusResolved() {
		this.stock.insertOversells(List.of(new StockRepository.OversellRow("A", "order", "shop1:1", 2, -2, NOW, null),
				new StockRepository.OversellRow("B", "order", "shop1:2", 1, -1, NOW, null),
				new StockRepository.OversellRow("C", "order", "shop1:3", 1, -1, NOW, NOW)));

		this.stock.resolveOversells(List.of("A"), NOW.plusSeconds(5));
		this.stock.resolveOversells(List.of(), NOW.plusSeconds(6));

		assertThat(this.stock.oversells(null, false, Long.MAX_VALUE, 10)).extracting(Oversell::sku)
			.containsExactly("B");
		assertThat(this.stock.oversells(null, true, Long.MAX_VALUE, 10)).extracting(Oversell::sku, Oversell::resolvedAt)
			.containsExactly(tuple("C", NOW), tuple("B", null), tuple("A", NOW.plusSeconds(5)));
	}

}
