package io.stocksync.testsupport;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicInteger;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.testcontainers.DockerClientFactory;
import org.testcontainers.kafka.KafkaContainer;
import org.testcontainers.postgresql.PostgreSQLContainer;

import org.springframework.kafka.test.EmbeddedKafkaKraftBroker;
import org.springframework.test.context.DynamicPropertyRegistry;

/**
 * One real Kafka broker and one real PostgreSQL server per test JVM. With Docker they
 * come from Testcontainers; without it, Kafka is an in-process KRaft broker and
 * PostgreSQL an embedded server (zonky), both real servers spoken to over TCP. Each test
 * class gets its own database ({@link #newDatabase()}) and its own topic names, so no
 * state leaks between classes. The mode is logged and available from {@link #mode()}.
 */
public final class TestInfrastructure {

	private static final Logger logger = LoggerFactory.getLogger(TestInfrastructure.class);

	private static final AtomicInteger databases = new AtomicInteger();

	private static volatile TestInfrastructure instance;

	private final String mode;

	private final String kafkaBootstrapServers;

	private final String jdbcBaseUrl;

	private final String user;

	private final String password;

	private TestInfrastructure(String mode, String kafkaBootstrapServers, String jdbcBaseUrl, String user,
			String password) {
		this.mode = mode;
		this.kafkaBootstrapServers = kafkaBootstrapServers;
		this.jdbcBaseUrl = jdbcBaseUrl;
		this.user = user;
		this.password = password;
	}

	/** Starts the infrastructure on first use; later calls return the same servers. */
	public static TestInfrastructure get() {
		if (instance == null) {
			synchronized (TestInfrastructure.class) {
				if (instance == null) {
					instance = start();
				}
			}
		}
		return instance;
	}

	private static TestInfrastructure start() {
		boolean docker = !"false".equals(System.getProperty("stocksync.test.docker"))
				&& DockerClientFactory.instance().isDockerAvailable();
		TestInfrastructure infrastructure = docker ? startContainers() : startInProcess();
		logger.info("Test infrastructure: {} (Kafka {}, PostgreSQL {})", infrastructure.mode,
				infrastructure.kafkaBootstrapServers, infrastructure.jdbcBaseUrl);
		System.out.println("[stock-sync tests] infrastructure mode: " + infrastructure.mode); // visible
																								// in
																								// build
																								// output
		return infrastructure;
	}

	@SuppressWarnings("resource") // live until the JVM ends
	private static TestInfrastructure startContainers() {
		KafkaContainer kafka = new KafkaContainer("apache/kafka-native:4.1.1");
		PostgreSQLContainer postgres = new PostgreSQLContainer("postgres:17.6");
		kafka.start();
		postgres.start();
		String base = "jdbc:postgresql://" + postgres.getHost() + ":" + postgres.getMappedPort(5432) + "/";
		return new TestInfrastructure("testcontainers (Docker)", kafka.getBootstrapServers(), base,
				postgres.getUsername(), postgres.getPassword());
	}

	private static TestInfrastructure startInProcess() {
		EmbeddedKafkaKraftBroker kafka = new EmbeddedKafkaKraftBroker(1, 3);
		kafka.brokerProperties(Map.of("auto.create.topics.enable", "true", "num.partitions", "3",
				"offsets.topic.replication.factor", "1", "transaction.state.log.replication.factor", "1",
				"transaction.state.log.min.isr", "1", "group.initial.rebalance.delay.ms", "0"));
		kafka.afterPropertiesSet();
		EmbeddedPostgres postgres;
		try {
			postgres = EmbeddedPostgres.builder().start();
		}
		catch (Exception ex) {
			throw new IllegalStateException("cannot start embedded PostgreSQL", ex);
		}
		Runtime.getRuntime().addShutdownHook(new Thread(() -> {
			kafka.destroy();
			try {
				postgres.close();
			}
			catch (Exception ex) {
				// the JVM is ending; nothing left to clean
			}
		}));
		String bootstrap = kafka.getBrokersAsString().replace("localhost", "127.0.0.1");
		String base = "jdbc:postgresql://127.0.0.1:" + postgres.getPort() + "/";
		return new TestInfrastructure("in-process (no Docker): embedded KRaft Kafka broker + embedded PostgreSQL",
				bootstrap, base, "postgres", "postgres");
	}

	public String mode() {
		return this.mode;
	}

	public String kafkaBootstrapServers() {
		return this.kafkaBootstrapServers;
	}

	public String user() {
		return this.user;
	}

	public String password() {
		return this.password;
	}

	/** Creates an empty database and returns its JDBC URL. */
	public String newDatabase() {
		String name = "stocksync_test_" + databases.incrementAndGet() + "_"
				+ UUID.randomUUID().toString().substring(0, 8);
		try (Connection connection = DriverManager.getConnection(this.jdbcBaseUrl + "postgres", this.user,
				this.password); Statement statement = connection.createStatement()) {
			statement.execute("create database " + name); // name is generated above,
															// never user input
		}
		catch (SQLException ex) {
			throw new IllegalStateException("cannot create test database " + name, ex);
		}
		return this.jdbcBaseUrl + name;
	}

	/** A prefix for topic names that no other test class uses. */
	public static String uniqueTopicPrefix() {
		return "t" + UUID.randomUUID().toString().substring(0, 8) + ".";
	}

	/**
	 * Registers Kafka and a fresh database as Spring properties, and topic names unique
	 * to the calling test class.
	 */
	public void registerProperties(DynamicPropertyRegistry registry) {
		String database = newDatabase();
		registry.add("spring.kafka.bootstrap-servers", this::kafkaBootstrapServers);
		registry.add("spring.datasource.url", () -> database);
		registry.add("spring.datasource.username", this::user);
		registry.add("spring.datasource.password", this::password);
	}

}
