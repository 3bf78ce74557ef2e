package io.stocksync.propagator;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.Collection;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Function;
import java.util.stream.Collectors;

import io.stocksync.common.event.StockChanged;
import io.stocksync.common.json.JsonMappers;
import io.stocksync.fakeshop.FakeShop;
import io.stocksync.testsupport.TestClassContextCustomizer;
import io.stocksync.testsupport.TestInfrastructure;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.common.TopicPartition;
import tools.jackson.databind.JsonNode;

import org.springframework.beans.factory.support.BeanDefinitionRegistry;
import org.springframework.beans.factory.support.RootBeanDefinition;
import org.springframework.context.ApplicationContext;
import org.springframework.context.ApplicationContextAware;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.core.annotation.MergedAnnotations;
import org.springframework.core.annotation.MergedAnnotations.SearchStrategy;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.kafka.core.KafkaAdmin;
import org.springframework.kafka.core.KafkaTemplate;
import org.springframework.test.context.ContextConfigurationAttributes;
import org.springframework.test.context.ContextCustomizer;
import org.springframework.test.context.ContextCustomizerFactory;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.MergedContextConfiguration;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * What the propagator's integration tests share. As static helpers: a sites file for fake
 * shops, stock changes, write requests counted, admin calls. As a bean of each
 * {@link PropagatorIntegrationTest} context: the class's own topics, stock changes sent
 * to them, and calls to the admin API of the context's server with the class's token.
 */
final class PropagatorTestSupport implements ApplicationContextAware {

	private static final HttpClient HTTP = HttpClient.newHttpClient();

	private final String prefix;

	private final String token;

	private ApplicationContext context;

	private volatile boolean topicsLoaded;

	PropagatorTestSupport(String prefix, String token) {
		this.prefix = prefix;
		this.token = token;
	}

	@Override
	public void setApplicationContext(ApplicationContext context) {
		this.context = context;
	}

	String token() {
		return this.token;
	}

	String stockChanged() {
		return this.prefix + "stock-changed";
	}

	/** The shops' own stock reports (what ingest publishes for product updates). */
	String productStock() {
		return this.prefix + "product-stock";
	}

	/** The ledger's topic for adjustment requests (hand edits adopted). */
	String adjustments() {
		return this.prefix + "stock-adjustments";
	}

	/* Kafka */

	@SuppressWarnings("unchecked")
	KafkaTemplate<String, Object> kafka() {
		awaitTopicsLoaded();
		return this.context.getBean(KafkaTemplate.class);
	}

	/*
	 * The class's topics (stock changes, each shop's retry and dead-letter topics) are
	 * created as its context starts, and the broker accepts a creation before it has
	 * loaded the partitions. A record sent in between is refused
	 * (NOT_LEADER_OR_FOLLOWER), and the idempotent producer's retry of it can then be
	 * refused as out of sequence until its delivery timeout (120 s) gives it up: a test
	 * that flushed waited two minutes (seen in PropagatorIntegrationTests). So the first
	 * use of the producer waits until every partition of the class's topics answers a
	 * ListOffsets, which a broker answers once it has loaded the partition (the admin
	 * client retries until then).
	 */
	private void awaitTopicsLoaded() {
		if (this.topicsLoaded) {
			return;
		}
		try (Admin admin = Admin.create(this.context.getBean(KafkaAdmin.class).getConfigurationProperties())) {
			Set<String> topics = admin.listTopics()
				.names()
				.get(30, TimeUnit.SECONDS)
				.stream()
				.filter((name) -> name.startsWith(this.prefix))
				.collect(Collectors.toSet());
			Map<TopicPartition, OffsetSpec> partitions = new HashMap<>();
			admin.describeTopics(topics)
				.allTopicNames()
				.get(30, TimeUnit.SECONDS)
				.values()
				.forEach((topic) -> topic.partitions()
					.forEach((partition) -> partitions.put(new TopicPartition(topic.name(), partition.partition()),
							OffsetSpec.latest())));
			admin.listOffsets(partitions).all().get(60, TimeUnit.SECONDS);
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			throw new IllegalStateException(ex);
		}
		catch (ExecutionException | TimeoutException ex) {
			throw new IllegalStateException("The topics of " + this.prefix + "* were not loaded: " + ex, ex);
		}
		this.topicsLoaded = true;
	}

	/** Sends a stock change to the class's topic, keyed by its SKU. */
	void send(StockChanged change) {
		kafka().send(stockChanged(), change.sku(), change);
	}

	/* PostgreSQL */

	JdbcClient jdbc() {
		return this.context.getBean(JdbcClient.class);
	}

	/* The admin API */

