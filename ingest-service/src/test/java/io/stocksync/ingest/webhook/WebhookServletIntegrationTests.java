package io.stocksync.ingest.webhook;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;

import io.stocksync.common.json.JsonMappers;
import io.stocksync.ingest.IngestTestProperties;
import io.stocksync.ingest.TestDirectories;
import io.stocksync.testsupport.TestInfrastructure;
import jakarta.servlet.DispatcherType;
import jakarta.servlet.Filter;
import jakarta.servlet.http.HttpServletRequest;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.TestConfiguration;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.boot.web.servlet.FilterRegistrationBean;
import org.springframework.context.annotation.Bean;
import org.springframework.test.context.ActiveProfiles;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The webhook endpoints are plain asynchronous servlets, not Spring MVC handlers: over
 * real HTTP, a delivery is answered by its own servlet in one container dispatch (no
 * {@code DispatcherServlet}, no async re-dispatch to write the answer), with the bytes
 * and headers the MVC controller answered, and the paths and methods MVC did not map
 * still answer as they did (404, 405 with {@code Allow}). The same for Shopify's
 * endpoint.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
@ActiveProfiles("local")
class WebhookServletIntegrationTests {

	private static final String PREFIX = TestInfrastructure.uniqueTopicPrefix();

	private static final Path DATA_DIR = TestDirectories.create("webhook-servlet-it");

	private static final HttpClient CLIENT = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();

	@DynamicPropertySource
	static void infrastructure(DynamicPropertyRegistry registry) {
		IngestTestProperties.register(registry, PREFIX, DATA_DIR, () -> "src/test/resources/sites-test.yml");
	}

	@LocalServerPort
	int port;

	@Autowired
	Dispatches dispatches;

	@Test
	void shouldAnswerAnAcceptedDeliveryFromItsOwnServletInOneDispatch() throws Exception {
		WcFixture paid = WcFixture.load("wh-007-order_updated-orderA-processing");
		String id = UUID.randomUUID().toString();

		HttpResponse<byte[]> response = send(HttpRequest.newBuilder(uri("/webhooks/woocommerce/shop1"))
			.header("Content-Type", "application/json")
			.header("X-WC-Webhook-Topic", paid.topic())
			.header("X-WC-Webhook-Signature", paid.signature())
			.header(Dispatches.HEADER, id)
			.POST(HttpRequest.BodyPublishers.ofByteArray(paid.rawBody())));

		assertThat(response.statusCode()).isEqualTo(200);
		assertThat(response.headers().firstValue("Content-Type")).hasValue("application/json");
		assertThat(new String(response.body(), StandardCharsets.US_ASCII))
			.isEqualTo("{\"status\":\"accepted\",\"orderId\":20}");
		assertThat(response.headers().firstValueAsLong("Content-Length")).hasValue(response.body().length);
		// the answer waited for Kafka's acknowledgement, and was written from there: no
		// DispatcherServlet, no ASYNC dispatch
		assertThat(this.dispatches.of(id)).containsExactly("REQUEST wooCommerceWebhooks");
	}

	@Test
	void shouldAcceptADeliveryMuchLargerThanTheConnectorsSocketBuffers() throws Exception {
		// ingest's socket buffers are 4 KB (ConnectorBuffers): a 40 KB order (a long
		// customer note) is read in many reads and verified over all of its bytes
		WcFixture paid = WcFixture.load("wh-007-order_updated-orderA-processing");
		ObjectNode order = (ObjectNode) JsonMappers.standard().readTree(paid.rawBody());
		order.put("customer_note", "n".repeat(40_000));
		byte[] body = JsonMappers.standard().writeValueAsBytes(order);

		HttpResponse<byte[]> response = send(HttpRequest.newBuilder(uri("/webhooks/woocommerce/shop1"))
			.header("Content-Type", "application/json")
			.header("X-WC-Webhook-Topic", paid.topic())
			.header("X-WC-Webhook-Signature", TestSignatures.signature(body, "wcpeer-webhook-secret-2026"))
			.POST(HttpRequest.BodyPublishers.ofByteArray(body)));
		body[body.length - 2] = (byte) 'x';
		HttpResponse<byte[]> tampered = send(HttpRequest.newBuilder(uri("/webhooks/woocommerce/shop1"))
			.header("Content-Type", "application/json")
			.header("X-WC-Webhook-Topic", paid.topic())
			.header("X-WC-Webhook-Signature", response.request().headers().firstValue("X-WC-Webhook-Signature").get())
			.POST(HttpRequest.BodyPublishers.ofByteArray(body)));

		assertThat(body.length).isGreaterThan(40_000);
		assertThat(response.statusCode()).isEqualTo(200);
		assertThat(new String(response.body(), StandardCharsets.US_ASCII))
			.isEqualTo("{\"status\":\"accepted\",\"orderId\":20}");
		assertThat(tampered.statusCode()).isEqualTo(401);
	}

