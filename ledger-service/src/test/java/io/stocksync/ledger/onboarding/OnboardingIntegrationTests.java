package io.stocksync.ledger.onboarding;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;

import com.sun.net.httpserver.HttpServer;
import io.stocksync.common.event.OrderLine;
import io.stocksync.common.event.OrderSnapshot;
import io.stocksync.common.event.OrderTopics;
import io.stocksync.common.json.JsonMappers;
import io.stocksync.fakeshop.FakeShop;
import io.stocksync.fakeshop.FakeShopOptions;
import io.stocksync.ledger.LedgerIntegrationTest;
import io.stocksync.ledger.LedgerTestSupport;
import io.stocksync.ledger.adjustment.StockImporter.ShopStock;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

import static io.stocksync.ledger.LedgerTestSupport.json;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Onboarding against two fake WooCommerce shops whose orders exist before the ledger
 * starts: shop1 (the stock is imported from it) has a processing order with
 * {@code _reduced_stock}, an on-hold one, a pending one and a processing one with a
 * partial restocked refund; shop2 has a processing order whose webhook reaches the ledger
 * before the import. While the import runs, a new order is placed on shop1 and its
 * webhook delivered. Then every order is delivered again (webhooks, polls), pre-existing
 * orders are cancelled or refunded, a new order arrives, and the ledger is rebuilt from
 * the topics. Real Kafka, real PostgreSQL; the snapshots are what ingest publishes for
 * the shops' orders.
 */
@LedgerIntegrationTest(token = OnboardingIntegrationTests.TOKEN, ownGroups = true)
class OnboardingIntegrationTests {

	static final String TOKEN = "onboarding-test-token";

	private static final Duration WAIT = Duration.ofSeconds(90);

	private static final FakeShop shop1 = FakeShop.start(FakeShopOptions.defaults("shop1"));

	private static final FakeShop shop2 = FakeShop.start(FakeShopOptions.defaults("shop2"));

	/* Stands in for ingest's PUT /admin/sites/{id}/poll-watermark. */
	private static final Map<String, String> watermarks = new ConcurrentHashMap<>();

	private static final HttpServer ingest = ingestStub();

	/* Orders that exist before the stack starts. */
	private static final long processing;

	private static final long onHold;

	private static final long pending;

	private static final long refunded;

	private static final long otherShops;

	static {
		for (FakeShop shop : List.of(shop1, shop2)) {
			shop.addSimpleProduct("ON-MUG", 20);
			shop.addSimpleProduct("ON-CAP", 10);
			shop.addSimpleProduct("ON-HAT", 5);
		}
		processing = shop1.placeOrder("processing", Map.of("ON-MUG", 2));
		onHold = shop1.placeOrder("on-hold", Map.of("ON-CAP", 1));
		pending = shop1.placeOrder("pending", Map.of("ON-MUG", 1));
		refunded = shop1.placeOrder("processing", Map.of("ON-HAT", 3));
		shop1.refundLine(refunded, shop1.lineItemIds(refunded).get("ON-HAT"), 1, true);
		otherShops = shop2.placeOrder("processing", Map.of("ON-MUG", 4));
	}

	@DynamicPropertySource
	static void infrastructure(DynamicPropertyRegistry registry) {
		registry.add("stocksync.sites-file", OnboardingIntegrationTests::sitesFile);
		registry.add("stocksync.onboarding.ingest-url", () -> "http://127.0.0.1:" + ingest.getAddress().getPort());
	}

	@AfterAll
	static void stop() {
		shop1.close();
		shop2.close();
		ingest.stop(0);
	}

	@Autowired
	LedgerTestSupport ledger;

	@Autowired
	CutImport cutImport;

