package io.stocksync.ledger.outbox;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.time.Duration;
import java.time.Instant;
import java.util.UUID;

import com.zaxxer.hikari.HikariDataSource;
import io.stocksync.common.event.AdjustmentType;
import io.stocksync.common.event.StockAdjustmentRequested;
import io.stocksync.common.event.StockChanged;
import io.stocksync.common.json.JsonMappers;
import io.stocksync.ledger.adjustment.Adjustments;
import io.stocksync.testsupport.TestInfrastructure;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.context.ApplicationContext;
import org.springframework.test.context.ActiveProfiles;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The relay publishes a commit at once, not at its next poll: the poll interval is an
 * hour here, so only the wake-up after commit (in this process) or PostgreSQL's
 * {@code NOTIFY} (a commit of another ledger instance) can explain a published row.
 * "Published" means Kafka acknowledged it: the relay deletes a row only then.
 */
@SpringBootTest
@ActiveProfiles("local")
class OutboxWakeUpIntegrationTests {

	private static final String PREFIX = TestInfrastructure.uniqueTopicPrefix();

	/* Generous for a loaded 2-core machine; the poll alone would take an hour. */
	private static final Duration BOUND = Duration.ofSeconds(5);

	@DynamicPropertySource
	static void infrastructure(DynamicPropertyRegistry registry) {
		TestInfrastructure.get().registerProperties(registry);
		registry.add("stocksync.topics.order-events", () -> PREFIX + "order-events");
		registry.add("stocksync.topics.adjustments", () -> PREFIX + "stock-adjustments");
		registry.add("stocksync.topics.stock-changed", () -> PREFIX + "stock-changed");
		registry.add("stocksync.sites-file", () -> "src/test/resources/sites-test.yml");
		registry.add("stocksync.outbox.poll-interval", () -> "1h");
	}

	@Autowired
	ApplicationContext context;

	@Autowired
	Outbox outbox;

	@Autowired
	OutboxNotifications notifications;

	@Autowired
	HikariDataSource dataSource;

	@Test
	void shouldPublishACommitWithoutWaitingForThePollInterval() {
		awaitRelayIdle();
		long[] millis = new long[5];
		for (int i = 0; i < millis.length; i++) {
			long start = System.nanoTime();

			Adjustments.apply(this.context, new StockAdjustmentRequested(1, UUID.randomUUID().toString(), "WAKE-1",
					AdjustmentType.ADD, 1, "test", "wake-" + i, Instant.now()));

			await().atMost(BOUND).pollInterval(Duration.ofMillis(2)).until(() -> this.outbox.pending() == 0);
			millis[i] = (System.nanoTime() - start) / 1_000_000;
		}
		System.out.printf("[outbox] commit -> Kafka acknowledged, ms: %s%n", java.util.Arrays.toString(millis));
	}

	@Test
	void shouldBeWokenByTheCommitOfAnotherLedgerInstance() throws Exception {
		awaitRelayIdle();
		await().atMost(Duration.ofSeconds(30)).until(this.notifications::listening);
		StockChanged change = new StockChanged(StockChanged.SCHEMA_VERSION, UUID.randomUUID().toString(), "WAKE-2", 3,
				3, false, 1, "test", Instant.now());

		// Another instance: its own connection, no in-process signal, only the NOTIFY its
		// transaction sends.
		try (Connection other = DriverManager.getConnection(this.dataSource.getJdbcUrl(), this.dataSource.getUsername(),
				this.dataSource.getPassword())) {
			other.setAutoCommit(false);
			try (PreparedStatement insert = other.prepareStatement("""
					insert into outbox_event (aggregate_type, aggregate_id, type, payload, occurred_at)
					values ('stock', 'WAKE-2', ?, cast(? as jsonb), now())
					""")) {
				insert.setString(1, StockChanged.TYPE);
				insert.setString(2, JsonMappers.standard().writeValueAsString(change));
				insert.executeUpdate();
			}
			try (PreparedStatement notify = other.prepareStatement("select pg_notify(?, '')")) {
				notify.setString(1, OutboxNotifications.CHANNEL);
				notify.execute();
			}
			other.commit();
		}

		await().atMost(BOUND).pollInterval(Duration.ofMillis(2)).until(() -> this.outbox.pending() == 0);
	}

	private void awaitRelayIdle() {
		await().atMost(Duration.ofSeconds(30)).until(() -> this.outbox.pending() == 0);
		assertThat(this.outbox.pending()).isZero();
	}

}
