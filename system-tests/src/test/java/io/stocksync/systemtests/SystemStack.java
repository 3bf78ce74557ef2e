package io.stocksync.systemtests;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;

import io.stocksync.common.json.JsonMappers;
import io.stocksync.fakeshop.FakeShop;
import io.stocksync.testsupport.ServiceProcess;
import io.stocksync.testsupport.TestInfrastructure;
import tools.jackson.databind.JsonNode;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The ledger, ingest and the propagator as separate processes from their exec jars, on
 * the test infrastructure's Kafka and a fresh database, sharing one sites file and admin
 * token; and the admin calls the system tests make with that token.
 */
record SystemStack(ServiceProcess ledger, ServiceProcess ingest, ServiceProcess propagator, String adminToken) {

	private static final HttpClient HTTP = HttpClient.newHttpClient();

	/**
	 * Writes the sites file, starts the ledger, ingest and the propagator, and waits (up
	 * to {@code healthy}) until all three are healthy.
	 */
	static SystemStack start(CharSequence sites, String adminToken, Duration healthy) throws IOException {
		Path sitesFile = Files.createTempFile("sites", ".yml");
		Files.writeString(sitesFile, sites);
		Map<String, String> env = ServiceProcess.stackEnvironment(TestInfrastructure.get(), sitesFile, adminToken);
		SystemStack stack = new SystemStack(ServiceProcess.start("ledger", env), ServiceProcess.start("ingest", env),
				ServiceProcess.start("propagator", env), adminToken);
		try {
			CompletableFuture
				.allOf(stack.services()
					.stream()
					.map((service) -> CompletableFuture.runAsync(() -> service.awaitHealthy(healthy)))
					.toArray(CompletableFuture[]::new))
				.join();
		}
		catch (RuntimeException ex) {
			stack.close(); // the test class never gets the stack to stop
			throw ex;
		}
		return stack;
	}

	/** The ledger, ingest and the propagator, in this order. */
	List<ServiceProcess> services() {
		return List.of(this.ledger, this.ingest, this.propagator);
	}

	/** Points a WooCommerce shop's order webhooks at ingest. */
	void registerOrderWebhooks(FakeShop shop) {
		for (String topic : List.of("order.created", "order.updated", "order.deleted", "order.restored")) {
			shop.registerWebhook(topic, this.ingest.url("/webhooks/woocommerce/" + shop.id()));
		}
	}

	/** A call without a body to an admin URL, with the stack's token. */
	HttpResponse<String> admin(String method, String url) {
		try {
			return HTTP.send(HttpRequest.newBuilder(URI.create(url))
				.header("Authorization", "Bearer " + this.adminToken)
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

	/** A SKU's stock as the ledger's admin API shows it. */
	JsonNode stock(String sku) {
		HttpResponse<String> response = admin("GET", this.ledger.url("/admin/stock/" + sku));
		assertThat(response.statusCode()).as("GET /admin/stock/" + sku + ": " + response.body()).isEqualTo(200);
		return JsonMappers.standard().readTree(response.body());
	}

	long onHand(String sku) {
		return stock(sku).get("onHand").asLong();
	}

	long version(String sku) {
		return stock(sku).get("version").asLong();
	}

	/** Stops the three services. */
	void close() {
		services().forEach(ServiceProcess::close);
	}

}
