package io.stocksync.propagator;

import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import io.micrometer.core.instrument.MeterRegistry;
import io.stocksync.common.event.StockChanged;
import io.stocksync.fakeshop.FakeShop;
import io.stocksync.fakeshop.FakeShopOptions;
import io.stocksync.fakeshop.RecordedRequest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import tools.jackson.databind.JsonNode;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

import static io.stocksync.propagator.PropagatorTestSupport.change;
import static io.stocksync.propagator.PropagatorTestSupport.json;
import static io.stocksync.propagator.PropagatorTestSupport.shortRetries;
import static io.stocksync.propagator.PropagatorTestSupport.sitesFile;
import static io.stocksync.propagator.PropagatorTestSupport.writeRequests;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The propagator on a real Kafka broker and a real PostgreSQL, writing to fake
 * WooCommerce shops over HTTP with OAuth 1.0a. Each test has its own shops and SKUs, so
 * the tests do not disturb each other. Retries are shortened (0.5 s, then 1 s, 8
 * attempts) so that a DLT is reached in seconds; the shop costs follow the measurements
 * on a real WooCommerce 9.9.5 (a single write ~70 ms, a batch item ~27 ms).
 */
@PropagatorIntegrationTest
class PropagatorIntegrationTests {

	private static final Duration SINGLE_WRITE = Duration.ofMillis(70);

	private static final Duration BATCH_ITEM = Duration.ofMillis(27);

	@RegisterExtension
	static final FakeShops shops = new FakeShops();

	private static final List<String> BURST_SKUS = new ArrayList<>();

	static {
		// isolation: A, B, C; DLT: D; burst: E; race: F; politeness: G; catalogue: M;
		// pause: P
		for (String id : List.of("a", "b", "c", "d", "e", "f", "g", "m", "p")) {
			FakeShop shop = FakeShop.start(FakeShopOptions.defaults(id));
			shop.setCosts(SINGLE_WRITE, BATCH_ITEM);
			shops.put(id, shop);
		}
		for (String id : List.of("a", "b", "c")) {
			shop(id).addSimpleProduct("OTHER-" + id, 1); // product ids differ from shop
															// to shop
			shop(id).addSimpleProduct("ISO-1", 50);
			shop(id).addVariableProduct("ISO-T", Map.of("ISO-T-S", 50, "ISO-T-M", 50));
		}
		shop("d").addSimpleProduct("DLT-1", 50);
		for (int i = 0; i < 40; i++) {
			String sku = String.format("BURST-%02d", i);
			shop("e").addSimpleProduct(sku, 500);
			BURST_SKUS.add(sku);
		}
		for (String parent : List.of("BURST-V1", "BURST-V2")) {
			Map<String, Integer> variations = new LinkedHashMap<>();
			for (int i = 1; i <= 5; i++) {
				variations.put(parent + "-" + i, 500);
				BURST_SKUS.add(parent + "-" + i);
			}
			shop("e").addVariableProduct(parent, variations);
		}
		shop("f").addSimpleProduct("RACE-1", 50);
		shop("g").addSimpleProduct("POLITE-1", 50);
		shop("p").addSimpleProduct("PAUSE-1", 50);
		for (int i = 0; i < 900; i++) {
			shop("m").addSimpleProduct(String.format("CAT-%04d", i), i);
		}
		for (int i = 0; i < 100; i++) {
			String parent = String.format("CAT-V%03d", i);
			Map<String, Integer> variations = new LinkedHashMap<>();
			for (String size : List.of("S", "M", "L")) {
				variations.put(parent + "-" + size, i);
			}
			shop("m").addVariableProduct(parent, variations);
		}
	}

	@DynamicPropertySource
	static void properties(DynamicPropertyRegistry registry) {
		registry.add("stocksync.sites-file", () -> sitesFile(shops.values(), (shop) -> ""));
		registry.add("stocksync.push.coalesce-window", () -> "100ms");
		registry.add("stocksync.push.requests-per-second", () -> "20");
		shortRetries(registry, 8);
	}

