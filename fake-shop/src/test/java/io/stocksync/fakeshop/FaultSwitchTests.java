package io.stocksync.fakeshop;

import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The test-only switches the benchmark and the fault-injection suite use: timed faults,
 * hangs, stock listener, busy time.
 */
class FaultSwitchTests {

	private FakeShop shop;

	private WcClient client;

	@BeforeEach
	void startShop() {
		this.shop = FakeShop.start(FakeShopOptions.defaults("faults"));
		FakeShopMain.seed(this.shop);
		this.client = new WcClient(this.shop);
	}

	@AfterEach
	void stopShop() {
		this.shop.close();
	}

	@Test
	void shouldFailRestRequestsThroughTheUnauthenticatedFaultEndpointUntilCleared() {
		WcClient anonymous = new WcClient(this.shop);
		anonymous.auth = WcClient.Auth.NONE;
		Map<String, String> query = new LinkedHashMap<>();
		query.put("status", "503");
		query.put("seconds", "60");

		HttpResponse<String> switched = anonymous.call("POST", "/__faults", query, null);
		HttpResponse<String> failed = this.client.call("GET", "products", null, null);
		HttpResponse<String> stock = anonymous.call("GET", "/stock", null, null);
		HttpResponse<String> cleared = anonymous.call("DELETE", "/__faults", null, null);
		HttpResponse<String> healthy = this.client.call("GET", "products", null, null);

		assertThat(switched.statusCode()).isEqualTo(200);
		assertThat(WcClient.json(switched).get("seconds").asInt()).isEqualTo(60);
		assertThat(failed.statusCode()).isEqualTo(503);
		assertThat(failed.headers().firstValue("Retry-After")).isPresent();
		assertThat(stock.statusCode()).isEqualTo(200);
		assertThat(cleared.statusCode()).isEqualTo(200);
		assertThat(healthy.statusCode()).isEqualTo(200);
	}

	@Test
	void shouldRejectABadFaultRequest() {
		this.client.auth = WcClient.Auth.NONE;
		HttpResponse<String> response = this.client.call("POST", "/__faults", Map.of("status", "200"), null);
		assertThat(response.statusCode()).isEqualTo(400);
	}

	@Test
	void shouldEndATimedFaultWhenItsWindowIsOver() {
		this.shop.failRequestsFor(503, Duration.ZERO, false);
		HttpResponse<String> response = this.client.call("GET", "products", null, null);
		assertThat(response.statusCode()).isEqualTo(200);
	}

	@Test
	void shouldHoldRequestsOfAHungShopUntilTheWindowEnds() {
		this.shop.failRequestsFor(504, Duration.ofMillis(300), true);
		long started = System.nanoTime();
		HttpResponse<String> held = this.client.call("GET", "products", null, null);
		Duration waited = Duration.ofNanos(System.nanoTime() - started);
		HttpResponse<String> after = this.client.call("GET", "products", null, null);

		assertThat(held.statusCode()).isEqualTo(504);
		assertThat(waited).isGreaterThanOrEqualTo(Duration.ofMillis(250));
		assertThat(after.statusCode()).isEqualTo(200);
	}

	@Test
	void shouldReportStockWritesAndBusyTime() {
		List<String> seen = new ArrayList<>();
		this.shop.onStockSet((sku, quantity) -> seen.add(sku + "=" + quantity));
		this.shop.setCosts(Duration.ZERO, Duration.ofMillis(5));
		long mug = this.shop.productId("WCP-MUG");
		long cap = this.shop.productId("WCP-CAP");

		HttpResponse<String> batch = this.client.call("POST", "products/batch", null,
				"{\"update\":[{\"id\":" + mug + ",\"stock_quantity\":7},{\"id\":" + cap + ",\"stock_quantity\":3}]}");

		assertThat(batch.statusCode()).isEqualTo(200);
		assertThat(seen).containsExactly("WCP-MUG=7", "WCP-CAP=3");
		assertThat(this.shop.busyTime()).isGreaterThanOrEqualTo(Duration.ofMillis(10));
	}

}