	@Test
	void shouldAnswerThePingAndRejectionsFromTheServletToo() throws Exception {
		String ping = UUID.randomUUID().toString();
		String unknown = UUID.randomUUID().toString();
		String unknownStore = UUID.randomUUID().toString();

		HttpResponse<byte[]> pong = send(HttpRequest.newBuilder(uri("/webhooks/woocommerce/shop1"))
			.header("Content-Type", "application/x-www-form-urlencoded")
			.header(Dispatches.HEADER, ping)
			.POST(HttpRequest.BodyPublishers.ofString("webhook_id=7")));
		HttpResponse<byte[]> unknownShop = send(HttpRequest.newBuilder(uri("/webhooks/woocommerce/nope"))
			.header("Content-Type", "application/json")
			.header(Dispatches.HEADER, unknown)
			.POST(HttpRequest.BodyPublishers.ofString("{}")));

		HttpResponse<byte[]> unknownShopifyStore = send(HttpRequest.newBuilder(uri("/webhooks/shopify/shop1"))
			.header("Content-Type", "application/json")
			.header(Dispatches.HEADER, unknownStore)
			.POST(HttpRequest.BodyPublishers.ofString("{}")));

		assertThat(pong.statusCode()).isEqualTo(200);
		assertThat(new String(pong.body(), StandardCharsets.US_ASCII)).isEqualTo("{\"status\":\"pong\"}");
		assertThat(this.dispatches.of(ping)).containsExactly("REQUEST wooCommerceWebhooks");
		assertThat(unknownShop.statusCode()).isEqualTo(401);
		assertThat(unknownShop.headers().firstValue("Content-Type")).hasValue("application/json");
		JsonNode error = JsonMappers.standard().readTree(unknownShop.body());
		assertThat(error.path("error").asString()).isEqualTo("unknown_shop");
		assertThat(error.path("message").asString()).isEqualTo("no shop with id 'nope'");
		assertThat(this.dispatches.of(unknown)).containsExactly("REQUEST wooCommerceWebhooks");
		assertThat(unknownShopifyStore.statusCode()).isEqualTo(401);
		assertThat(JsonMappers.standard().readTree(unknownShopifyStore.body()).path("message").asString())
			.isEqualTo("no Shopify store with id 'shop1'");
		assertThat(this.dispatches.of(unknownStore)).containsExactly("REQUEST shopifyWebhooks");
	}

	@Test
	void shouldAnswerUnmappedPathsAndMethodsAsSpringMvcDid() throws Exception {
		for (String path : List.of("/webhooks/woocommerce/shop1/extra", "/webhooks/woocommerce/",
				"/webhooks/woocommerce")) {
			HttpResponse<byte[]> response = send(HttpRequest.newBuilder(uri(path))
				.header("Content-Type", "application/json")
				.POST(HttpRequest.BodyPublishers.ofString("{}")));
			assertThat(response.statusCode()).as(path).isEqualTo(404);
			JsonNode error = JsonMappers.standard().readTree(response.body());
			assertThat(error.path("status").asInt()).as(path).isEqualTo(404);
			assertThat(error.path("path").asString()).as(path).isEqualTo(path);
		}
		for (String method : List.of("GET", "PUT", "DELETE")) {
			HttpResponse<byte[]> response = send(HttpRequest.newBuilder(uri("/webhooks/woocommerce/shop1"))
				.method(method, HttpRequest.BodyPublishers.noBody()));
			assertThat(response.statusCode()).as(method).isEqualTo(405);
			assertThat(response.headers().firstValue("Allow")).as(method).hasValue("POST");
			assertThat(JsonMappers.standard().readTree(response.body()).path("status").asInt()).isEqualTo(405);
		}
		HttpResponse<byte[]> options = send(HttpRequest.newBuilder(uri("/webhooks/woocommerce/shop1"))
			.method("OPTIONS", HttpRequest.BodyPublishers.noBody()));
		assertThat(options.statusCode()).isEqualTo(200);
		assertThat(options.headers().firstValue("Allow")).hasValue("POST,OPTIONS");
	}

	@Test
	void shouldStillDocumentTheWebhookInOpenApi() throws Exception {
		HttpResponse<byte[]> response = send(HttpRequest.newBuilder(uri("/v3/api-docs")).GET());

		assertThat(response.statusCode()).isEqualTo(200);
		JsonNode paths = JsonMappers.standard().readTree(response.body()).path("paths");
		for (String path : List.of("/webhooks/woocommerce/{shopId}", "/webhooks/shopify/{shopId}")) {
			JsonNode post = paths.path(path).path("post");
			assertThat(post.isObject()).as("POST " + path + " documented").isTrue();
			assertThat(post.path("parameters").findValuesAsString("name")).as(path).contains("shopId");
		}
	}

	private URI uri(String path) {
		return URI.create("http://127.0.0.1:" + this.port + path);
	}

	private static HttpResponse<byte[]> send(HttpRequest.Builder request) throws IOException, InterruptedException {
		return CLIENT.send(request.build(), HttpResponse.BodyHandlers.ofByteArray());
	}

	/**
	 * Records, per request marked with {@value #HEADER}, every container dispatch that
	 * reaches the filter chain and the servlet it is mapped to.
	 */
	static class Dispatches {

		static final String HEADER = "X-Test-Request";

		private final Map<String, List<String>> byRequest = new ConcurrentHashMap<>();

		List<String> of(String id) {
			return this.byRequest.getOrDefault(id, List.of());
		}

		void record(HttpServletRequest request) {
			String id = request.getHeader(HEADER);
			if (id != null) {
				this.byRequest.computeIfAbsent(id, (key) -> new CopyOnWriteArrayList<>())
					.add(request.getDispatcherType() + " " + request.getHttpServletMapping().getServletName());
			}
		}

	}

	@TestConfiguration(proxyBeanMethods = false)
	static class DispatchRecording {

		@Bean
		Dispatches dispatches() {
			return new Dispatches();
		}

		@Bean
		FilterRegistrationBean<Filter> dispatchRecorder(Dispatches dispatches) {
			FilterRegistrationBean<Filter> registration = new FilterRegistrationBean<>((request, response, chain) -> {
				dispatches.record((HttpServletRequest) request);
				chain.doFilter(request, response);
			});
			registration.setDispatcherTypes(DispatcherType.REQUEST, DispatcherType.ASYNC, DispatcherType.ERROR);
			registration.addUrlPatterns("/*");
			registration.setAsyncSupported(true);
			return registration;
		}

	}

}
