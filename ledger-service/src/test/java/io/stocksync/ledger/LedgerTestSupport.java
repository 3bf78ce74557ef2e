package io.stocksync.ledger;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;

import io.stocksync.common.event.AdjustmentType;
import io.stocksync.common.event.OrderLine;
import io.stocksync.common.event.OrderSnapshot;
import io.stocksync.common.event.StockAdjustmentRequested;
import io.stocksync.common.json.JsonMappers;
import io.stocksync.testsupport.TestClassContextCustomizer;
import io.stocksync.testsupport.TestInfrastructure;
import tools.jackson.databind.JsonNode;

import org.springframework.beans.factory.DisposableBean;
import org.springframework.beans.factory.support.BeanDefinitionRegistry;
import org.springframework.beans.factory.support.RootBeanDefinition;
import org.springframework.context.ApplicationContext;
import org.springframework.context.ApplicationContextAware;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.core.annotation.MergedAnnotations;
import org.springframework.core.annotation.MergedAnnotations.SearchStrategy;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.kafka.core.KafkaTemplate;
import org.springframework.kafka.support.SendResult;
import org.springframework.test.context.ContextConfigurationAttributes;
import org.springframework.test.context.ContextCustomizer;
import org.springframework.test.context.ContextCustomizerFactory;
import org.springframework.test.context.MergedContextConfiguration;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * What the ledger's integration tests share, as a bean of each
 * {@link LedgerIntegrationTest} context: the class's own topics (and groups), orders and
 * adjustments sent to them, the stock as PostgreSQL holds it, waiting until the ledger is
 * idle, and calls to the admin API with the class's token.
 */
public final class LedgerTestSupport implements ApplicationContextAware, DisposableBean {

	private static final HttpClient HTTP = HttpClient.newHttpClient();

	private static final Instant ORDERS_START = Instant.parse("2026-11-22T10:00:00Z");

	private final String prefix;

	private final String token;

	private ApplicationContext context;

	private ConsumerLag lag;

	LedgerTestSupport(String prefix, String token) {
		this.prefix = prefix;
		this.token = token;
	}

	@Override
	public void setApplicationContext(ApplicationContext context) {
		this.context = context;
	}

	public String prefix() {
		return this.prefix;
	}

	public String token() {
		return this.token;
	}

	public String orders() {
		return this.prefix + "order-events";
	}

	public String adjustments() {
		return this.prefix + "stock-adjustments";
	}

	public String stockChanged() {
		return this.prefix + "stock-changed";
	}

	/* Kafka */

	@SuppressWarnings("unchecked")
	public KafkaTemplate<String, Object> kafka() {
		return this.context.getBean(KafkaTemplate.class);
	}

	public void adjust(String sku, AdjustmentType type, long quantity, String key) {
		kafka().send(adjustments(), sku, new StockAdjustmentRequested(1, UUID.randomUUID().toString(), sku, type,
				quantity, "test", key, Instant.now()));
	}

	public CompletableFuture<SendResult<String, Object>> send(OrderSnapshot snapshot) {
		return kafka().send(orders(), snapshot.key(), snapshot);
	}

	/**
	 * An order snapshot from a webhook, modified {@code minute} minutes into the test
	 * day.
	 */
	public static OrderSnapshot order(String shop, long id, String status, int minute, OrderLine... lines) {
		return order(shop, id, status, ORDERS_START.plusSeconds(60L * minute), lines);
	}

	public static OrderSnapshot order(String shop, long id, String status, Instant modified, OrderLine... lines) {
		return new OrderSnapshot(1, UUID.randomUUID().toString(), shop, id, "order.updated", status, modified,
				List.of(lines), "webhook", Instant.now());
	}

	/** A simple product's line; {@code reduced} is what the shop took from its stock. */
	public static OrderLine line(long id, String sku, int quantity, Integer reduced) {
		return new OrderLine(id, sku, 1, 0, quantity, reduced, 0);
	}

	/**
	 * Waits until the outbox is empty and both groups have committed every record: the
	 * ledger is idle. Needs {@link LedgerIntegrationTest#ownGroups()}.
	 */
	public void awaitIdle(Duration atMost) {
		await().atMost(atMost).untilAsserted(() -> {
			assertThat(jdbc().sql("select count(*) from outbox_event").query(Long.class).single()).isZero();
			assertThat(lag().lag(this.prefix + "ledger-orders", orders())).isZero();
			assertThat(lag().lag(this.prefix + "ledger-adjustments", adjustments())).isZero();
		});
	}

	private synchronized ConsumerLag lag() {
		if (this.lag == null) {
			this.lag = new ConsumerLag(TestInfrastructure.get().kafkaBootstrapServers());
		}
		return this.lag;
	}

	@Override
	public synchronized void destroy() {
		if (this.lag != null) {
			this.lag.close();
			this.lag = null;
		}
	}

	/* PostgreSQL */

	public JdbcClient jdbc() {
		return this.context.getBean(JdbcClient.class);
	}

	public Optional<Long> onHand(String sku) {
		return jdbc().sql("select on_hand from stock where sku = :sku").param("sku", sku).query(Long.class).optional();
	}

	/**
	 * Waits (up to 90 s: an import job or a loaded machine is slow) for a SKU's on-hand.
	 */
	public void awaitOnHand(String sku, long expected) {
		await().atMost(Duration.ofSeconds(90)).untilAsserted(() -> assertThat(onHand(sku)).contains(expected));
	}

