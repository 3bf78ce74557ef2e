package io.stocksync.ingest.webhook;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.List;
import java.util.Map;

import io.micrometer.core.instrument.MeterRegistry;
import io.stocksync.common.event.OrderLine;
import io.stocksync.common.json.JsonMappers;
import io.stocksync.fakeshop.FakeShop;
import io.stocksync.fakeshop.FakeShopOptions;
import io.stocksync.fakeshop.RecordedRequest;
import io.stocksync.ingest.IngestTestProperties;
import io.stocksync.ingest.PublishedEvents;
import io.stocksync.ingest.TestDirectories;
import io.stocksync.testsupport.TestInfrastructure;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.context.annotation.Import;
import org.springframework.test.context.ActiveProfiles;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * A delivery whose order lists refunds is answered without any call to the shop while it
 * waits, and the restocked refund quantities still reach the order-events topic: real
 * HTTP into ingest, a fake WooCommerce shop whose REST API hangs, a real Kafka broker.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
@ActiveProfiles("local")
@Import(PublishedEvents.class)
class RefundLookupIntegrationTests {

	private static final String PREFIX = TestInfrastructure.uniqueTopicPrefix();

	private static final Path DATA_DIR = TestDirectories.create("refund-lookup-it");

	private static final FakeShop shop = FakeShop.start(FakeShopOptions.defaults("shopr"));

	/** Every REST call to the shop is held this long, then answered 503. */
	private static final Duration SHOP_HANGS = Duration.ofSeconds(5);

	@DynamicPropertySource
	static void infrastructure(DynamicPropertyRegistry registry) throws IOException {
		String sites = "sites:\n  - id: " + shop.id() + "\n    base-url: " + shop.baseUrl() + "\n    consumer-key: "
				+ shop.consumerKey() + "\n    consumer-secret: " + shop.consumerSecret() + "\n    webhook-secret: "
				+ shop.webhookSecret() + "\n";
		Path sitesFile = Files.writeString(DATA_DIR.resolve("sites.yml"), sites);
		IngestTestProperties.register(registry, PREFIX, DATA_DIR, sitesFile::toString);
		registry.add("stocksync.refund-lookup.backoff", () -> "500ms");
	}

	@AfterAll
	static void stopShop() {
		shop.close();
	}

	@LocalServerPort
	int port;

	@Autowired
	PublishedEvents received;

	@Autowired
	MeterRegistry meters;

	@Test
	void shouldAnswerARefundedOrdersDeliveryBeforeTheShopIsAskedAndStillPublishTheRefundedQuantity() throws Exception {
		shop.addSimpleProduct("WCP-REFUND", 50);
		long orderId = shop.placeOrder("processing", Map.of("WCP-REFUND", 3));
		long lineId = shop.lineItemIds(orderId).get("WCP-REFUND");
		shop.refundLine(orderId, lineId, 1, true);
		byte[] body = accountedByStatus(shop.orderJson(orderId));
		String refundsPath = "/wp-json/wc/v3/orders/" + orderId + "/refunds";

		shop.failRequestsFor(503, SHOP_HANGS, true);
		Instant sent = Instant.now();
		HttpResponse<String> answer = HttpClient.newHttpClient()
			.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + this.port + "/webhooks/woocommerce/shopr"))
				.header("Content-Type", "application/json")
				.header("X-WC-Webhook-Topic", "order.updated")
				.header("X-WC-Webhook-Signature",
						Base64.getEncoder().encodeToString(SignatureVerifier.sign(body, shop.webhookSecret())))
				.POST(HttpRequest.BodyPublishers.ofByteArray(body))
				.build(), HttpResponse.BodyHandlers.ofString());
		Instant acknowledged = Instant.now();
		List<RecordedRequest> answeredByShopBeforeAck = shop.recentRequests();

		assertThat(answer.statusCode()).isEqualTo(200);
		assertThat(answer.body()).isEqualTo("{\"status\":\"accepted\",\"orderId\":" + orderId + "}");
		assertThat(Duration.between(sent, acknowledged)).as("answered while the shop still hangs")
			.isLessThan(SHOP_HANGS);
		assertThat(answeredByShopBeforeAck).as("no shop call had completed when the webhook was answered")
			.noneMatch((request) -> request.path().equals(refundsPath));

		await().atMost(Duration.ofSeconds(60))
			.untilAsserted(
					() -> assertThat(this.received.orders).filteredOn((snapshot) -> snapshot.orderId() == orderId)
						.singleElement()
						.satisfies((snapshot) -> assertThat(snapshot.lines())
							.extracting(OrderLine::sku, OrderLine::quantity, OrderLine::reducedStock,
									OrderLine::restockedRefundQuantity)
							.containsExactly(org.assertj.core.groups.Tuple.tuple("WCP-REFUND", 3, null, 1))));
		assertThat(shop.recentRequests()).as("the refunds were read after the answer, with a retry")
			.filteredOn((request) -> request.path().equals(refundsPath))
			.allMatch((request) -> request.receivedAt().isAfter(acknowledged))
			.anyMatch((request) -> request.status() == 503)
			.anyMatch((request) -> request.status() == 200);
		assertThat(this.meters.counter("stocksync.refund.lookups", "outcome", "ok").count()).isEqualTo(1);
	}

	/*
	 * The order as WooCommerce delivers it for a product it does not stock-manage: no
	 * _reduced_stock on the lines, so the ledger accounts them by status and needs the
	 * refunded quantities from the refund list.
	 */
	private static byte[] accountedByStatus(String orderJson) {
		ObjectNode order = (ObjectNode) JsonMappers.standard().readTree(orderJson);
		assertThat(order.path("refunds").isEmpty()).as("the order lists its refund").isFalse();
		for (JsonNode item : order.path("line_items")) {
			ArrayNode meta = (ArrayNode) item.path("meta_data");
			for (int i = meta.size() - 1; i >= 0; i--) {
				if ("_reduced_stock".equals(meta.get(i).path("key").asString())) {
					meta.remove(i);
				}
			}
		}
		return JsonMappers.standard().writeValueAsBytes(order);
	}

}