	@Autowired
	PropagatorTestSupport propagator;

	@Autowired
	MeterRegistry meters;

	@Test
	void shouldKeepTheOtherShopsOnTimeWhileOneFailsAndConvergeWhenItRecovers() {
		shop("b").failAllRequests(500);

		this.propagator.send(change("ISO-1", 40, 1));
		this.propagator.send(change("ISO-T-S", 44, 1));
		this.propagator.send(change("ISO-1", 35, 2));

		await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> {
			for (String id : List.of("a", "c")) {
				assertThat(shop(id).stockOf("ISO-1")).as(id).isEqualTo(35);
				assertThat(shop(id).stockOf("ISO-T-S")).as(id).isEqualTo(44);
			}
		});
		// B has been tried (and refused) by now or shortly: the others did not wait for
		// it
		await().atMost(Duration.ofSeconds(20))
			.untilAsserted(() -> assertThat(shop("b").recentRequests()).anyMatch((request) -> request.status() == 500));
		assertThat(shop("b").stockOf("ISO-1")).isEqualTo(50);

		shop("b").clearFaults(); // B recovers; nobody else acts

		await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> {
			assertThat(shop("b").stockOf("ISO-1")).isEqualTo(35);
			assertThat(shop("b").stockOf("ISO-T-S")).isEqualTo(44);
		});
		assertThat(this.propagator.admin("GET", "/admin/dlt?shop=b").body()).isEqualTo("[]");
		assertThat(shop("a").stockOf("ISO-T-M")).isEqualTo(50);
	}

	@Test
	void shouldRecordOwnWritesAndReportPoolSkusAShopDoesNotList() {
		this.propagator.send(change("ISO-T-M", 12, 1));
		this.propagator.send(change("NOWHERE-1", 5, 1));
		await().atMost(Duration.ofSeconds(20))
			.untilAsserted(() -> assertThat(shop("a").stockOf("ISO-T-M")).isEqualTo(12));
		long parent = shop("a").productId("ISO-T");
		long variation = shop("a").productId("ISO-T-M");

		JsonNode own = json(this.propagator.admin("GET",
				"/admin/writes/own?shop=a&productId=" + parent + "&variationId=" + variation + "&quantity=12"));
		JsonNode other = json(this.propagator.admin("GET",
				"/admin/writes/own?shop=a&productId=" + parent + "&variationId=" + variation + "&quantity=13"));
		JsonNode missing = json(this.propagator.admin("GET", "/admin/missing-skus?shop=a"));

		assertThat(own.path("own").asBoolean()).isTrue();
		assertThat(other.path("own").asBoolean()).isFalse();
		assertThat(missing.path("absent").toString()).contains("NOWHERE-1").doesNotContain("ISO-T-M");
	}

	@Test
	void shouldParkAShopThatNeverRecoversInItsDltAndFixItByReplayAfterRecovery() {
		shop("d").failAllRequests(500);

		this.propagator.send(change("DLT-1", 20, 1));

		await().atMost(Duration.ofSeconds(45)).untilAsserted(() -> {
			JsonNode entries = json(this.propagator.admin("GET", "/admin/dlt?shop=d"));
			assertThat(entries).hasSize(1);
			assertThat(entries.get(0).path("sku").asString()).isEqualTo("DLT-1");
			assertThat(entries.get(0).path("attempts").asInt()).isEqualTo(8);
			assertThat(entries.get(0).path("reason").asString()).isNotBlank();
		});
		shop("d").clearFaults();
		assertThat(shop("d").stockOf("DLT-1")).isEqualTo(50);

		// Until the shop's circuit lets a probe through, a replay reports "circuit open"
		// and keeps the entry.
		await().atMost(Duration.ofSeconds(20)).untilAsserted(() -> {
			JsonNode report = json(this.propagator.admin("POST", "/admin/dlt/replay?shop=d"));
			assertThat(report.path("replayed")).as(report.toString()).hasSize(1);
			assertThat(report.path("failed")).isEmpty();
		});

		assertThat(shop("d").stockOf("DLT-1")).isEqualTo(20);
		assertThat(json(this.propagator.admin("GET", "/admin/dlt?shop=d"))).isEmpty();
	}

	@Test
	void shouldWriteABurstOfAThousandChangesInFarFewerRequestsThanChanges() {
		FakeShop shop = shop("e");
		long requestsBefore = writeRequests(shop);
		Map<String, Integer> expected = new LinkedHashMap<>();

		for (int i = 0; i < 1000; i++) {
			String sku = BURST_SKUS.get(i % BURST_SKUS.size());
			int available = 1000 - i;
			this.propagator.send(change(sku, available, i / BURST_SKUS.size() + 1));
			expected.put(sku, available);
		}
		this.propagator.kafka().flush();

		await().atMost(Duration.ofSeconds(60))
			.untilAsserted(() -> assertThat(shop.stockBySku()).containsAllEntriesOf(expected));
		long requests = writeRequests(shop) - requestsBefore;
		long items = this.propagator.jdbc()
			.sql("select count(*) from propagator_write where shop_id = 'e'")
			.query(Long.class)
			.single();
		System.out.printf(
				"[burst] 1000 changes to %d SKUs -> %d write requests (%.3f requests/change), %d item writes"
						+ " (%.3f items/change)%n",
				BURST_SKUS.size(), requests, requests / 1000.0, items, items / 1000.0);
		// Fewer requests than SKUs (one request per SKU would already be 20x fewer than
		// changes), and each SKU written
		// at most a few times: once per flush it took part in.
		assertThat(requests).isLessThan(BURST_SKUS.size());
		assertThat(items).isLessThanOrEqualTo(5L * BURST_SKUS.size());
	}

	@Test
	void shouldNeverLetAStaleOrRetriedEventOverwriteANewerQuantity() {
		FakeShop shop = shop("f");
		this.propagator.send(change("RACE-1", 7, 2));
		await().atMost(Duration.ofSeconds(20)).untilAsserted(() -> assertThat(shop.stockOf("RACE-1")).isEqualTo(7));
		long requestsBefore = writeRequests(shop);
		double processedBefore = processed("f");

		// The stale version 1 arrives as a retry (as if its first write had failed) and
		// late on the main topic.
		StockChanged stale = change("RACE-1", 10, 1);
		this.propagator.kafka().send(this.propagator.stockChanged() + "-f-retry-0", stale.sku(), stale);
		this.propagator.send(stale);

		await().atMost(Duration.ofSeconds(20)).until(() -> processed("f") >= processedBefore + 2);
		assertThat(shop.stockOf("RACE-1")).isEqualTo(7);
		assertThat(writeRequests(shop)).isEqualTo(requestsBefore);

		// A newer version arrives while the previous write is still in flight: it waits
		// and goes out after it.
		shop.setCosts(SINGLE_WRITE, Duration.ofMillis(1500));
		this.propagator.send(change("RACE-1", 5, 3));
		await().atMost(Duration.ofSeconds(20))
			.until(() -> json(this.propagator.admin("GET", "/admin/sites")).findValues("inFlightSkus")
				.stream()
				.anyMatch((node) -> node.asInt() > 0));
		this.propagator.send(change("RACE-1", 3, 4));
		await().atMost(Duration.ofSeconds(20)).untilAsserted(() -> assertThat(shop.stockOf("RACE-1")).isEqualTo(3));
		shop.setCosts(SINGLE_WRITE, BATCH_ITEM);

		// The shop confirms before the write is logged: wait for the log, then check the
		// order of the writes.
		await().atMost(Duration.ofSeconds(10))
			.untilAsserted(() -> assertThat(this.propagator.jdbc()
				.sql("select quantity from propagator_write where shop_id = 'f' and sku = 'RACE-1' order by id")
				.query(Long.class)
				.list()).containsExactly(7L, 5L, 3L));
	}

	@Test
	void shouldHonourRetryAfterAndSignEveryRequestWithOAuth1() {
		FakeShop shop = shop("g");
		shop.setRetryAfter(Duration.ofSeconds(2));
		shop.failNextRequests(429, 1);

		this.propagator.send(change("POLITE-1", 9, 1));

		await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> assertThat(shop.stockOf("POLITE-1")).isEqualTo(9));
		List<RecordedRequest> writes = shop.recentRequests()
			.stream()
			.filter((request) -> request.path().startsWith("/wp-json/wc/v3/products")
					&& !request.method().equals("GET"))
			.toList();
		assertThat(writes).extracting(RecordedRequest::status).containsExactly(429, 200);
		Instant tooManyRequests = writes.get(0).receivedAt();
		assertThat(Duration.between(tooManyRequests, writes.get(1).receivedAt()))
			.isGreaterThanOrEqualTo(Duration.ofSeconds(2));
		assertThat(shop.recentRequests()).filteredOn((request) -> request.path().startsWith("/wp-json/"))
			.allSatisfy((request) -> {
				assertThat(request.query()).contains("oauth_signature_method=HMAC-SHA256", "oauth_signature=");
				assertThat(request.status()).isNotEqualTo(401);
			});
	}

	@Test
	void shouldHoldAPausedShopsWritesUntilItIsResumed() {
		FakeShop shop = shop("p");
		long requestsBefore = writeRequests(shop);
		assertThat(this.propagator.admin("POST", "/admin/sites/p/pause").statusCode()).isEqualTo(200);

		this.propagator.send(change("PAUSE-1", 30, 1));

		await().during(Duration.ofSeconds(1))
			.atMost(Duration.ofSeconds(3))
			.until(() -> writeRequests(shop) == requestsBefore);
		assertThat(json(this.propagator.admin("GET", "/admin/sites")).toString())
			.contains("\"shopId\":\"p\",\"paused\":true");
		assertThat(this.propagator.admin("POST", "/admin/sites/p/resume").statusCode()).isEqualTo(200);
		await().atMost(Duration.ofSeconds(20)).untilAsserted(() -> assertThat(shop.stockOf("PAUSE-1")).isEqualTo(30));
		assertThat(this.propagator.admin("POST", "/admin/sites/nope/pause").statusCode()).isEqualTo(404);
	}

	@Test
	void shouldMapEveryProductAndVariationOfAThousandProductCatalogueAcrossPages() {
		FakeShop shop = shop("m");

		HttpResponse<String> refreshed = this.propagator.admin("POST", "/admin/refresh-mappings/m");
		JsonNode mappings = json(this.propagator.admin("GET", "/admin/mappings?shop=m"));

		assertThat(refreshed.statusCode()).as(refreshed.body()).isEqualTo(200);
		JsonNode report = json(refreshed);
		assertThat(report.path("skus").asInt()).isEqualTo(900 + 300);
		assertThat(report.path("notStockManaged")).hasSize(100); // the variable parents
		assertThat(report.path("duplicateSkus")).isEmpty();
		JsonNode bySku = mappings.path("bySku");
		assertThat(bySku.size()).isEqualTo(1200);
		for (int i = 0; i < 900; i++) {
			String sku = String.format("CAT-%04d", i);
			assertThat(bySku.path(sku).path("productId").asLong()).as(sku).isEqualTo(shop.productId(sku));
			assertThat(bySku.path(sku).path("variationId").asLong()).as(sku).isZero();
		}
		for (int i = 0; i < 100; i++) {
			String parent = String.format("CAT-V%03d", i);
			for (String size : List.of("S", "M", "L")) {
				JsonNode item = bySku.path(parent + "-" + size);
				assertThat(item.path("productId").asLong()).as(parent).isEqualTo(shop.productId(parent));
				assertThat(item.path("variationId").asLong()).as(parent).isEqualTo(shop.productId(parent + "-" + size));
			}
		}
	}

	private static FakeShop shop(String id) {
		return shops.get(id);
	}

	private double processed(String shopId) {
		return this.meters.find("stocksync.propagator.events")
			.tag("shop", shopId)
			.counters()
			.stream()
			.mapToDouble((counter) -> counter.count())
			.sum();
	}

}