	@Test
	void shouldAccountPreExistingOrdersOnceAndMoveThePoolByExactlyTheirLaterChanges() throws Exception {
		// given: shop2's order reached the ledger by webhook before onboarding (it moves
		// the pool of nothing yet)
		deliver(shop2, otherShops, "webhook");
		this.ledger.awaitIdle(WAIT);

		// when: the import starts, and an order is placed on shop1 while it runs, its
		// webhook delivered at once
		HttpResponse<String> started = this.ledger.admin().post("/admin/stock/import?fromShop=shop1");
		assertThat(started.statusCode()).as(started.body()).isEqualTo(202);
		assertThat(json(started).path("state").asString()).isEqualTo("running");
		await().atMost(WAIT).until(() -> shop1.requestCount("GET", "/wp-json/wc/v3/orders") > 0);
		long during = shop1.placeOrder("processing", Map.of("ON-CAP", 2));
		deliver(shop1, during, "webhook");
		JsonNode status = this.ledger.admin().awaitJob("/admin/orders/baseline", WAIT);

		// then: the pool is shop1's stock, the order placed during the import counted
		// once
		assertThat(status.path("state").asString()).as(status.toString()).isEqualTo("completed");
		assertThat(shop1.stockBySku()).containsEntry("ON-MUG", 18)
			.containsEntry("ON-CAP", 7)
			.containsEntry("ON-HAT", 3);
		this.ledger.awaitIdle(WAIT);
		assertPoolEqualsShop1();
		assertThat(status.path("kind").asString()).isEqualTo("import");
		assertThat(status.path("imported").path("imported").asInt()).isEqualTo(3);
		assertThat(shopStatus(status, "shop1").path("ordersRecorded").asInt()).isBetween(4, 5);
		assertThat(shopStatus(status, "shop2").path("ordersRecorded").asInt()).isEqualTo(1);
		assertThat(shopStatus(status, "shop1").path("pagesDone").asInt()).isGreaterThanOrEqualTo(1);
		assertThat(shopStatus(status, "shop1").path("watermarkNote").isNull()).isTrue();
		assertThat(watermarks).containsKeys("shop1", "shop2");
		assertThat(Instant.parse(watermarks.get("shop1")))
			.isEqualTo(Instant.parse(shopStatus(status, "shop1").path("watermark").asString()))
			.isBefore(Instant.now());

		// when: the poll and a redelivery bring every order again
		for (long order : List.of(processing, onHold, pending, refunded, during)) {
			deliver(shop1, order, "poll");
			deliver(shop1, order, "webhook");
		}
		deliver(shop2, otherShops, "poll");
		this.ledger.awaitIdle(WAIT);

		// then: nothing moves
		assertPoolEqualsShop1();

		// when: a pre-existing processing order is cancelled on shop1
		shop1.setOrderStatus(processing, "cancelled");
		deliver(shop1, processing, "webhook");
		// then: exactly its 2 units come back
		this.ledger.awaitOnHand("ON-MUG", 20);
		assertThat(shop1.stockOf("ON-MUG")).isEqualTo(20);

		// when: one more unit of the partly refunded order is refunded with restock
		shop1.refundLine(refunded, shop1.lineItemIds(refunded).get("ON-HAT"), 1, true);
		deliver(shop1, refunded, "webhook");
		// then: exactly one unit comes back
		this.ledger.awaitOnHand("ON-HAT", 4);
		assertThat(shop1.stockOf("ON-HAT")).isEqualTo(4);

		// when: shop2's pre-existing order is cancelled
		shop2.setOrderStatus(otherShops, "cancelled");
		deliver(shop2, otherShops, "webhook");
		// then: its 4 units come back to the pool
		this.ledger.awaitOnHand("ON-MUG", 24);

		// when: an order is placed after the baseline, and delivered twice
		long after = shop2.placeOrder("processing", Map.of("ON-HAT", 1));
		deliver(shop2, after, "webhook");
		deliver(shop2, after, "poll");
		// then: it takes its unit, once
		this.ledger.awaitOnHand("ON-HAT", 3);
		this.ledger.awaitIdle(WAIT);
		assertThat(this.ledger.admin().onHand("ON-CAP")).isEqualTo(7);
		assertThat(this.ledger.admin().onHand("ON-MUG")).isEqualTo(24);

		// then: a rebuild from the topics gives the same stock
		JsonNode report = this.ledger.admin().postJson("/admin/rebuild");
		assertThat(report.path("differences").isEmpty()).as(report.toString()).isTrue();
		assertThat(report.path("rebuiltSkus").asInt()).isEqualTo(report.path("liveSkus").asInt())
			.isGreaterThanOrEqualTo(3);
	}