	/** A call to this context's admin API with the class's token. */
	HttpResponse<String> admin(String method, String path) {
		return admin(Integer.parseInt(this.context.getEnvironment().getRequiredProperty("local.server.port")),
				this.token, method, path);
	}

	/* Static helpers */

	/**
	 * A sites file naming the shops; {@code extra} adds lines (buffer, cap) for a shop,
	 * or returns "".
	 */
	static String sitesFile(Collection<FakeShop> shops, Function<FakeShop, String> extra) {
		StringBuilder sites = new StringBuilder("sites:\n");
		shops.forEach((shop) -> sites.append(shop.sitesEntry()).append(extra.apply(shop)));
		return sitesFile(sites);
	}

	/** Writes a sites file's text to a temporary file and returns its path. */
	static String sitesFile(CharSequence sites) {
		try {
			Path file = Files.createTempFile("propagator-sites", ".yml");
			Files.writeString(file, sites);
			return file.toString();
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
	}

	static StockChanged change(String sku, long available, long version) {
		return new StockChanged(StockChanged.SCHEMA_VERSION, UUID.randomUUID().toString(), sku, available, available,
				false, version, "test", Instant.now());
	}

	static long writeRequests(FakeShop shop) {
		return shop.requestCount("POST", "/wp-json/wc/v3/products")
				+ shop.requestCount("PUT", "/wp-json/wc/v3/products");
	}

	static HttpResponse<String> admin(int port, String token, String method, String path) {
		try {
			return HTTP.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path))
				.header("Authorization", "Bearer " + token)
				.method(method, HttpRequest.BodyPublishers.noBody())
				.build(), HttpResponse.BodyHandlers.ofString());
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			throw new IllegalStateException(ex);
		}
	}

	static JsonNode json(HttpResponse<String> response) {
		assertThat(response.statusCode()).as(response.body()).isBetween(200, 299);
		return JsonMappers.standard().readTree(response.body());
	}

	/**
	 * Short retries for tests that reach a DLT or an open circuit in seconds: a failed
	 * write waits 100 ms to 1 s, three failures open a shop's circuit for 1 s, and a
	 * change is retried {@code attempts} times, 0.5 s then 1 s apart.
	 */
	static void shortRetries(DynamicPropertyRegistry registry, int attempts) {
		registry.add("stocksync.push.failure-backoff", () -> "100ms");
		registry.add("stocksync.push.max-failure-backoff", () -> "1s");
		registry.add("stocksync.push.breaker.failure-threshold", () -> "3");
		registry.add("stocksync.push.breaker.open-duration", () -> "1s");
		registry.add("stocksync.push.retry.attempts", () -> String.valueOf(attempts));
		registry.add("stocksync.push.retry.initial-backoff", () -> "500ms");
		registry.add("stocksync.push.retry.max-backoff", () -> "1s");
	}

	/** Makes a {@link Customizer} for each {@link PropagatorIntegrationTest} class. */
	static final class CustomizerFactory implements ContextCustomizerFactory {

		@Override
		public ContextCustomizer createContextCustomizer(Class<?> testClass,
				List<ContextConfigurationAttributes> configAttributes) {
			var test = MergedAnnotations.from(testClass, SearchStrategy.TYPE_HIERARCHY)
				.get(PropagatorIntegrationTest.class);
			if (!test.isPresent()) {
				return null;
			}
			return new Customizer(testClass, test.getString("token"));
		}

	}

	/**
	 * Points the context at Kafka, a fresh database and topics of the test class's own,
	 * sets the admin token and adds the {@link PropagatorTestSupport} bean. One per test
	 * class, so that each class keeps a context of its own.
	 */
	static final class Customizer extends TestClassContextCustomizer {

		private final String token;

		Customizer(Class<?> testClass, String token) {
			super(testClass);
			this.token = token;
		}

		@Override
		public void customizeContext(ConfigurableApplicationContext context, MergedContextConfiguration config) {
			PropagatorTestSupport support = new PropagatorTestSupport(TestInfrastructure.uniqueTopicPrefix(),
					this.token);
			Map<String, Object> properties = new LinkedHashMap<>();
			properties.put("stocksync.topics.stock-changed", support.stockChanged());
			properties.put("stocksync.topics.product-stock", support.productStock());
			properties.put("stocksync.topics.adjustments", support.adjustments());
			properties.put("stocksync.admin-token", this.token);
			addProperties(context, "propagator-integration-test", properties);
			((BeanDefinitionRegistry) context).registerBeanDefinition("propagatorTestSupport",
					new RootBeanDefinition(PropagatorTestSupport.class, () -> support));
		}

	}

}
