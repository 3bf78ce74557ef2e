package io.stocksync.ledger.rebuild;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Random;
import java.util.UUID;

import io.stocksync.common.event.AdjustmentType;
import io.stocksync.common.event.BackordersChangeRequested;
import io.stocksync.common.event.OrderSnapshot;
import io.stocksync.ledger.LedgerIntegrationTest;
import io.stocksync.ledger.LedgerTestSupport;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

import org.springframework.beans.factory.annotation.Autowired;

import static io.stocksync.ledger.LedgerTestSupport.line;
import static io.stocksync.ledger.LedgerTestSupport.order;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * A mixed run (orders on three shops with duplicates and reordering, stock takes while
 * orders flow, goods received, an oversell and its cancel, a backorders switch), then a
 * rebuild from the topics: the rebuilt stock equals the live one. The stock takes are the
 * trap: applied at another moment relative to the orders they would give another result,
 * so the replay uses the deltas the live ledger recorded.
 */
@LedgerIntegrationTest(token = "rebuild-test-token", ownGroups = true)
class RebuildIntegrationTests {

	@Autowired
	LedgerTestSupport ledger;

	@Test
	void shouldRebuildExactlyTheLiveStockFromTheTopics() throws Exception {
		this.ledger.adjust("R-MUG", AdjustmentType.SET, 40, "r-mug-initial");
		this.ledger.adjust("R-CAP", AdjustmentType.SET, 10, "r-cap-initial");
		this.ledger.awaitOnHand("R-MUG", 40);
		this.ledger.awaitOnHand("R-CAP", 10);
		List<OrderSnapshot> snapshots = new ArrayList<>();
		Random random = new Random(42);
		for (int shop = 1; shop <= 3; shop++) {
			for (int order = 1; order <= 12; order++) {
				String sku = (order % 3 == 0) ? "R-CAP" : "R-MUG";
				int quantity = 1 + random.nextInt(3);
				snapshots.add(order("shop" + shop, order, "pending", 0, line(1, sku, quantity, null)));
				snapshots.add(order("shop" + shop, order, "processing", 1, line(1, sku, quantity, quantity)));
				if (order % 4 == 0) {
					snapshots.add(order("shop" + shop, order, "cancelled", 2, line(1, sku, quantity, null)));
				}
			}
		}
		List<OrderSnapshot> delivered = new ArrayList<>(snapshots);
		delivered.addAll(snapshots.subList(0, 20)); // duplicates
		Collections.shuffle(delivered, random);
		for (int i = 0; i < delivered.size(); i++) {
			this.ledger.send(delivered.get(i));
			if (i == delivered.size() / 3) {
				this.ledger.adjust("R-MUG", AdjustmentType.SET, 30, "r-mug-stock-take"); // while
				// orders
				// flow
			}
			if (i == delivered.size() / 2) {
				this.ledger.adjust("R-CAP", AdjustmentType.ADD, 4, "r-cap-received");
				this.ledger.adjust("R-CAP", AdjustmentType.ADD, 4, "r-cap-received"); // same
																						// key:
				// once
				this.ledger.kafka()
					.send(this.ledger.adjustments(), "R-CAP", new BackordersChangeRequested(1,
							UUID.randomUUID().toString(), "R-CAP", true, "test", Instant.now()));
			}
		}
		// An oversell on a SKU nobody stocked, then its cancel.
		this.ledger.send(order("shop1", 99, "processing", 5, line(1, "R-POSTER", 3, 3)));
		this.ledger.awaitOnHand("R-POSTER", -3);
		assertThat(this.ledger.admin().json("/admin/stock?filter=oversold").findValuesAsString("sku"))
			.contains("R-POSTER");
		this.ledger.send(order("shop1", 99, "cancelled", 6, line(1, "R-POSTER", 3, null)));
		this.ledger.awaitOnHand("R-POSTER", 0);
		assertThat(this.ledger.admin().json("/admin/stock?filter=oversold").findValuesAsString("sku"))
			.doesNotContain("R-POSTER");
		assertThat(this.ledger.admin().json("/admin/stock?filter=low&threshold=0").findValuesAsString("sku"))
			.contains("R-POSTER");
		this.ledger.awaitIdle(Duration.ofSeconds(60));

		JsonNode report = this.ledger.admin().postJson("/admin/rebuild");

		assertThat(report.path("differences").isEmpty()).as(report.toString()).isTrue();
		assertThat(report.path("orderEvents").asLong()).isEqualTo(delivered.size() + 2);
		// the other test of this class may have added its stock take already
		assertThat(report.path("adjustments").asLong()).isBetween(4L, 5L);
		assertThat(report.path("backorders").asLong()).isEqualTo(1);
		assertThat(report.path("requestsNotApplied").isEmpty()).isTrue();
		assertThat(report.path("rebuiltSkus").asInt()).isEqualTo(report.path("liveSkus").asInt())
			.isGreaterThanOrEqualTo(3);
		assertThat(this.ledger.jdbc()
			.sql("select backorders from stock where sku = 'R-CAP'")
			.query(Boolean.class)
			.single()).isTrue();

		JsonNode oversells = this.ledger.admin().json("/admin/oversells?all=true&sku=R-POSTER");
		assertThat(oversells.path("oversells")).hasSize(1);
		assertThat(oversells.path("oversells").get(0).path("causeRef").asString()).isEqualTo("shop1:99");
		assertThat(oversells.path("oversells").get(0).path("quantityShort").asLong()).isEqualTo(3);
		assertThat(oversells.path("oversells").get(0).path("resolvedAt").isNull()).isFalse();
		assertThat(this.ledger.admin().json("/admin/oversells?sku=R-POSTER").path("oversells")).isEmpty();

		JsonNode history = this.ledger.admin().json("/admin/stock/R-POSTER/history?limit=1");
		assertThat(history.path("movements").get(0).path("delta").asLong()).isEqualTo(3);
		assertThat(history.path("movements").get(0).path("detail").asString()).contains("cancelled");
		JsonNode older = this.ledger.admin()
			.json("/admin/stock/R-POSTER/history?before=" + history.path("nextBefore").asLong());
		assertThat(older.path("movements")).hasSize(1);
		assertThat(older.path("movements").get(0).path("onHandAfter").asLong()).isEqualTo(-3);
	}

	@Test
	void shouldReportADifferenceWhenTheLiveTableWasChangedBehindTheLedgersBack() throws Exception {
		this.ledger.adjust("R-TAMPERED", AdjustmentType.SET, 7, "r-tampered");
		this.ledger.awaitOnHand("R-TAMPERED", 7);
		this.ledger.awaitIdle(Duration.ofSeconds(60));
		this.ledger.jdbc().sql("update stock set on_hand = on_hand + 1 where sku = 'R-TAMPERED'").update();

		JsonNode report = this.ledger.admin().postJson("/admin/rebuild");

		assertThat(report.path("differences")).hasSize(1);
		JsonNode difference = report.path("differences").get(0);
		assertThat(difference.path("sku").asString()).isEqualTo("R-TAMPERED");
		assertThat(difference.path("liveOnHand").asLong()).isEqualTo(8);
		assertThat(difference.path("rebuiltOnHand").asLong()).isEqualTo(7);
		this.ledger.jdbc().sql("update stock set on_hand = on_hand - 1 where sku = 'R-TAMPERED'").update();
	}

}