	@Test
	void shouldKeepWhatOrdersDidAfterTheCutWhenTheImportIsAppliedLater() throws Exception {
		// given: the cut holds order 990001 (3 units, WooCommerce's tally); the shop's
		// stock then read 10
		Instant cut = Instant.parse("2026-01-10T10:00:00Z");
		OrderSnapshot atCut = snapshot("shop1", 990001, "processing", cut.minusSeconds(60), 3, 3, "baseline", true);
		this.ledger.kafka().send(this.ledger.orders(), atCut.key(), atCut).get();
		// and after the cut, before the import is applied: 990001 is cancelled and a new
		// order 990002 takes 2
		this.ledger.send(snapshot("shop1", 990001, "cancelled", cut.plusSeconds(30), 3, null, "webhook", null)).get();
		this.ledger.send(snapshot("shop1", 990002, "processing", cut.plusSeconds(40), 2, 2, "webhook", null)).get();
		// and a new order takes 3 of a SKU whose stock read was 1: an oversell since the
		// cut
		OrderSnapshot oversold = snapshot("shop1", 990003, "processing", cut.plusSeconds(50), 3, 3, "webhook", null);
		this.ledger
			.send(new OrderSnapshot(oversold.schemaVersion(), oversold.eventId(), oversold.shopId(), oversold.orderId(),
					oversold.topic(), oversold.status(), oversold.dateModifiedGmt(),
					List.of(new OrderLine(1, "ON2-B", 101, 0, 3, 3, 0)), oversold.source(), oversold.receivedAt()))
			.get();
		this.ledger.awaitIdle(WAIT);
		assertThat(this.ledger.admin().onHand("ON2-A")).isEqualTo(3 - 2);

		// when: the import at the cut is applied
		Map<String, Long> corrections = this.cutImport.apply("test-cut",
				new ShopStock("shop1", Map.of("ON2-A", 10L, "ON2-B", 1L), List.of(), List.of()),
				Map.of("shop1", Map.of(990001L, atCut)), cut);

		// then: the stock read, plus what the orders did since: +3 back from the cancel,
		// -2 for the new order
		assertThat(corrections).containsEntry("ON2-A", -1L).containsEntry("ON2-B", 3L);
		assertThat(this.ledger.admin().onHand("ON2-A")).isEqualTo(11);
		assertThat(this.ledger.admin().onHand("ON2-B")).isEqualTo(1 - 3);
		// and deliveries of the same states change nothing more
		this.ledger.send(snapshot("shop1", 990002, "processing", cut.plusSeconds(40), 2, 2, "poll", null)).get();
		this.ledger.send(atCut).get();
		this.ledger.awaitIdle(WAIT);
		assertThat(this.ledger.admin().onHand("ON2-A")).isEqualTo(11);
	}

	@Test
	void shouldRunABaselineStartedTwiceOnceAndChangeNothingWhenRunAgain() throws Exception {
		assertThat(this.ledger.admin().post("/admin/orders/baseline?shop=nope").statusCode()).isEqualTo(404);
		assertThat(this.ledger.admin().post("/admin/stock/import?fromShop=nope").statusCode()).isEqualTo(404);
		this.ledger.admin().awaitJob("/admin/orders/baseline", WAIT);
		this.ledger.awaitIdle(WAIT);
		Map<String, Long> before = this.ledger.pool();

		HttpResponse<String> first = this.ledger.admin().post("/admin/orders/baseline?shop=shop2");
		HttpResponse<String> second = this.ledger.admin().post("/admin/orders/baseline");

		assertThat(first.statusCode()).as(first.body()).isEqualTo(202);
		assertThat(json(first).path("kind").asString()).isEqualTo("baseline");
		assertThat(second.statusCode()).as(second.body()).isEqualTo(409);
		assertThat(json(second).path("job").path("jobId").asString()).isEqualTo(json(first).path("jobId").asString());
		JsonNode status = this.ledger.admin().awaitJob("/admin/orders/baseline", WAIT);
		assertThat(status.path("state").asString()).as(status.toString()).isEqualTo("completed");
		assertThat(status.path("shops")).hasSize(1);
		assertThat(shopStatus(status, "shop2").path("ordersRecorded").asInt()).isGreaterThanOrEqualTo(1);
		this.ledger.awaitIdle(WAIT);
		assertThat(this.ledger.pool()).isEqualTo(before);
	}

