package io.stocksync.ledger.activity;

import java.util.List;

import io.stocksync.ledger.activity.ActivityRepository.Activity;
import io.stocksync.testsupport.TestDatabase;
import org.junit.jupiter.api.BeforeEach;
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
 * The activity feed's SQL on PostgreSQL alone (schema from Liquibase), over an audit
 * trail of many order rows and a few of rarer causes; each test runs in a transaction
 * that is rolled back.
 */
@JdbcTest
@AutoConfigureTestDatabase(replace = AutoConfigureTestDatabase.Replace.NONE)
@Import(ActivityRepository.class)
class ActivityRepositoryTests {

	@DynamicPropertySource
	static void database(DynamicPropertyRegistry registry) {
		TestDatabase.get().registerProperties(registry);
	}

	@Autowired
	ActivityRepository activity;

	@Autowired
	JdbcClient jdbc;

	/*
	 * 3,000 order rows over three shops, an adjustment after the 1,000th and the 2,000th,
	 * one backorders row last.
	 */
	@BeforeEach
	void auditTrail() {
		this.jdbc.sql("""
				insert into stock_movement (sku, delta, on_hand_after, version, cause_type, cause_ref, occurred_at)
				select 'SKU-' || (n % 50), -1, 100 - n, n,
				       case when n in (1000, 2000) then 'adjustment' when n = 3001 then 'backorders' else 'order' end,
				       case when n in (1000, 2000) then 'count-' || n when n = 3001 then 'flag-1'
				            else 'shop' || (n % 3 + 1) || ':' || n end,
				       now()
				  from generate_series(1, 3001) as n
				""").update();
		this.jdbc.sql("analyze stock_movement").update();
	}

	@Test
	void filtersByCauseAndByShopNewestFirst() {
		List<Activity> adjustments = this.activity.recent("adjustment", null, Long.MAX_VALUE, 50);
		List<Activity> shop2 = this.activity.recent("order", "shop2:", Long.MAX_VALUE, 5);
		List<Activity> all = this.activity.recent(null, null, Long.MAX_VALUE, 2);

		assertThat(adjustments).extracting(Activity::causeRef).containsExactly("count-2000", "count-1000");
		assertThat(shop2).extracting(Activity::causeRef)
			.containsExactly("shop2:2998", "shop2:2995", "shop2:2992", "shop2:2989", "shop2:2986");
		assertThat(all).extracting(Activity::causeType).containsExactly("backorders", "order");
		assertThat(this.activity.recent("adjustment", null, adjustments.get(0).id(), 50)).extracting(Activity::causeRef)
			.containsExactly("count-1000");
	}

	@Test
	void aRareCauseIsFoundThroughItsOwnIndexNotByWalkingTheOrderRows() {
		String plan = String.join("\n", this.jdbc.sql("""
				explain select id from stock_movement
				 where id < 9223372036854775807 and cause_type = 'adjustment'
				 order by id desc limit 50
				""").query(String.class).list());
		String indexes = String.join(",",
				this.jdbc.sql("select indexname from pg_indexes where tablename = 'stock_movement' order by indexname")
					.query(String.class)
					.list());

		assertThat(plan).contains("stock_movement_not_order");
		assertThat(indexes).isEqualTo("stock_movement_not_order,stock_movement_pkey,stock_movement_sku");
	}

}
