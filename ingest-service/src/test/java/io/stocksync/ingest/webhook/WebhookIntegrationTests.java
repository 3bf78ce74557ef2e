package io.stocksync.ingest.webhook;

import java.nio.file.Path;
import java.time.Duration;
import java.util.UUID;

import io.stocksync.ingest.AsyncMvc;
import io.stocksync.ingest.IngestTestProperties;
import io.stocksync.ingest.PublishedEvents;
import io.stocksync.ingest.TestDirectories;
import io.stocksync.testsupport.TestInfrastructure;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.webmvc.test.autoconfigure.AutoConfigureMockMvc;
import org.springframework.context.annotation.Import;
import org.springframework.http.MediaType;
import org.springframework.kafka.core.ProducerFactory;
import org.springframework.test.context.ActiveProfiles;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import org.springframework.test.web.servlet.MockMvc;
import org.springframework.test.web.servlet.request.MockHttpServletRequestBuilder;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.containsString;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.post;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.jsonPath;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

/**
 * Ingest on a real Kafka broker, fed with deliveries captured from a real WooCommerce.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
@AutoConfigureMockMvc
@ActiveProfiles("local")
@Import(PublishedEvents.class)
class WebhookIntegrationTests {

	private static final String PREFIX = TestInfrastructure.uniqueTopicPrefix();

	private static final Path DATA_DIR = TestDirectories.create("webhook-it");

	@DynamicPropertySource
	static void infrastructure(DynamicPropertyRegistry registry) {
		IngestTestProperties.register(registry, PREFIX, DATA_DIR, () -> "src/test/resources/sites-test.yml");
		registry.add("stocksync.max-body-size", () -> "64KB");
	}

	@Autowired
	MockMvc mvc;

	@Autowired
	PublishedEvents received;

	@Autowired
	ProducerFactory<?, ?> producers;

	private static MockHttpServletRequestBuilder delivery(WcFixture fixture) {
		return post("/webhooks/woocommerce/shop1").contentType(MediaType.APPLICATION_JSON)
			.header("X-WC-Webhook-Topic", fixture.topic())
			.header("X-WC-Webhook-Signature", fixture.signature())
			.content(fixture.rawBody());
	}

	@Test
	void shouldSendWithIngestsOwnLingerNotTheSharedOne() {
		// every answer waits for its batch: 1 ms (stocksync.kafka-linger), not the shared
		// 5 ms
		assertThat(this.producers.getConfigurationProperties()).containsEntry(ProducerConfig.LINGER_MS_CONFIG, 1);
	}

	@Test
	void shouldPublishAVerifiedOrderKeyedByShopAndOrder() throws Exception {
		WcFixture paid = WcFixture.load("wh-007-order_updated-orderA-processing");

		AsyncMvc.perform(this.mvc, delivery(paid))
			.andExpect(status().isOk())
			.andExpect(jsonPath("$.orderId").value(20));

		await().atMost(Duration.ofSeconds(30))
			.untilAsserted(() -> assertThat(this.received.orders).anySatisfy((snapshot) -> {
				assertThat(snapshot.key()).isEqualTo("shop1:20");
				assertThat(snapshot.status()).isEqualTo("processing");
				assertThat(snapshot.lines()).hasSize(2);
			}));
	}

	@Test
	void shouldPublishAProductUpdateAsTheShopsStockReportAndNoOrder() throws Exception {
		WcFixture simple = WcFixture.load("wh-008-product_updated-orderA-processing");
		WcFixture variation = WcFixture.load("wh-009-product_updated-orderA-processing");
		int ordersBefore = this.received.orders.size();

		AsyncMvc.perform(this.mvc, delivery(simple))
			.andExpect(status().isOk())
			.andExpect(jsonPath("$.status").value("reported"));
		AsyncMvc.perform(this.mvc, delivery(variation))
			.andExpect(status().isOk())
			.andExpect(jsonPath("$.status").value("reported"));

		await().atMost(Duration.ofSeconds(30))
			.untilAsserted(() -> assertThat(this.received.reports).anySatisfy((report) -> {
				assertThat(report.key()).isEqualTo("shop1:WCP-MUG");
				assertThat(report.productId()).isEqualTo(11);
				assertThat(report.variationId()).isZero();
				assertThat(report.stockQuantity()).isEqualTo(18);
			}).anySatisfy((report) -> {
				assertThat(report.key()).isEqualTo("shop1:WCP-TSHIRT-S");
				assertThat(report.productId()).isEqualTo(14);
				assertThat(report.variationId()).isEqualTo(15);
				assertThat(report.stockQuantity()).isEqualTo(9);
			}));
		assertThat(this.received.orders).hasSize(ordersBefore);
	}

	@Test
	void shouldQuarantineAVerifiedBodyItCannotUseAndStillAnswer2xx() throws Exception {
		String marker = UUID.randomUUID().toString();
		byte[] body = ("{\"id\":\"" + marker + "\"").getBytes();
		String signature = java.util.Base64.getEncoder()
			.encodeToString(SignatureVerifier.sign(body, "wcpeer-webhook-secret-2026"));

		AsyncMvc
			.perform(this.mvc,
					post("/webhooks/woocommerce/shop1").contentType(MediaType.APPLICATION_JSON)
						.header("X-WC-Webhook-Topic", "order.updated")
						.header("X-WC-Webhook-Signature", signature)
						.content(body))
			.andExpect(status().isAccepted())
			.andExpect(jsonPath("$.status").value("quarantined"));

		await().atMost(Duration.ofSeconds(30))
			.untilAsserted(() -> assertThat(this.received.quarantined).anySatisfy((parked) -> {
				assertThat(parked.rawBody()).contains(marker);
				assertThat(parked.reason()).contains("not valid JSON");
				assertThat(parked.shopId()).isEqualTo("shop1");
			}));
	}

	@Test
	void shouldRejectBadSignaturesUnknownShopsAndOversizedBodies() throws Exception {
		WcFixture paid = WcFixture.load("wh-007-order_updated-orderA-processing");

		AsyncMvc
			.perform(this.mvc,
					post("/webhooks/woocommerce/shop1").contentType(MediaType.APPLICATION_JSON)
						.header("X-WC-Webhook-Topic", "order.updated")
						.header("X-WC-Webhook-Signature", "Tm58zKqj365ZubY51AsoqWHxdhJMPduPDVA+22G+a2A=")
						.content(paid.rawBody()))
			.andExpect(status().isUnauthorized())
			.andExpect(jsonPath("$.error").value("invalid_signature"));
		AsyncMvc
			.perform(this.mvc,
					post("/webhooks/woocommerce/nope").contentType(MediaType.APPLICATION_JSON)
						.header("X-WC-Webhook-Signature", paid.signature())
						.content(paid.rawBody()))
			.andExpect(status().isUnauthorized())
			.andExpect(jsonPath("$.error").value("unknown_shop"));
		AsyncMvc
			.perform(this.mvc,
					post("/webhooks/woocommerce/shop1").contentType(MediaType.APPLICATION_JSON)
						.header("X-WC-Webhook-Signature", paid.signature())
						.content(new byte[70_000]))
			.andExpect(status().isContentTooLarge());
	}

	@Test
	void shouldLetOnlyTheExactPingThroughUnsigned() throws Exception {
		AsyncMvc
			.perform(this.mvc,
					post("/webhooks/woocommerce/shop1").contentType(MediaType.APPLICATION_FORM_URLENCODED)
						.content("webhook_id=5"))
			.andExpect(status().isOk())
			.andExpect(content().string(containsString("pong")));
		AsyncMvc
			.perform(this.mvc,
					post("/webhooks/woocommerce/shop1").contentType(MediaType.APPLICATION_FORM_URLENCODED)
						.content("webhook_id=5&x=1"))
			.andExpect(status().isUnauthorized());
		AsyncMvc
			.perform(this.mvc,
					post("/webhooks/woocommerce/shop1").contentType(MediaType.APPLICATION_JSON).content("webhook_id=5"))
			.andExpect(status().isUnauthorized());
	}

	private static org.springframework.test.web.servlet.result.ContentResultMatchers content() {
		return org.springframework.test.web.servlet.result.MockMvcResultMatchers.content();
	}

}
