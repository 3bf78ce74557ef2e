package io.stocksync.propagator.write;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;

import io.stocksync.common.event.StockChanged;
import io.stocksync.common.rules.SkuRule;
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
 * The propagator's truth table on PostgreSQL alone (schema from Liquibase): each test
 * runs in a transaction that is rolled back.
 */
@JdbcTest
@AutoConfigureTestDatabase(replace = AutoConfigureTestDatabase.Replace.NONE)
@Import(PushRepository.class)
class PushRepositoryTests {

	private static final Instant NOW = Instant.parse("2026-12-01T12:00:00Z");

	@DynamicPropertySource
	static void database(DynamicPropertyRegistry registry) {
		TestDatabase.get().registerProperties(registry);
	}

	@Autowired
	PushRepository repository;

	@Autowired
	JdbcClient jdbc;

	@Test
	void keepsTheNewestChangeOfEachSkuWhateverTheOrderTheyCameIn() {
		this.repository.saveTruth(List.of(change("MUG", 7, 40), change("CAP", 2, 5), change("MUG", 9, 38),
				change("MUG", 8, 39), change("CAP", 1, 6)), NOW);

		Map<String, Truth> truth = this.repository.truth(List.of("MUG", "CAP"));
		assertThat(truth.get("MUG").version()).isEqualTo(9);
		assertThat(truth.get("MUG").available()).isEqualTo(38);
		assertThat(truth.get("CAP").version()).isEqualTo(2);
		assertThat(truth.get("CAP").available()).isEqualTo(5);
	}

	@Test
	void anOlderOrEqualChangeChangesNothingAndANewerOneReplacesEverything() {
		this.repository.saveTruth(List.of(change("MUG", 9, 38)), NOW);

		this.repository.saveTruth(List.of(change("MUG", 8, 1), change("MUG", 9, 2)), NOW.plusSeconds(1));
		assertThat(this.repository.truth(List.of("MUG")).get("MUG").available()).isEqualTo(38);
		assertThat(updatedAt("MUG")).isEqualTo(NOW);

		StockChanged newer = new StockChanged(StockChanged.SCHEMA_VERSION, "e-10", "MUG", 12, 10, true, 10, "order",
				null, Map.of("shop1", new SkuRule(null, 3, null, null, null)));
		this.repository.saveTruth(List.of(newer), NOW.plusSeconds(2));
		Truth truth = this.repository.truth(List.of("MUG")).get("MUG");
		assertThat(truth.version()).isEqualTo(10);
		assertThat(truth.available()).isEqualTo(10);
		assertThat(truth.backorders()).isTrue();
		assertThat(truth.rules()).containsEntry("shop1", new SkuRule(null, 3, null, null, null));
		assertThat(updatedAt("MUG")).isEqualTo(NOW.plusSeconds(2));
		assertThat(this.jdbc.sql("select occurred_at is null from propagator_stock where sku = 'MUG'")
			.query(Boolean.class)
			.single()).isTrue();
	}

	@Test
	void remembersTheNewestUnwrittenVersionOfEachSkuAndNeverLowersIt() {
		this.repository.saveUnwritten("shop1", List.of(change("MUG", 7, 40), change("CAP", 2, 5), change("MUG", 9, 38)),
				NOW);
		this.repository.saveUnwritten("shop1", List.of(change("MUG", 8, 39)), NOW);
		this.repository.saveUnwritten("shop2", List.of(change("MUG", 3, 1)), NOW);

		assertThat(this.repository.unwritten("shop1")).containsExactlyInAnyOrder("CAP", "MUG");
		assertThat(unwrittenVersion("shop1", "MUG")).isEqualTo(9);
		assertThat(unwrittenVersion("shop2", "MUG")).isEqualTo(3);
		assertThat(this.repository.settleUnwritten("shop1", Map.of("MUG", 8L, "CAP", 2L))).isEqualTo(1);
		assertThat(this.repository.unwritten("shop1")).containsExactly("MUG");
	}