	private static OrderSnapshot snapshot(String shopId, long orderId, String status, Instant modified, int quantity,
			Integer reduced, String source, Boolean baseline) {
		return new OrderSnapshot(OrderSnapshot.SCHEMA_VERSION, UUID.randomUUID().toString(), shopId, orderId,
				OrderTopics.UPDATED, status, modified, List.of(new OrderLine(1, "ON2-A", 100, 0, quantity, reduced, 0)),
				source, Instant.now(), baseline);
	}

	private void assertPoolEqualsShop1() throws Exception {
		for (Map.Entry<String, Integer> stock : shop1.stockBySku().entrySet()) {
			assertThat(this.ledger.admin().onHand(stock.getKey())).as(stock.getKey())
				.isEqualTo(stock.getValue().longValue());
		}
	}

	/*
	 * The snapshot ingest publishes for the shop's order as it is now (WooCommerce's REST
	 * shape).
	 */
	private void deliver(FakeShop shop, long orderId, String source) throws Exception {
		JsonNode order = JsonMappers.standard().readTree(shop.orderJson(orderId));
		List<OrderLine> lines = new ArrayList<>();
		for (JsonNode item : order.path("line_items")) {
			Integer reduced = null;
			for (JsonNode meta : item.path("meta_data")) {
				if ("_reduced_stock".equals(meta.path("key").asString(null))) {
					reduced = Integer.parseInt(meta.path("value").asString());
				}
			}
			lines.add(new OrderLine(item.path("id").asLong(), item.path("sku").asString(),
					item.path("product_id").asLong(), item.path("variation_id").asLong(), item.path("quantity").asInt(),
					reduced, 0));
		}
		Instant modified = LocalDateTime.parse(order.path("date_modified_gmt").asString()).toInstant(ZoneOffset.UTC);
		OrderSnapshot snapshot = new OrderSnapshot(OrderSnapshot.SCHEMA_VERSION, UUID.randomUUID().toString(),
				shop.id(), orderId, OrderTopics.UPDATED, order.path("status").asString(), modified, lines, source,
				Instant.now());
		this.ledger.kafka().send(this.ledger.orders(), snapshot.key(), snapshot).get();
	}

	private static JsonNode shopStatus(JsonNode status, String shopId) {
		for (JsonNode shop : status.path("shops")) {
			if (shopId.equals(shop.path("shop").asString())) {
				return shop;
			}
		}
		throw new AssertionError("no shop " + shopId + " in " + status);
	}

	private static String sitesFile() {
		StringBuilder sites = new StringBuilder("sites:\n");
		for (FakeShop shop : List.of(shop1, shop2)) {
			sites.append(shop.sitesEntry());
		}
		try {
			Path file = Files.createTempFile("onboarding-sites", ".yml");
			Files.writeString(file, sites);
			return file.toString();
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
	}

	private static HttpServer ingestStub() {
		try {
			HttpServer server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
			server.createContext("/admin/sites/", (exchange) -> {
				String path = exchange.getRequestURI().getPath();
				boolean authorised = ("Bearer " + TOKEN).equals(exchange.getRequestHeaders().getFirst("Authorization"));
				if ("PUT".equals(exchange.getRequestMethod()) && path.endsWith("/poll-watermark") && authorised) {
					String shopId = path.split("/")[3];
					JsonNode body = JsonMappers.standard().readTree(exchange.getRequestBody().readAllBytes());
					watermarks.put(shopId, body.path("watermark").asString());
					byte[] answer = "{}".getBytes(StandardCharsets.UTF_8);
					exchange.sendResponseHeaders(200, answer.length);
					exchange.getResponseBody().write(answer);
				}
				else {
					exchange.sendResponseHeaders(authorised ? 404 : 401, -1);
				}
				exchange.close();
			});
			server.start();
			return server;
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
	}

}
