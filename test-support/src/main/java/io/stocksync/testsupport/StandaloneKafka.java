package io.stocksync.testsupport;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

import org.apache.kafka.common.Uuid;

import static org.awaitility.Awaitility.await;

/**
 * A single-node KRaft Kafka broker in its own JVM (the {@code kafka.Kafka} main class
 * from the test class path), which a test can stop and start again on the same port with
 * the same data, as an outage would. The shared in-process broker of
 * {@code TestInfrastructure} cannot be stopped without breaking every other test of the
 * JVM.
 */
public final class StandaloneKafka implements AutoCloseable {

	private final Path directory;

	private final int port;

	private final Path config;

	private Process process;

	private StandaloneKafka(Path directory, int port, Path config) {
		this.directory = directory;
		this.port = port;
		this.config = config;
	}

	/** Formats a fresh broker under {@code directory} and starts it. */
	public static StandaloneKafka start(Path directory) {
		try {
			Files.createDirectories(directory);
			int port = freePort();
			int controllerPort = freePort();
			Path config = directory.resolve("server.properties");
			Files.writeString(config, String.join("\n", "process.roles=broker,controller", "node.id=1",
					"controller.quorum.voters=1@127.0.0.1:" + controllerPort,
					"listeners=PLAINTEXT://127.0.0.1:" + port + ",CONTROLLER://127.0.0.1:" + controllerPort,
					"advertised.listeners=PLAINTEXT://127.0.0.1:" + port, "controller.listener.names=CONTROLLER",
					"listener.security.protocol.map=PLAINTEXT:PLAINTEXT,CONTROLLER:PLAINTEXT",
					"inter.broker.listener.name=PLAINTEXT", "log.dirs=" + directory.resolve("logs"),
					"offsets.topic.replication.factor=1", "transaction.state.log.replication.factor=1",
					"transaction.state.log.min.isr=1", "num.partitions=3", "auto.create.topics.enable=true",
					"group.initial.rebalance.delay.ms=0", "log.flush.interval.messages=1", ""));
			Files.writeString(directory.resolve("logback.xml"), """
					<configuration>
					  <appender name="out" class="ch.qos.logback.core.ConsoleAppender">
					    <encoder><pattern>%d %-5level %logger{36} - %msg%n</pattern></encoder>
					  </appender>
					  <root level="WARN"><appender-ref ref="out"/></root>
					</configuration>
					""");
			StandaloneKafka kafka = new StandaloneKafka(directory, port, config);
			Process format = kafka
				.java("kafka.tools.StorageTool", "format", "-t", Uuid.randomUuid().toString(), "-c", config.toString())
				.redirectOutput(directory.resolve("format.log").toFile())
				.start();
			if (!format.waitFor(60, TimeUnit.SECONDS) || format.exitValue() != 0) {
				throw new IllegalStateException(
						"formatting the Kafka storage failed: " + Files.readString(directory.resolve("format.log")));
			}
			kafka.start();
			return kafka;
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			throw new IllegalStateException(ex);
		}
	}

	public String bootstrapServers() {
		return "127.0.0.1:" + this.port;
	}

	/** Starts the broker (again) and waits until it accepts connections. */
	public void start() {
		try {
			this.process = java("kafka.Kafka", this.config.toString())
				.redirectOutput(ProcessBuilder.Redirect.appendTo(this.directory.resolve("broker.log").toFile()))
				.start();
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
		await("Kafka listening on " + this.port).atMost(Duration.ofSeconds(60))
			.pollInterval(Duration.ofMillis(200))
			.until(() -> {
				if (!this.process.isAlive()) {
					throw new IllegalStateException(
							"Kafka exited: " + Files.readString(this.directory.resolve("broker.log")));
				}
				return isListening();
			});
	}

	/**
	 * Stops the broker like an outage would (SIGTERM), and waits until its port is
	 * closed.
	 */
	public void stop() {
		this.process.destroy();
		try {
			if (!this.process.waitFor(30, TimeUnit.SECONDS)) {
				this.process.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
			}
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
		}
		await("Kafka port closed").atMost(Duration.ofSeconds(30)).until(() -> !isListening());
	}

	@Override
	public void close() {
		if (this.process != null && this.process.isAlive()) {
			this.process.destroyForcibly();
		}
	}

	private boolean isListening() {
		try (Socket socket = new Socket()) {
			socket.connect(new InetSocketAddress("127.0.0.1", this.port), 500);
			return true;
		}
		catch (IOException ex) {
			return false;
		}
	}

	private ProcessBuilder java(String mainClass, String... args) {
		List<String> command = new ArrayList<>(List.of(
				Path.of(System.getProperty("java.home"), "bin", "java").toString(), "-Xmx256m", "-XX:+UseSerialGC",
				"-XX:TieredStopAtLevel=1", "-Dlogback.configurationFile=" + this.directory.resolve("logback.xml"),
				"-cp", System.getProperty("java.class.path"), mainClass));
		command.addAll(List.of(args));
		return new ProcessBuilder(command).redirectErrorStream(true);
	}

	private static int freePort() throws IOException {
		try (ServerSocket socket = new ServerSocket(0)) {
			return socket.getLocalPort();
		}
	}

}
