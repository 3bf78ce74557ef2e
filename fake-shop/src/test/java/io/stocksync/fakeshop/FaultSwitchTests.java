package io.stocksync.fakeshop;

import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The test-only switches the benchmark and the fault-injection suite use: timed faults,
 * hangs, stock listener, busy time.
 */
class FaultSwitchTests {

	@RegisterExtension
	final SeededShop seeded = new SeededShop("faults");

	@Test
	void shouldFailRestRequestsThroughTheUnauthenticatedFaultEndpointUntilCleared() {
		WcClient anonymous = new WcClient(this.seeded.shop());
		anonymous.auth = WcClient.Auth.NONE;
		Map<String, String> query = new LinkedHashMap<>();
		query.put("status", "503");
		query.put("seconds", "60");

		HttpResponse<String> switched = anonymous.call("POST", "/__faults", query, null);
		HttpResponse<String> failed = this.seeded.client().call("GET", "products", null, null);
		HttpResponse<String> stock = anonymous.call("GET", "/stock", null, null);
		HttpResponse<String> cleared = anonymous.call("DELETE", "/__faults", null, null);
		HttpResponse<String> healthy = this.seeded.client().call("GET", "products", null, null);

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
		this.seeded.client().auth = WcClient.Auth.NONE;
		HttpResponse<String> response = this.seeded.client().call("POST", "/__faults", Map.of("status", "200"), null);
		assertThat(response.statusCode()).isEqualTo(400);
	}

	@Test
	void shouldEndATimedFaultWhenItsWindowIsOver() {
		this.seeded.shop().failRequestsFor(503, Duration.ZERO, false);
		HttpResponse<String> response = this.seeded.client().call("GET", "products", null, null);
		assertThat(response.statusCode()).isEqualTo(200);
	}

	@Test
	void shouldHoldRequestsOfAHungShopUntilTheWindowEnds() {
		this.seeded.shop().failRequestsFor(504, Duration.ofMillis(300), true);
		long started = System.nanoTime();
		HttpResponse<String> held = this.seeded.client().call("GET", "products", null, null);
		Duration waited = Duration.ofNanos(System.nanoTime() - started);
		HttpResponse<String> after = this.seeded.client().call("GET", "products", null, null);

		assertThat(held.statusCode()).isEqualTo(504);
		assertThat(waited).isGreaterThanOrEqualTo(Duration.ofMillis(250));
		assertThat(after.statusCode()).isEqualTo(200);
	}

	@Test
	void shouldReportStockWritesAndBusyTime() {
		List<String> seen = new ArrayList<>();
		this.seeded.shop().onStockSet((sku, quantity) -> seen.add(sku + "=" + quantity));
		this.seeded.shop().setCosts(Duration.ZERO, Duration.ofMillis(5));
		long mug = this.seeded.shop().productId("WCP-MUG");
		long cap = this.seeded.shop().productId("WCP-CAP");

		HttpResponse<String> batch = this.seeded.client()
			.call("POST", "products/batch", null, "{\"update\":[{\"id\":" + mug + ",\"stock_quantity\":7},{\"id\":"
					+ cap + ",\"stock_quantity\":3}]}");

		assertThat(batch.statusCode()).isEqualTo(200);
		assertThat(seen).containsExactly("WCP-MUG=7", "WCP-CAP=3");
		assertThat(this.seeded.shop().busyTime()).isGreaterThanOrEqualTo(Duration.ofMillis(10));
	}

}
