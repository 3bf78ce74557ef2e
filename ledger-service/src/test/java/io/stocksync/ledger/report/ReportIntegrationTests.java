package io.stocksync.ledger.report;

import java.io.StringReader;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

import io.stocksync.common.event.AdjustmentType;
import io.stocksync.common.json.JsonMappers;
import io.stocksync.ledger.LedgerIntegrationTest;
import io.stocksync.ledger.LedgerTestSupport;
import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVRecord;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;

import static io.stocksync.ledger.LedgerTestSupport.line;
import static io.stocksync.ledger.LedgerTestSupport.order;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Reports from a known order history (sales, a cancel, a partial refund with restock, a
 * kit sale, a sale outside the shorter periods): exact unit counts per SKU and shop,
 * rates, reorder points and suggestions; the CSV says the same as the JSON.
 */
@LedgerIntegrationTest(token = "report-test-token", sitesFile = "src/test/resources/sites-kits.yml")
class ReportIntegrationTests {

	private static final Instant NOW = Instant.now();

	@Autowired
	LedgerTestSupport ledger;

	@Test
	void shouldReportExactSalesRatesAndReorderPointsFromAKnownHistory() throws Exception {
		// given
		adjust("P-MUG", 40);
		adjust("P-CAP", 50);
		adjust("P-LOW", 3);
		this.ledger.awaitOnHand("P-LOW", 3);
		this.ledger.admin()
			.putAccepted("/admin/kits/P-GIFT",
					"""
							{"components":[{"sku":"P-MUG","quantity":2},{"sku":"P-CAP","quantity":1}],"idempotencyKey":"p-gift"}""");
		this.ledger.admin().putAccepted("/admin/stock/P-MUG/planning", "{\"leadTimeDays\":7,\"safetyStock\":5}");
		await().atMost(Duration.ofSeconds(30))
			.until(() -> this.ledger.jdbc()
				.sql("select count(*) from kit where sku = 'P-GIFT'")
				.query(Long.class)
				.single() == 1
					&& this.ledger.jdbc()
						.sql("select count(*) from stock_planning where sku = 'P-MUG'")
						.query(Long.class)
						.single() == 1);

		this.ledger.send(order("shop1", 1, "processing", daysAgo(1), line(1, "P-MUG", 8, 8)));
		this.ledger.send(order("shop2", 2, "processing", daysAgo(2), line(1, "P-MUG", 2, 2)));
		this.ledger.send(order("shop1", 3, "processing", daysAgo(3), line(1, "P-MUG", 4, 4)));
		this.ledger.send(order("shop1", 3, "cancelled", daysAgo(3).plusSeconds(60), line(1, "P-MUG", 4, null)));
		this.ledger.send(order("shop2", 4, "completed", daysAgo(10), line(1, "P-MUG", 17, 17)));
		this.ledger.send(order("shop2", 4, "completed", daysAgo(10).plusSeconds(60), line(1, "P-MUG", 17, 16))); // refund
		// 1
		this.ledger.send(order("shop1", 5, "processing", daysAgo(1), line(1, "P-GIFT", 2, 2)));
		this.ledger.send(order("shop3", 6, "completed", daysAgo(40), line(1, "P-CAP", 1, 1)));

		// when all is applied: P-MUG 40 - 8 - 2 - 16 - 4 (kits) = 10, P-CAP 50 - 2 (kits)
		// - 1 = 47
		this.ledger.awaitOnHand("P-MUG", 10);
		this.ledger.awaitOnHand("P-CAP", 47);

		// then sales: kits under the kit only, net of the cancel and the restocked refund
		JsonNode week = this.ledger.admin().json("/admin/reports/sales?days=7");
		assertThat(week.path("days").asInt()).isEqualTo(7);
		assertThat(sales(week)).isEqualTo(Map.of("P-MUG", "10 {shop1=8, shop2=2}", "P-GIFT", "2 {shop1=2}"));
		assertThat(sales(this.ledger.admin().json("/admin/reports/sales?days=30")))
			.isEqualTo(Map.of("P-MUG", "26 {shop1=8, shop2=18}", "P-GIFT", "2 {shop1=2}"));
		assertThat(sales(this.ledger.admin().json("/admin/reports/sales?days=90")))
			.containsEntry("P-CAP", "1 {shop3=1}")
			.hasSize(3);
		assertThat(sales(this.ledger.admin().json("/admin/reports/sales?days=7&shop=shop2")))
			.isEqualTo(Map.of("P-MUG", "2 {shop2=2}"));
		assertThat(this.ledger.admin().get("/admin/reports/sales?days=14").statusCode()).isEqualTo(400);

		// reorder: P-MUG consumed 30 in 30 days (26 sold + 4 in kits) = 1/day; point 7 x
		// 1 + 5 = 12
		JsonNode reorder = this.ledger.admin().json("/admin/reports/reorder?days=30");
		JsonNode mug = item(reorder, "P-MUG");
		assertThat(mug.path("consumed").asLong()).isEqualTo(30);
		assertThat(mug.path("dailyRate").decimalValue()).isEqualByComparingTo("1");
		assertThat(mug.path("daysOfCover").decimalValue()).isEqualByComparingTo("10");
		assertThat(mug.path("reorderPoint").asLong()).isEqualTo(12);
		assertThat(mug.path("reorder").asBoolean()).isTrue();
		assertThat(mug.path("suggestedQuantity").asLong()).isEqualTo(32); // 12 + 30 - 10
		JsonNode cap = item(reorder, "P-CAP");
		assertThat(cap.path("consumed").asLong()).isEqualTo(2);
		assertThat(cap.path("dailyRate").decimalValue()).isEqualByComparingTo("0.067");
		assertThat(cap.path("reorderPoint").asLong()).isZero();
		assertThat(cap.path("reorder").asBoolean()).isFalse();
		assertThat(item(reorder, "P-LOW")).isNull(); // no sales, no planning

		JsonNode low = this.ledger.admin().json("/admin/reports/low-stock?threshold=5");
		assertThat(low.path("items").valueStream().map((i) -> i.path("sku").asString()).toList())
			.contains("P-MUG", "P-LOW")
			.doesNotContain("P-CAP");

		// CSV matches JSON
		List<CSVRecord> salesCsv = csv("/admin/reports/sales?days=30");
		Map<String, String> fromCsv = new TreeMap<>();
		for (CSVRecord record : salesCsv) {
			fromCsv.put(record.get("sku"), record.get("units") + " shop1=" + record.get("shop1") + " shop2="
					+ record.get("shop2") + " shop3=" + record.get("shop3"));
		}
		Map<String, String> fromJson = new TreeMap<>();
		this.ledger.admin()
			.json("/admin/reports/sales?days=30")
			.path("items")
			.forEach((item) -> fromJson.put(item.path("sku").asString(),
					item.path("units").asLong() + " shop1=" + item.path("byShop").path("shop1").asLong(0) + " shop2="
							+ item.path("byShop").path("shop2").asLong(0) + " shop3="
							+ item.path("byShop").path("shop3").asLong(0)));
		assertThat(fromCsv).isEqualTo(fromJson).isNotEmpty();

		List<CSVRecord> reorderCsv = csv("/admin/reports/reorder?days=30");
		assertThat(reorderCsv).hasSize(reorder.path("items").size());
		for (CSVRecord record : reorderCsv) {
			JsonNode json = item(reorder, record.get("sku"));
			assertThat(Long.parseLong(record.get("reorderPoint"))).isEqualTo(json.path("reorderPoint").asLong());
			assertThat(Long.parseLong(record.get("suggestedQuantity")))
				.isEqualTo(json.path("suggestedQuantity").asLong());
			assertThat(new java.math.BigDecimal(record.get("dailyRate")))
				.isEqualByComparingTo(json.path("dailyRate").decimalValue());
			assertThat(Long.parseLong(record.get("consumed"))).isEqualTo(json.path("consumed").asLong());
		}
	}

