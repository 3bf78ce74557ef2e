package io.stocksync.testsupport;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.UUID;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import org.testcontainers.DockerClientFactory;
import org.testcontainers.postgresql.PostgreSQLContainer;

import org.springframework.test.context.DynamicPropertyRegistry;

/**
 * One real PostgreSQL server per test JVM for slice tests ({@code @JdbcTest}) that need
 * no Kafka: from Testcontainers with Docker, an embedded server (zonky) without it, as
 * {@link TestInfrastructure} does. Each test class gets a database of its own.
 */
public final class TestDatabase {

	private static volatile TestDatabase instance;

	private final String jdbcBaseUrl;

	private final String user;

	private final String password;

	private TestDatabase(String jdbcBaseUrl, String user, String password) {
		this.jdbcBaseUrl = jdbcBaseUrl;
		this.user = user;
		this.password = password;
	}

	/** Starts the server on first use; later calls return the same server. */
	public static TestDatabase get() {
		if (instance == null) {
			synchronized (TestDatabase.class) {
				if (instance == null) {
					instance = start();
				}
			}
		}
		return instance;
	}

	@SuppressWarnings("resource") // live until the JVM ends
	private static TestDatabase start() {
		if (!"false".equals(System.getProperty("stocksync.test.docker"))
				&& DockerClientFactory.instance().isDockerAvailable()) {
			PostgreSQLContainer postgres = new PostgreSQLContainer("postgres:17.6");
			postgres.start();
			return new TestDatabase(
					"jdbc:postgresql://" + postgres.getHost() + ":" + postgres.getMappedPort(5432) + "/",
					postgres.getUsername(), postgres.getPassword());
		}
		EmbeddedPostgres postgres;
		try {
			postgres = EmbeddedPostgres.builder().start();
		}
		catch (Exception ex) {
			throw new IllegalStateException("cannot start embedded PostgreSQL", ex);
		}
		Runtime.getRuntime().addShutdownHook(new Thread(() -> {
			try {
				postgres.close();
			}
			catch (Exception ex) {
				// the JVM is ending; nothing left to clean
			}
		}));
		return new TestDatabase("jdbc:postgresql://127.0.0.1:" + postgres.getPort() + "/", "postgres", "postgres");
	}

	/** Creates an empty database and registers it as the Spring datasource. */
	public void registerProperties(DynamicPropertyRegistry registry) {
		String name = "stocksync_slice_" + UUID.randomUUID().toString().replace("-", "").substring(0, 12);
		try (Connection connection = DriverManager.getConnection(this.jdbcBaseUrl + "postgres", this.user,
				this.password); Statement statement = connection.createStatement()) {
			statement.execute("create database " + name); // name is generated above,
															// never user input
		}
		catch (SQLException ex) {
			throw new IllegalStateException("cannot create test database " + name, ex);
		}
		registry.add("spring.datasource.url", () -> this.jdbcBaseUrl + name);
		registry.add("spring.datasource.username", () -> this.user);
		registry.add("spring.datasource.password", () -> this.password);
	}

}
