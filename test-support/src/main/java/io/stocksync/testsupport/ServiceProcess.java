package io.stocksync.testsupport;

import java.io.File;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import static org.awaitility.Awaitility.await;

/**
 * One service running from its exec jar as a separate JVM, as it runs in production (for
 * system-tests and the console's browser tests). Its log goes to
 * {@code target/service-logs/<name>.log} of the module running the test (appended to, so
 * a restarted service's log follows its first run's).
 */
public final class ServiceProcess implements AutoCloseable {

	private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();

	private final String name;

	private final int port;

	private final Process process;

	private final Path log;

	private ServiceProcess(String name, int port, Process process, Path log) {
		this.name = name;
		this.port = port;
		this.process = process;
		this.log = log;
	}

	/**
	 * The environment the three services share in a test stack: the infrastructure's
	 * Kafka and a fresh database, the admin token, the sites file, the {@code local}
	 * profile and a fresh data directory (ingest's spool and watermarks). Mutable, for a
	 * test's own additions.
	 */
	public static Map<String, String> stackEnvironment(TestInfrastructure infrastructure, Path sitesFile,
			String adminToken) {
		Map<String, String> env = new HashMap<>();
		env.put("KAFKA_BOOTSTRAP_SERVERS", infrastructure.kafkaBootstrapServers());
		env.put("DATABASE_URL", infrastructure.newDatabase());
		env.put("DATABASE_USER", infrastructure.user());
		env.put("DATABASE_PASSWORD", infrastructure.password());
		env.put("ADMIN_TOKEN", adminToken);
		env.put("STOCKSYNC_SITES_FILE", sitesFile.toString());
		env.put("SPRING_PROFILES_ACTIVE", "local");
		try {
			env.put("STOCKSYNC_DATA_DIR", Files.createTempDirectory("ingest-data").toString());
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
		return env;
	}

	public static ServiceProcess start(String name, Map<String, String> env) {
		String jar = System.getProperty("stocksync.jar." + name);
		if (jar == null || !new File(jar).isFile()) {
			throw new IllegalStateException(
					"exec jar of " + name + " not found at " + jar + " (run the build through Maven: ./mvnw verify)");
		}
		int port = freePort();
		Path logs = Path.of(System.getProperty("stocksync.logs", "target/service-logs"));
		try {
			Files.createDirectories(logs);
			Path log = logs.resolve(name + ".log");
			String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
			List<String> command = new ArrayList<>(
					List.of(java, "-Xmx256m", "-XX:+UseSerialGC", "-XX:TieredStopAtLevel=1", "-jar", jar));
			ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true)
				.redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile()));
			builder.environment().putAll(env);
			builder.environment().put("SERVER_PORT", String.valueOf(port));
			return new ServiceProcess(name, port, builder.start(), log);
		}
		catch (IOException ex) {
			throw new IllegalStateException("cannot start " + name, ex);
		}
	}

	/**
	 * Waits until {@code /actuator/health} says UP; fails early with the log's tail if
	 * the process died.
	 */
	public ServiceProcess awaitHealthy(Duration timeout) {
		await(this.name + " healthy").atMost(timeout).pollInterval(Duration.ofMillis(250)).until(() -> {
			if (!this.process.isAlive()) {
				throw new IllegalStateException(
						this.name + " exited with " + this.process.exitValue() + "; log: " + tail());
			}
			try {
				HttpResponse<String> response = HTTP.send(HttpRequest.newBuilder(URI.create(url("/actuator/health")))
					.timeout(Duration.ofSeconds(2))
					.build(), HttpResponse.BodyHandlers.ofString());
				return response.statusCode() == 200 && response.body().contains("\"UP\"");
			}
			catch (IOException ex) {
				return false;
			}
		});
		return this;
	}

	public Path log() {
		return this.log;
	}

	@Override
	public String toString() {
		return this.name;
	}

	public String url(String path) {
		return "http://127.0.0.1:" + this.port + path;
	}

	public String tail() {
		try {
			List<String> lines = Files.readAllLines(this.log);
			return String.join("\n", lines.subList(Math.max(0, lines.size() - 40), lines.size()));
		}
		catch (IOException ex) {
			return "(no log: " + ex.getMessage() + ")";
		}
	}

	/** Kills the process at once ({@code kill -9}): no shutdown hook, nothing flushed. */
	public void kill() {
		this.process.destroyForcibly();
		try {
			if (!this.process.waitFor(20, TimeUnit.SECONDS)) {
				throw new IllegalStateException(this.name + " still alive after SIGKILL");
			}
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
		}
	}

	@Override
	public void close() {
		this.process.destroy();
		try {
			if (!this.process.waitFor(20, TimeUnit.SECONDS)) {
				this.process.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
			}
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
		}
	}

	private static int freePort() {
		try (ServerSocket socket = new ServerSocket(0)) {
			return socket.getLocalPort();
		}
		catch (IOException ex) {
			throw new IllegalStateException(ex);
		}
	}

}