	/** Every SKU's on-hand quantity. */
	public Map<String, Long> pool() {
		Map<String, Long> pool = new TreeMap<>();
		jdbc().sql("select sku, on_hand from stock").query((rs) -> {
			pool.put(rs.getString("sku"), rs.getLong("on_hand"));
		});
		return pool;
	}

	/* The admin API */

	/** The admin API of this context's server, with the class's token. */
	public AdminApi admin() {
		return new AdminApi(Integer.parseInt(this.context.getEnvironment().getRequiredProperty("local.server.port")),
				this.token);
	}

	/** A response's body as JSON, whatever its status. */
	public static JsonNode json(HttpResponse<String> response) {
		return JsonMappers.standard().readTree(response.body());
	}

	/** Sends a request with the tests' HTTP client. */
	public static HttpResponse<String> send(HttpRequest request) {
		try {
			return HTTP.send(request, HttpResponse.BodyHandlers.ofString());
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			throw new IllegalStateException(ex);
		}
	}

	/** Calls to {@code /admin/**} with {@code Authorization: Bearer <token>}. */
	public record AdminApi(int port, String token) {

		public HttpRequest.Builder request(String path) {
			return HttpRequest.newBuilder(uri(path)).header("Authorization", "Bearer " + this.token);
		}

		public URI uri(String path) {
			return URI.create("http://127.0.0.1:" + this.port + path);
		}

		public HttpResponse<String> get(String path) {
			return send(request(path).build());
		}

		/** The body of a GET that answered 200, as text. */
		public String text(String path, String accept) {
			HttpResponse<String> response = send(request(path).header("Accept", accept).build());
			assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
			return response.body();
		}

		/** The body of a GET that answered 200, as JSON. */
		public JsonNode json(String path) {
			return JsonMappers.standard().readTree(text(path, "application/json"));
		}

		public HttpResponse<String> put(String path, String json) {
			return send(request(path).header("Content-Type", "application/json")
				.PUT(HttpRequest.BodyPublishers.ofString(json))
				.build());
		}

		/** A POST with no body. */
		public HttpResponse<String> post(String path) {
			return send(
					request(path).POST(HttpRequest.BodyPublishers.noBody()).timeout(Duration.ofSeconds(90)).build());
		}

		/** A PUT that must be accepted (202). */
		public void putAccepted(String path, String json) {
			HttpResponse<String> response = put(path, json);
			assertThat(response.statusCode()).as(response.body()).isEqualTo(202);
		}

		/** The body of a POST (no body) that answered 200, as JSON. */
		public JsonNode postJson(String path) {
			HttpResponse<String> response = post(path);
			assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
			return LedgerTestSupport.json(response);
		}

		/** On hand as {@code GET /admin/stock/{sku}} tells it. */
		public long onHand(String sku) {
			return json("/admin/stock/" + sku).path("onHand").asLong();
		}

		/** Polls a job's status until it no longer runs; returns the last status. */
		public JsonNode awaitJob(String path, Duration atMost) {
			JsonNode[] last = new JsonNode[1];
			await().atMost(atMost).untilAsserted(() -> {
				last[0] = json(path);
				assertThat(last[0].path("state").asString()).isNotEqualTo("running");
			});
			return last[0];
		}

	}

	/** Makes a {@link Customizer} for each {@link LedgerIntegrationTest} class. */
	static final class CustomizerFactory implements ContextCustomizerFactory {

		@Override
		public ContextCustomizer createContextCustomizer(Class<?> testClass,
				List<ContextConfigurationAttributes> configAttributes) {
			var test = MergedAnnotations.from(testClass, SearchStrategy.TYPE_HIERARCHY)
				.get(LedgerIntegrationTest.class);
			if (!test.isPresent()) {
				return null;
			}
			return new Customizer(testClass, test.getString("token"), test.getString("sitesFile"),
					test.getBoolean("ownGroups"));
		}

	}

	/**
	 * Points the context at Kafka, a fresh database and topics of the test class's own,
	 * and adds the {@link LedgerTestSupport} bean. One per test class, so that each class
	 * keeps a context of its own.
	 */
	static final class Customizer extends TestClassContextCustomizer {

		private final String token;

		private final String sitesFile;

		private final boolean ownGroups;

		Customizer(Class<?> testClass, String token, String sitesFile, boolean ownGroups) {
			super(testClass);
			this.token = token;
			this.sitesFile = sitesFile;
			this.ownGroups = ownGroups;
		}

		@Override
		public void customizeContext(ConfigurableApplicationContext context, MergedContextConfiguration config) {
			LedgerTestSupport support = new LedgerTestSupport(TestInfrastructure.uniqueTopicPrefix(), this.token);
			Map<String, Object> properties = new LinkedHashMap<>();
			properties.put("stocksync.topics.order-events", support.orders());
			properties.put("stocksync.topics.adjustments", support.adjustments());
			properties.put("stocksync.topics.stock-changed", support.stockChanged());
			properties.put("stocksync.sites-file", this.sitesFile);
			properties.put("stocksync.admin-token", this.token);
			if (this.ownGroups) {
				properties.put("stocksync.groups.orders", support.prefix() + "ledger-orders");
				properties.put("stocksync.groups.adjustments", support.prefix() + "ledger-adjustments");
			}
			addProperties(context, "ledger-integration-test", properties);
			((BeanDefinitionRegistry) context).registerBeanDefinition("ledgerTestSupport",
					new RootBeanDefinition(LedgerTestSupport.class, () -> support));
		}

	}

}