	/*
	 * The stored version is read per SKU by key: plans cached while the table was empty
	 * must not scan it once it holds a large catalogue.
	 */
	@Test
	void findsTheStoredVersionsByKeyWhateverSizeTheTableHadWhenThePlanWasCached() {
		this.jdbc.sql("create schema fresh").update();
		this.jdbc.sql("create table fresh.propagator_stock (like public.propagator_stock including all)").update();
		this.jdbc.sql("set local search_path = fresh").update();
		for (int round = 1; round <= 15; round++) {
			this.repository.saveTruth(changes(round), NOW);
		}
		this.jdbc.sql("""
				insert into propagator_stock (sku, on_hand, available, backorders, version, updated_at)
				select 'BULK-' || n, 1, 1, false, 1, now() from generate_series(1, 20000) as n
				""").update();
		long scansBefore = sequentialScans();

		for (int round = 16; round <= 20; round++) {
			this.repository.saveTruth(changes(round), NOW);
		}

		assertThat(sequentialScans() - scansBefore).isZero();
		assertThat(this.repository.truth(List.of("SKU-7")).get("SKU-7").version()).isEqualTo(20);
	}

	/**
	 * A round's guards move in one statement: forward or to the same version, never back;
	 * the SKUs that did not move are the superseded ones.
	 */
	@Test
	void advancesTheGuardsOfARoundInOneStatementAndSaysWhichMoved() {
		this.repository.advanceGuards("shop1", List.of(write("MUG", 5, 50), write("CAP", 9, 90)));

		Set<String> moved = this.repository.advanceGuards("shop1",
				List.of(write("CAP", 8, 80), write("HAT", 1, 10), write("MUG", 5, 51)));

		assertThat(moved).containsExactlyInAnyOrder("HAT", "MUG");
		Map<String, Written> written = this.repository.written("shop1", List.of("CAP", "HAT", "MUG"));
		assertThat(written.get("CAP")).isEqualTo(new Written(9, 90, NOW));
		assertThat(written.get("HAT")).isEqualTo(new Written(1, 10, NOW));
		assertThat(written.get("MUG")).isEqualTo(new Written(5, 51, NOW));
		assertThat(this.repository.written("shop2", List.of("CAP", "HAT", "MUG"))).isEmpty();
	}

	@Test
	void logsEveryWriteOfARoundSoItsWebhooksAreKnownAsOwn() {
		this.repository.logWrites(List.of(write("CAP", 3, 30), write("MUG", 4, 40)));

		assertThat(this.repository.writes("shop1", null, 10)).extracting(OwnWrite::sku).containsExactly("MUG", "CAP");
		assertThat(this.repository.isOwnWrite("shop1", 7, 0, 40, NOW.minusSeconds(1))).isTrue();
		assertThat(this.repository.isOwnWrite("shop1", 7, 0, 41, NOW.minusSeconds(1))).isFalse();
	}

	private static OwnWrite write(String sku, long version, long quantity) {
		return new OwnWrite("shop1", sku, 7, 0, quantity, version, NOW);
	}

	private static List<StockChanged> changes(long version) {
		List<StockChanged> changes = new ArrayList<>();
		for (int i = 0; i < 20; i++) {
			changes.add(change("SKU-" + i, version, 100 - version));
		}
		return changes;
	}

	private static StockChanged change(String sku, long version, long available) {
		return new StockChanged(StockChanged.SCHEMA_VERSION, UUID.randomUUID().toString(), sku, available, available,
				false, version, "order", NOW, Map.of());
	}

	private Instant updatedAt(String sku) {
		return this.jdbc.sql("select updated_at from propagator_stock where sku = :sku")
			.param("sku", sku)
			.query(java.sql.Timestamp.class)
			.single()
			.toInstant();
	}

	private long unwrittenVersion(String shopId, String sku) {
		return this.jdbc.sql("select version from propagator_unwritten where shop_id = :shop and sku = :sku")
			.param("shop", shopId)
			.param("sku", sku)
			.query(Long.class)
			.single();
	}

	private long sequentialScans() {
		return this.jdbc.sql("""
				select coalesce(sum(seq_scan), 0) from pg_stat_xact_user_tables where schemaname = 'fresh'
				""").query(Long.class).single();
	}

}
