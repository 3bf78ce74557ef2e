package io.stocksync.systemtests;

import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;

import io.stocksync.common.json.JsonMappers;
import io.stocksync.fakeshop.FakeShop;
import io.stocksync.fakeshop.FakeShopOptions;
import io.stocksync.testsupport.ServiceProcess;
import io.stocksync.testsupport.StandaloneKafka;
import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Readiness follows the infrastructure: a service that needs PostgreSQL and Kafka leaves
 * the load balancer while either is gone and comes back by itself when it returns, while
 * liveness stays up (no restart storm). Runs on its own PostgreSQL and Kafka broker,
 * which it stops and starts again with their data.
 */
class ReadinessIntegrationTests {

	private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();

	private static final Duration CHANGE = Duration.ofSeconds(45);

	private static Path directory;

	private static int postgresPort;

	private static EmbeddedPostgres postgres;

	private static StandaloneKafka kafka;

	private static FakeShop shop;

	private static ServiceProcess propagator;

	private static ServiceProcess ledger;

	@BeforeAll
	static void start() throws IOException {
		directory = Files.createTempDirectory("readiness");
		postgresPort = freePort();
		postgres = startPostgres();
		kafka = StandaloneKafka.start(directory.resolve("kafka"));
		shop = FakeShop.start(FakeShopOptions.defaults("shop1"));
		shop.addSimpleProduct("WCP-MUG", 5);
		Path sites = directory.resolve("sites.yml");
		Files.writeString(sites, """
				sites:
				  - id: shop1
				    base-url: %s
				    consumer-key: %s
				    consumer-secret: %s
				    webhook-secret: %s
				""".formatted(shop.baseUrl(), shop.consumerKey(), shop.consumerSecret(), shop.webhookSecret()));
		Map<String, String> env = Map.of("KAFKA_BOOTSTRAP_SERVERS", kafka.bootstrapServers(), "DATABASE_URL",
				"jdbc:postgresql://127.0.0.1:" + postgresPort + "/postgres", "DATABASE_USER", "postgres",
				"DATABASE_PASSWORD", "postgres", "STOCKSYNC_SITES_FILE", sites.toString(), "SPRING_PROFILES_ACTIVE",
				"local", "LOGGING_STRUCTURED_FORMAT_CONSOLE", "ecs");
		ledger = ServiceProcess.start("ledger", env);
		propagator = ServiceProcess.start("propagator", env);
		ledger.awaitHealthy(Duration.ofSeconds(120));
		propagator.awaitHealthy(Duration.ofSeconds(120));
	}

	@AfterAll
	static void stop() throws IOException {
		if (propagator != null) {
			propagator.close();
		}
		if (ledger != null) {
			ledger.close();
		}
		if (shop != null) {
			shop.close();
		}
		if (kafka != null) {
			kafka.close();
		}
		if (postgres != null) {
			postgres.close();
		}
	}

	@Test
	void shouldLeaveAndRejoinTheLoadBalancerAsPostgresAndKafkaGoAndReturn() throws IOException {
		awaitReadiness(200);

		postgres.close();
		awaitReadiness(503);
		assertThat(status(ledger, "/livez")).isEqualTo(200);
		assertThat(status(propagator, "/livez")).isEqualTo(200);
		postgres = startPostgres();
		awaitReadiness(200);

		kafka.stop();
		awaitReadiness(503);
		assertThat(status(ledger, "/livez")).isEqualTo(200);
		assertThat(status(propagator, "/livez")).isEqualTo(200);
		kafka.start();
		awaitReadiness(200);
	}

	@Test
	void shouldWriteStructuredJsonLogsWhenAskedTo() throws IOException {
		List<String> lines = Files.readAllLines(propagator.log())
			.stream()
			.filter((line) -> line.startsWith("{"))
			.toList();

		assertThat(lines).isNotEmpty().allSatisfy((line) -> {
			JsonNode json = JsonMappers.standard().readTree(line);
			assertThat(json.path("@timestamp").isMissingNode()).isFalse();
			assertThat(json.path("log").path("level").isMissingNode() && json.path("log.level").isMissingNode())
				.isFalse();
		});
		assertThat(lines).anySatisfy((line) -> assertThat(line).contains("propagator-service"));
		assertThat(Files.readAllLines(ledger.log()))
			.anySatisfy((line) -> assertThat(line).startsWith("{\"@timestamp\""));
	}

	private static void awaitReadiness(int expected) {
		for (ServiceProcess service : new ServiceProcess[] { ledger, propagator }) {
			await(service + " /readyz " + expected).atMost(CHANGE)
				.pollInterval(Duration.ofMillis(500))
				.until(() -> status(service, "/readyz") == expected);
		}
	}

	private static int status(ServiceProcess service, String path) {
		try {
			return HTTP
				.send(HttpRequest.newBuilder(URI.create(service.url(path))).timeout(Duration.ofSeconds(10)).build(),
						HttpResponse.BodyHandlers.discarding())
				.statusCode();
		}
		catch (IOException ex) {
			return -1;
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			return -1;
		}
	}

	private static EmbeddedPostgres startPostgres() throws IOException {
		return EmbeddedPostgres.builder()
			.setPort(postgresPort)
			.setDataDirectory(directory.resolve("postgres"))
			.setCleanDataDirectory(false)
			.start();
	}

	private static int freePort() throws IOException {
		try (ServerSocket socket = new ServerSocket(0)) {
			return socket.getLocalPort();
		}
	}

}
