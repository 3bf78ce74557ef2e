package io.stocksync.ledger.outbox;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;

import javax.sql.DataSource;

import com.zaxxer.hikari.HikariDataSource;
import org.postgresql.PGConnection;
import org.postgresql.PGNotification;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.context.SmartLifecycle;
import org.springframework.stereotype.Component;

/**
 * {@code LISTEN}s on the outbox channel, so that a commit of any ledger instance wakes
 * this instance's relay at once (the transaction that writes outbox rows also runs
 * {@code pg_notify}, which PostgreSQL delivers on commit). It keeps one connection of its
 * own, outside the pool, and reconnects after a failure; while it is away the relay's
 * polling still publishes everything, only later.
 */
@Component
@ConditionalOnProperty(name = "stocksync.outbox.relay-enabled", havingValue = "true", matchIfMissing = true)
class OutboxNotifications implements SmartLifecycle {

	static final String CHANNEL = "stocksync_outbox";

	private static final Logger logger = LoggerFactory.getLogger(OutboxNotifications.class);

	private static final Duration RECONNECT_DELAY = Duration.ofSeconds(2);

	private final DataSource dataSource;

	private final OutboxSignal signal;

	private final DaemonLoop loop = new DaemonLoop("outbox-listen", this::listen, Duration.ZERO);

	private volatile boolean listening;

	OutboxNotifications(DataSource dataSource, OutboxSignal signal) {
		this.dataSource = dataSource;
		this.signal = signal;
	}

	@Override
	public void start() {
		this.loop.start();
	}

	@Override
	public void stop() {
		this.loop.stop();
	}

	@Override
	public boolean isRunning() {
		return this.loop.isRunning();
	}

	/**
	 * Whether the {@code LISTEN} connection is up (notifications from other instances
	 * arrive).
	 */
	boolean listening() {
		return this.listening;
	}

	private void listen() {
		while (this.loop.isRunning()) {
			try (Connection connection = connect()) {
				try (Statement statement = connection.createStatement()) {
					statement.execute("LISTEN " + CHANNEL);
				}
				// The commits that happened while we were not listening are the relay's
				// next poll's business.
				this.listening = true;
				this.signal.wake();
				PGConnection pg = connection.unwrap(PGConnection.class);
				while (this.loop.isRunning()) {
					PGNotification[] notifications = pg.getNotifications(1000);
					if (notifications != null && notifications.length > 0) {
						this.signal.wake();
					}
				}
			}
			catch (SQLException | RuntimeException ex) {
				this.listening = false;
				if (!this.loop.isRunning()) {
					return;
				}
				logger.warn("Outbox LISTEN connection failed ({}); the relay polls meanwhile; reconnecting in {}",
						ex.getMessage(), RECONNECT_DELAY);
				try {
					Thread.sleep(RECONNECT_DELAY.toMillis());
				}
				catch (InterruptedException interrupted) {
					return;
				}
			}
		}
	}

	/*
	 * Its own connection: a LISTEN connection is held for ever, which a pool would count
	 * as a leak.
	 */
	private Connection connect() throws SQLException {
		if (this.dataSource instanceof HikariDataSource hikari) {
			return DriverManager.getConnection(hikari.getJdbcUrl(), hikari.getUsername(), hikari.getPassword());
		}
		return this.dataSource.getConnection();
	}

}