	@Test
	void shouldDocumentTheNewAdminEndpointsAndRequireTheToken() throws Exception {
		HttpResponse<String> docs = LedgerTestSupport
			.send(HttpRequest.newBuilder(this.ledger.admin().uri("/v3/api-docs")).build());
		JsonNode paths = JsonMappers.standard().readTree(docs.body()).path("paths");
		Map<String, List<String>> expected = Map.of("/admin/kits", List.of("get"), "/admin/kits/{sku}",
				List.of("get", "put", "delete"), "/admin/kits/import", List.of("post"), "/admin/shops/{shopId}/rules",
				List.of("get"), "/admin/shops/{shopId}/rules/{sku}", List.of("put", "delete"),
				"/admin/stock/{sku}/planning", List.of("put"), "/admin/reports/sales", List.of("get"),
				"/admin/reports/reorder", List.of("get"), "/admin/reports/low-stock", List.of("get"));
		expected.forEach((path, methods) -> methods.forEach((method) -> {
			assertThat(paths.path(path).path(method).isMissingNode()).as(method + " " + path).isFalse();
			assertThat(paths.path(path).path(method).at("/security/0/adminToken").isMissingNode())
				.as(method + " " + path + " needs the token")
				.isFalse();
		}));
		for (String path : List.of("/admin/kits", "/admin/reports/sales?days=7", "/admin/reports/reorder",
				"/admin/reports/low-stock", "/admin/shops/shop1/rules")) {
			HttpResponse<String> refused = LedgerTestSupport
				.send(HttpRequest.newBuilder(this.ledger.admin().uri(path)).build());
			assertThat(refused.statusCode()).as(path).isEqualTo(401);
			assertThat(refused.headers().firstValue("Content-Type")).as(path)
				.contains("application/json;charset=UTF-8");
		}
	}

