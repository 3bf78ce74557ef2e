package io.stocksync.systemtests;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import io.stocksync.common.json.JsonMappers;
import io.stocksync.fakeshop.FakeShop;
import io.stocksync.fakeshop.FakeShopOptions;
import io.stocksync.fakeshop.WebhookDelivery;
import io.stocksync.testsupport.ServiceProcess;
import io.stocksync.testsupport.TestInfrastructure;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import tools.jackson.databind.JsonNode;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The whole pipeline for real: three fake WooCommerce shops, ingest, ledger and
 * propagator as separate processes from their exec jars, a real Kafka broker and a real
 * PostgreSQL. An order placed on shop 1 is delivered as a signed webhook, applied to the
 * pool once, and pushed to every shop. The steps build on each other.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class PipelineIntegrationTests {

	private static final String ADMIN_TOKEN = "system-test-admin-token";

	private static final Duration CONVERGE = Duration.ofSeconds(60);

	private static final HttpClient HTTP = HttpClient.newHttpClient();

	private static final List<FakeShop> shops = new ArrayList<>();

	private static final List<ServiceProcess> services = new ArrayList<>();

	private static SystemStack stack;

	private static KafkaOffsets kafka;

	private static ServiceProcess ingest;

	private static ServiceProcess ledger;

	private static long orderId;

	@BeforeAll
	static void startTheSystem() throws IOException {
		kafka = new KafkaOffsets(TestInfrastructure.get().kafkaBootstrapServers());
		StringBuilder sites = new StringBuilder("sites:\n");
		for (int i = 1; i <= 3; i++) {
			FakeShop shop = FakeShop.start(FakeShopOptions.defaults("shop" + i));
			for (int extra = 1; extra < i; extra++) {
				shop.addSimpleProduct("OTHER-" + extra, 1); // product ids differ from
															// shop to shop
			}
			shop.addSimpleProduct("WCP-MUG", 20);
			shop.addSimpleProduct("WCP-CAP", 15);
			shop.addVariableProduct("WCP-TSHIRT", Map.of("WCP-TSHIRT-S", 10, "WCP-TSHIRT-M", 8));
			shops.add(shop);
			sites.append(shop.sitesEntry());
		}
		stack = SystemStack.start(sites, ADMIN_TOKEN, Duration.ofSeconds(120));
		ledger = stack.ledger();
		ingest = stack.ingest();
		services.addAll(stack.services());
		shops.forEach(stack::registerOrderWebhooks);
		HttpResponse<String> imported = stack.admin("POST", ledger.url("/admin/stock/import?fromShop=shop1"));
		assertThat(imported.statusCode()).as(imported.body()).isEqualTo(202);
		await().atMost(CONVERGE).untilAsserted(() -> {
			assertThat(stack.onHand("WCP-MUG")).isEqualTo(20);
			assertThat(stack.onHand("WCP-TSHIRT-M")).isEqualTo(8);
		});
	}

	@AfterAll
	static void stopTheSystem() {
		services.forEach(ServiceProcess::close);
		shops.forEach(FakeShop::close);
		if (kafka != null) {
			kafka.close();
		}
	}

	@Test
	@Order(1)
	void shouldLowerThePoolAndEveryShopWhenAnOrderIsPaidOnShop1() {
		orderId = shop(1).placeOrder("processing", Map.of("WCP-MUG", 2, "WCP-TSHIRT-S", 1));

		await().atMost(CONVERGE).untilAsserted(() -> {
			assertThat(stack.onHand("WCP-MUG")).isEqualTo(18);
			assertThat(stack.onHand("WCP-TSHIRT-S")).isEqualTo(9);
			for (FakeShop shop : shops) {
				assertThat(shop.stockOf("WCP-MUG")).as(shop.id()).isEqualTo(18);
				assertThat(shop.stockOf("WCP-TSHIRT-S")).as(shop.id()).isEqualTo(9);
			}
		});
		assertThat(stack.onHand("WCP-CAP")).isEqualTo(15);
		assertThat(shop(2).stockOf("WCP-TSHIRT-M")).isEqualTo(8);
	}

	@Test
	@Order(2)
	void shouldChangeNothingMoreWhenTheDeliveryRepeatsOrTheUnchangedOrderIsUpdated() throws Exception {
		WebhookDelivery delivery = lastDelivery(shop(1), "order.updated");
		for (int i = 0; i < 3; i++) {
			HttpResponse<String> response = post("shop1", delivery.body(), wcHeaders(delivery));
			assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
		}
		shop(1).setOrderStatus(orderId, "processing"); // an order.updated for the same,
														// unchanged order

		await().atMost(CONVERGE).until(() -> kafka.hasConsumedAll("ledger-orders", "stocksync.order-events"));
		assertThat(stack.onHand("WCP-MUG")).isEqualTo(18);
		assertThat(stack.onHand("WCP-TSHIRT-S")).isEqualTo(9);
		assertThat(stack.version("WCP-MUG")).isEqualTo(2); // import, then the order:
															// nothing
															// since
		for (FakeShop shop : shops) {
			assertThat(shop.stockOf("WCP-MUG")).as(shop.id()).isEqualTo(18);
		}
	}

	@Test
	@Order(3)
	void shouldRestoreTheStockOnEveryShopWhenTheOrderIsCancelled() {
		shop(1).setOrderStatus(orderId, "cancelled");

		await().atMost(CONVERGE).untilAsserted(() -> {
			assertThat(stack.onHand("WCP-MUG")).isEqualTo(20);
			assertThat(stack.onHand("WCP-TSHIRT-S")).isEqualTo(10);
			for (FakeShop shop : shops) {
				assertThat(shop.stockOf("WCP-MUG")).as(shop.id()).isEqualTo(20);
				assertThat(shop.stockOf("WCP-TSHIRT-S")).as(shop.id()).isEqualTo(10);
			}
		});
	}

	@Test
	@Order(4)
	void shouldAnswer401AndWriteNothingForAWrongSignatureOrAnUnknownShop() throws Exception {
		byte[] body = fixtureRawBody("wh-007-order_updated-orderA-processing");
		Map<String, Long> before = kafka.recordsPerTopic();

		HttpResponse<String> wrongSignature = post("shop1", body, Map.of("X-WC-Webhook-Topic", "order.updated",
				"X-WC-Webhook-Signature", "Tm58zKqj365ZubY51AsoqWHxdhJMPduPDVA+22G+a28="));
		HttpResponse<String> unsigned = post("shop1", body, Map.of("X-WC-Webhook-Topic", "order.updated"));
		HttpResponse<String> unknownShop = post("shop9", body, Map.of("X-WC-Webhook-Topic", "order.updated",
				"X-WC-Webhook-Signature", "Tm58zKqj365ZubY51AsoqWHxdhJMPduPDVA+22G+a28="));

		assertThat(wrongSignature.statusCode()).isEqualTo(401);
		assertThat(wrongSignature.body()).contains("invalid_signature");
		assertThat(unsigned.statusCode()).isEqualTo(401);
		assertThat(unknownShop.statusCode()).isEqualTo(401);
		assertThat(unknownShop.body()).contains("unknown_shop");
		assertThat(kafka.recordsPerTopic()).isEqualTo(before);
	}

	@Test
	@Order(5)
	void shouldAnswerTheUnsignedPingWith200AndWriteNothing() throws Exception {
		Map<String, Long> before = kafka.recordsPerTopic();

		HttpResponse<String> ping = HTTP
			.send(HttpRequest.newBuilder(URI.create(ingest.url("/webhooks/woocommerce/shop2")))
				.header("Content-Type", "application/x-www-form-urlencoded")
				.POST(HttpRequest.BodyPublishers.ofString("webhook_id=5"))
				.build(), HttpResponse.BodyHandlers.ofString());

		assertThat(ping.statusCode()).isEqualTo(200);
		assertThat(kafka.recordsPerTopic()).isEqualTo(before);
	}

	@Test
	@Order(6)
	void shouldGuardEveryAdminEndpointWithTheBearerToken() {
		Map<ServiceProcess, String> adminGets = Map.of(ledger, "/admin/stock/WCP-MUG", services.get(2),
				"/admin/mappings?shop=shop1");
		adminGets.forEach((service, path) -> {
			assertThat(request("GET", service.url(path), null).statusCode()).as(path + " without token").isEqualTo(401);
			assertThat(request("GET", service.url(path), "Bearer wrong-token").statusCode()).as(path + " wrong token")
				.isEqualTo(401);
			assertThat(request("GET", service.url(path), "Basic " + ADMIN_TOKEN).statusCode()).as(path + " not bearer")
				.isEqualTo(401);
			assertThat(request("GET", service.url(path), "Bearer " + ADMIN_TOKEN).statusCode()).as(path).isEqualTo(200);
		});
		assertThat(request("POST", ledger.url("/admin/stock/WCP-MUG/adjust"), null).statusCode()).isEqualTo(401);
	}

	@Test
	@Order(7)
	void shouldCountWhatHappenedInTheMetrics() {
		assertThat(metric(ingest, "stocksync.webhooks", "outcome:accepted")).isGreaterThanOrEqualTo(4);
		assertThat(metric(ingest, "stocksync.webhooks", "outcome:rejected_invalid_signature"))
			.isGreaterThanOrEqualTo(2);
		assertThat(metric(ingest, "stocksync.webhooks", "outcome:ping")).isGreaterThanOrEqualTo(1);
		assertThat(metric(services.get(2), "stocksync.propagator.writes", "outcome:written")).isGreaterThan(0);
		assertThat(metric(services.get(2), "stocksync.propagation.latency", "shop:shop2")).as("latency samples")
			.isGreaterThan(0);
		assertThat(metric(services.get(2), "stocksync.propagator.dlt.open", "shop:shop2")).isZero();
	}

	@Test
	@Order(8)
	void shouldNeverWriteASecretToALog() throws IOException {
		for (ServiceProcess service : services) {
			String log = Files.readString(service.log());
			for (FakeShop shop : shops) {
				assertThat(log).as(service + " log").doesNotContain(shop.consumerSecret(), shop.webhookSecret());
			}
			assertThat(log).as(service + " log").doesNotContain(ADMIN_TOKEN).doesNotContain("oauth_signature=");
		}
	}

	@Test
	@Order(9)
	void shouldDocumentEveryAdminEndpointInOpenApi() throws IOException {
		Map<String, ServiceProcess> byModule = Map.of("ingest-service", ingest, "ledger-service", ledger,
				"propagator-service", services.get(2));
		for (Map.Entry<String, ServiceProcess> service : byModule.entrySet()) {
			HttpResponse<String> response = request("GET", service.getValue().url("/v3/api-docs"), null);
			assertThat(response.statusCode()).as(service.getKey() + " /v3/api-docs").isEqualTo(200);
			JsonNode paths = JsonMappers.standard().readTree(response.body()).get("paths");
			List<String> documented = new ArrayList<>();
			paths.properties()
				.forEach((path) -> path.getValue()
					.propertyNames()
					.forEach((method) -> documented.add(method.toUpperCase() + " " + path.getKey())));
			assertThat(documented).as(service.getKey()).containsAll(adminMappingsInSource(service.getKey()));
			paths.properties()
				.stream()
				.filter((path) -> path.getKey().startsWith("/admin"))
				.forEach((path) -> path.getValue()
					.forEach((operation) -> assertThat(operation.at("/security/0/adminToken").isMissingNode())
						.as(path.getKey() + " needs the admin token")
						.isFalse()));
		}
		assertThat(request("GET", ingest.url("/docs"), null).statusCode()).isIn(200, 302);
	}

	@Test
	@Order(10)
	void shouldExposeEveryMetricTheDashboardShows() throws IOException {
		StringBuilder exposed = new StringBuilder();
		for (ServiceProcess service : services) {
			HttpResponse<String> scrape = request("GET", service.url("/actuator/prometheus"), null);
			assertThat(scrape.statusCode()).as(service + " /actuator/prometheus").isEqualTo(200);
			exposed.append(scrape.body());
		}
		java.util.regex.Matcher names = java.util.regex.Pattern.compile("\\b(stocksync_[a-z_]+?)(_bucket|_total)?\\b")
			.matcher(Files.readString(Path.of("../deploy/grafana/stock-sync-dashboard.json")));
		List<String> missing = new ArrayList<>();
		while (names.find()) {
			if (!exposed.toString().contains(names.group(1))) {
				missing.add(names.group(1));
			}
		}
		assertThat(missing).as("dashboard metrics no service exposes").isEmpty();
		assertThat(exposed.toString()).contains("stocksync_ledger_applied_total")
			.contains("stocksync_ledger_oversold_skus");
	}

	@Test
	@Order(11)
	void shouldTestAShopsConnectionWithoutShowingItsCredentials() {
		HttpResponse<String> ok = request("POST", services.get(2).url("/admin/sites/shop2/test-connection"),
				"Bearer " + ADMIN_TOKEN);
		HttpResponse<String> unknown = request("POST", services.get(2).url("/admin/sites/nope/test-connection"),
				"Bearer " + ADMIN_TOKEN);

		assertThat(ok.statusCode()).as(ok.body()).isEqualTo(200);
		JsonNode report = JsonMappers.standard().readTree(ok.body());
		assertThat(report.get("ok").asBoolean()).isTrue();
		assertThat(report.get("products").asLong()).isGreaterThanOrEqualTo(4);
		assertThat(ok.body()).doesNotContain(shop(2).consumerKey(), shop(2).consumerSecret(), shop(2).webhookSecret());
		assertThat(unknown.statusCode()).isEqualTo(404);
	}

	@Test
	@Order(12)
	void shouldPushToAProductMappedByHandThroughACsvImport() throws Exception {
		ServiceProcess propagator = services.get(2);
		long product = shop(3).productId("OTHER-1"); // a product of shop 3 whose SKU the
														// pool does not know
		String csv = "sku,product_id,variation_id\nALIAS-1," + product + ",0\n";

		HttpResponse<String> imported = HTTP
			.send(HttpRequest.newBuilder(URI.create(propagator.url("/admin/mappings/manual?shop=shop3")))
				.header("Authorization", "Bearer " + ADMIN_TOKEN)
				.header("Content-Type", "text/csv")
				.PUT(HttpRequest.BodyPublishers.ofString(csv))
				.build(), HttpResponse.BodyHandlers.ofString());
		HttpResponse<String> broken = HTTP
			.send(HttpRequest.newBuilder(URI.create(propagator.url("/admin/mappings/manual?shop=shop3")))
				.header("Authorization", "Bearer " + ADMIN_TOKEN)
				.header("Content-Type", "text/csv")
				.PUT(HttpRequest.BodyPublishers.ofString("sku,product_id,variation_id\nX,abc,0\n"))
				.build(), HttpResponse.BodyHandlers.ofString());
		HttpResponse<String> adjusted = HTTP
			.send(HttpRequest.newBuilder(URI.create(ledger.url("/admin/stock/ALIAS-1/adjust")))
				.header("Authorization", "Bearer " + ADMIN_TOKEN)
				.header("Content-Type", "application/json")
				.POST(HttpRequest.BodyPublishers
					.ofString("{\"type\":\"set\",\"quantity\":7,\"reason\":\"test\",\"idempotencyKey\":\"alias-1\"}"))
				.build(), HttpResponse.BodyHandlers.ofString());

		assertThat(imported.statusCode()).as(imported.body()).isEqualTo(200);
		assertThat(broken.statusCode()).isEqualTo(400);
		assertThat(broken.body()).contains("line 2");
		assertThat(adjusted.statusCode()).as(adjusted.body()).isEqualTo(202);
		await().atMost(CONVERGE).untilAsserted(() -> assertThat(shop(3).stockOf("OTHER-1")).isEqualTo(7));
		assertThat(request("GET", propagator.url("/admin/mappings/export?shop=shop3"), "Bearer " + ADMIN_TOKEN).body())
			.contains("ALIAS-1," + product + ",0,manual")
			.contains("WCP-MUG,");
	}

	/**
	 * Every {@code @XxxMapping("/admin...")} in a module's sources, as
	 * {@code METHOD /path}.
	 */
	private static List<String> adminMappingsInSource(String module) throws IOException {
		java.util.regex.Pattern mapping = java.util.regex.Pattern
			.compile("@(Get|Post|Put|Delete|Patch)Mapping\\(\"(/admin[^\"]*)\"");
		List<String> found = new ArrayList<>();
		try (java.util.stream.Stream<Path> files = Files.walk(Path.of("..", module, "src/main/java"))) {
			for (Path file : files.filter((f) -> f.toString().endsWith(".java")).toList()) {
				java.util.regex.Matcher matcher = mapping.matcher(Files.readString(file));
				while (matcher.find()) {
					found.add(matcher.group(1).toUpperCase() + " " + matcher.group(2));
				}
			}
		}
		assertThat(found).as(module + " admin mappings").isNotEmpty();
		return found;
	}

	private static double metric(ServiceProcess service, String name, String tag) {
		HttpResponse<String> response = request("GET", service.url("/actuator/metrics/" + name + "?tag=" + tag), null);
		assertThat(response.statusCode()).as(name + " " + tag + ": " + response.body()).isEqualTo(200);
		return JsonMappers.standard().readTree(response.body()).at("/measurements/0/value").asDouble();
	}

	private static HttpResponse<String> request(String method, String url, String authorization) {
		try {
			HttpRequest.Builder builder = HttpRequest.newBuilder(URI.create(url))
				.method(method, HttpRequest.BodyPublishers.noBody());
			if (authorization != null) {
				builder.header("Authorization", authorization);
			}
			return HTTP.send(builder.build(), HttpResponse.BodyHandlers.ofString());
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			throw new IllegalStateException(ex);
		}
	}

	private static FakeShop shop(int number) {
		return shops.get(number - 1);
	}

	private static WebhookDelivery lastDelivery(FakeShop shop, String topic) {
		List<WebhookDelivery> matching = shop.deliveries().stream().filter((d) -> topic.equals(d.topic())).toList();
		assertThat(matching).as("deliveries of " + topic).isNotEmpty();
		return matching.get(matching.size() - 1);
	}

	private static Map<String, String> wcHeaders(WebhookDelivery delivery) {
		Map<String, String> headers = new HashMap<>();
		delivery.headers().forEach((header) -> headers.put(header.getKey(), header.getValue()));
		return headers;
	}

	private static HttpResponse<String> post(String shopId, byte[] body, Map<String, String> headers)
			throws IOException, InterruptedException {
		HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(ingest.url("/webhooks/woocommerce/" + shopId)))
			.POST(HttpRequest.BodyPublishers.ofByteArray(body))
			.header("Content-Type", "application/json");
		headers.forEach((name, value) -> {
			if (name.toLowerCase().startsWith("x-wc-")) {
				request.header(name, value);
			}
		});
		return HTTP.send(request.build(), HttpResponse.BodyHandlers.ofString());
	}

	private static byte[] fixtureRawBody(String name) throws IOException {
		try (InputStream in = PipelineIntegrationTests.class.getResourceAsStream("/wc-fixtures/" + name + ".json")) {
			return JsonMappers.standard().readTree(in).get("raw_body").asString().getBytes(StandardCharsets.UTF_8);
		}
	}

}
