package io.stocksync.localstack;

import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.concurrent.CountDownLatch;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;

/**
 * Runs PostgreSQL (zonky embedded binaries) as a plain process for
 * {@code ./run-local.sh}: no installation, works as root. Creates the database if it is
 * missing, prints the JDBC URL and runs until SIGTERM / Ctrl-C.
 *
 * <pre>
 * java -cp 'local-stack/target/classes:local-stack/target/pg-lib/*:local-stack/target/kafka-lib/*' \
 *     io.stocksync.localstack.EmbeddedPostgresMain --port 5433 --data-dir .run-local/postgres [--database stocksync]
 * </pre>
 *
 * The user is {@code postgres} with no password (trust authentication on localhost).
 */
public final class EmbeddedPostgresMain {

	private EmbeddedPostgresMain() {
	}

	public static void main(String[] args) throws Exception {
		int port = 5433;
		Path dataDir = null;
		String database = "stocksync";
		for (int i = 0; i < args.length; i++) {
			switch (args[i]) {
				case "--port" -> port = Integer.parseInt(value(args, ++i, "--port"));
				case "--data-dir" -> dataDir = Path.of(value(args, ++i, "--data-dir"));
				case "--database" -> database = value(args, ++i, "--database");
				case "-h", "--help" -> {
					usage();
					return;
				}
				default -> {
					System.err.println("unknown argument: " + args[i]);
					usage();
					System.exit(2);
				}
			}
		}
		if (!database.matches("[a-z_][a-z0-9_]{0,62}")) {
			throw new IllegalArgumentException("database name must be lower-case letters, digits and '_'");
		}

		EmbeddedPostgres.Builder builder = EmbeddedPostgres.builder().setPort(port).setCleanDataDirectory(false);
		if (dataDir != null) {
			Files.createDirectories(dataDir);
			builder.setDataDirectory(dataDir.toAbsolutePath());
		}
		long started = System.nanoTime();
		EmbeddedPostgres postgres = builder.start();
		createDatabaseIfMissing(postgres, database);

		CountDownLatch stopped = new CountDownLatch(1);
		Runtime.getRuntime().addShutdownHook(new Thread(() -> {
			System.out.println("Stopping embedded PostgreSQL on port " + postgres.getPort());
			try {
				postgres.close();
			}
			catch (Exception ex) {
				System.err.println("Stopping PostgreSQL failed: " + ex);
			}
			stopped.countDown();
		}, "embedded-postgres-stop"));

		System.out.printf("Embedded PostgreSQL started in %d ms%n", (System.nanoTime() - started) / 1_000_000);
		System.out.println("JDBC URL: " + postgres.getJdbcUrl("postgres", database)
			.replace("localhost", "127.0.0.1")
			.replaceAll("[?&]user=postgres", ""));
		System.out.println("user: postgres (no password)");
		System.out.println("READY");
		System.out.flush();
		stopped.await();
	}

	private static void createDatabaseIfMissing(EmbeddedPostgres postgres, String database) throws SQLException {
		try (Connection connection = postgres.getPostgresDatabase().getConnection()) {
			boolean exists;
			try (PreparedStatement query = connection.prepareStatement("SELECT 1 FROM pg_database WHERE datname = ?")) {
				query.setString(1, database);
				try (ResultSet rows = query.executeQuery()) {
					exists = rows.next();
				}
			}
			if (!exists) {
				try (Statement create = connection.createStatement()) {
					create.execute("CREATE DATABASE " + database);
				}
				System.out.println("Created database " + database);
			}
		}
	}

	private static String value(String[] args, int index, String name) {
		if (index >= args.length) {
			throw new IllegalArgumentException(name + " needs a value");
		}
		return args[index];
	}

	private static void usage() {
		System.err.println("usage: EmbeddedPostgresMain [--port 5433] [--data-dir DIR] [--database stocksync]");
	}

}