	@Autowired
	PlatformTransactionManager transactions;

	/*
	 * The 7/30/90-day sums as days pass, against sums over sale_day; all in one
	 * transaction that is rolled back, so the moved windows never reach the other test.
	 */
	@Test
	void shouldKeepTheWindowSumsEqualToTheDaySumsAsDaysPass() {
		LocalDate x = LocalDate.now(ZoneOffset.UTC).plusDays(400);
		MovableClock clock = new MovableClock(x);
		SalesBook book = new SalesBook(this.ledger.jdbc(), clock);
		new TransactionTemplate(this.transactions).executeWithoutResult((status) -> {
			book.add(List.of(sale(x.minusDays(20), 5), sale(x, 3), sale(x.minusDays(60), 2)));
			book.roll();
			assertThat(windows()).containsExactly(3L, 8L, 10L).isEqualTo(daySums(x));
			clock.day = x.plusDays(8);
			book.roll();
			assertThat(windows()).containsExactly(0L, 8L, 10L).isEqualTo(daySums(clock.day));
			clock.day = x.plusDays(10);
			book.add(List.of(sale(x.plusDays(10), 4), sale(x.plusDays(30), 1))); // a
																					// future
																					// date
																					// counts
																					// as
																					// today
			book.roll();
			assertThat(windows()).containsExactly(5L, 8L, 15L).isEqualTo(daySums(clock.day));
			clock.day = x.plusDays(40);
			book.roll();
			assertThat(windows()).containsExactly(0L, 0L, 13L).isEqualTo(daySums(clock.day));
			status.setRollbackOnly();
		});
	}

	private static SalesBook.Sale sale(LocalDate day, long units) {
		return new SalesBook.Sale(day.atStartOfDay(ZoneOffset.UTC).toInstant().plusSeconds(3600), "ROLL-A", "shop1",
				units, units);
	}

	private List<Long> windows() {
		return this.ledger.jdbc()
			.sql("select units_7, units_30, units_90 from sale_recent where sku = 'ROLL-A'")
			.query((rs, row) -> List.of(rs.getLong(1), rs.getLong(2), rs.getLong(3)))
			.optional()
			.orElse(List.of(0L, 0L, 0L));
	}

	private List<Long> daySums(LocalDate today) {
		List<Long> sums = new ArrayList<>();
		for (int days : SalesBook.WINDOWS) {
			sums.add(this.ledger.jdbc()
				.sql("select coalesce(sum(units), 0) from sale_day where sku = 'ROLL-A' and day > :from and day <= :to")
				.param("from", java.sql.Date.valueOf(today.minusDays(days)))
				.param("to", java.sql.Date.valueOf(today))
				.query(Long.class)
				.single());
		}
		return sums;
	}

	/** A clock whose day a test moves. */
	static final class MovableClock extends Clock {

		LocalDate day;

		MovableClock(LocalDate day) {
			this.day = day;
		}

		@Override
		public ZoneId getZone() {
			return ZoneOffset.UTC;
		}

		@Override
		public Clock withZone(ZoneId zone) {
			return this;
		}

		@Override
		public Instant instant() {
			return this.day.atStartOfDay(ZoneOffset.UTC).toInstant().plusSeconds(7200);
		}

	}

	private static Map<String, String> sales(JsonNode report) {
		Map<String, String> items = new TreeMap<>();
		report.path("items").forEach((item) -> {
			Map<String, Long> byShop = new TreeMap<>();
			item.path("byShop").properties().forEach((e) -> byShop.put(e.getKey(), e.getValue().asLong()));
			items.put(item.path("sku").asString(), item.path("units").asLong() + " " + byShop);
		});
		return items;
	}

	private static JsonNode item(JsonNode report, String sku) {
		for (JsonNode item : report.path("items")) {
			if (item.path("sku").asString().equals(sku)) {
				return item;
			}
		}
		return null;
	}

	private static Instant daysAgo(int days) {
		return NOW.minus(Duration.ofDays(days));
	}

	private List<CSVRecord> csv(String path) throws Exception {
		HttpResponse<String> response = LedgerTestSupport
			.send(this.ledger.admin().request(path).header("Accept", "text/csv").build());
		assertThat(response.statusCode()).isEqualTo(200);
		assertThat(response.headers().firstValue("Content-Type"))
			.hasValueSatisfying((type) -> type.startsWith("text/csv"));
		return new ArrayList<>(CSVFormat.DEFAULT.builder()
			.setHeader()
			.setSkipHeaderRecord(true)
			.get()
			.parse(new StringReader(response.body()))
			.getRecords());
	}

	private void adjust(String sku, long quantity) {
		this.ledger.adjust(sku, AdjustmentType.SET, quantity, sku + "-initial");
	}

}
