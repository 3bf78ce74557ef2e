package io.stocksync.ingest.webhook;

import java.io.IOException;
import java.io.InputStream;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import io.stocksync.common.event.OrderLine;
import io.stocksync.common.event.OrderSnapshot;
import io.stocksync.common.json.JsonMappers;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;

/**
 * Restocked refund quantities from WooCommerce's refund list, as captured (rest-43,
 * wh-020).
 */
class RefundLookupTests {

	private final WooOrderParser parser = new WooOrderParser(
			Clock.fixed(Instant.parse("2026-11-22T13:30:00Z"), ZoneOffset.UTC));

	@Test
	void shouldReadRefundedQuantitiesPerOrderLineFromTheRefundList() throws IOException {
		assertThat(RefundLookup.refundedQuantities(refunds())).isEqualTo(Map.of(6L, 1));
	}

	@Test
	void shouldLookUpRefundsOnlyForLinesWithoutWooCommercesTally() {
		WcFixture refunded = WcFixture.load("wh-020-order_updated-orderA-refund-restock");
		OrderSnapshot snapshot = this.parser.parse("shop1", refunded.topic(), refunded.rawBody());

		JsonNode order = JsonMappers.standard().readTree(refunded.rawBody());
		assertThat(RefundLookup.needsLookup(order, snapshot)).as("lines carry _reduced_stock").isFalse();
		assertThat(RefundLookup.needsLookup(order, withoutTally(snapshot))).isTrue();
		WcFixture paid = WcFixture.load("wh-007-order_updated-orderA-processing");
		assertThat(RefundLookup.needsLookup(JsonMappers.standard().readTree(paid.rawBody()),
				withoutTally(this.parser.parse("shop1", paid.topic(), paid.rawBody()))))
			.as("no refunds listed")
			.isFalse();
	}

	@Test
	void shouldSetTheRestockedQuantityOfLinesAccountedByStatus() throws IOException {
		WcFixture refunded = WcFixture.load("wh-020-order_updated-orderA-refund-restock");
		OrderSnapshot snapshot = withoutTally(this.parser.parse("shop1", refunded.topic(), refunded.rawBody()));

		OrderSnapshot enriched = RefundLookup.apply(snapshot, RefundLookup.refundedQuantities(refunds()));

		assertThat(enriched.lines()).extracting(OrderLine::lineItemId, OrderLine::restockedRefundQuantity)
			.containsExactly(tuple(6L, 1), tuple(7L, 0));
		assertThat(enriched.eventId()).isEqualTo(snapshot.eventId());
	}

	private static OrderSnapshot withoutTally(OrderSnapshot snapshot) {
		List<OrderLine> lines = new ArrayList<>();
		snapshot.lines()
			.forEach((line) -> lines.add(new OrderLine(line.lineItemId(), line.sku(), line.productId(),
					line.variationId(), line.quantity(), null, 0)));
		return new OrderSnapshot(snapshot.schemaVersion(), snapshot.eventId(), snapshot.shopId(), snapshot.orderId(),
				snapshot.topic(), snapshot.status(), snapshot.dateModifiedGmt(), lines, snapshot.source(),
				snapshot.receivedAt());
	}

	private static List<JsonNode> refunds() throws IOException {
		try (InputStream in = RefundLookupTests.class
			.getResourceAsStream("/wc-fixtures/rest-43-order-refunds-list.json")) {
			List<JsonNode> refunds = new ArrayList<>();
			JsonMappers.standard().readTree(in).path("response").path("body").forEach(refunds::add);
			return refunds;
		}
	}

}
