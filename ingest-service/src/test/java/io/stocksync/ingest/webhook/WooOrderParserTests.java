package io.stocksync.ingest.webhook;

import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;

import io.stocksync.common.event.OrderLine;
import io.stocksync.common.event.OrderSnapshot;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

class WooOrderParserTests {

	private static final Instant NOW = Instant.parse("2026-11-22T13:30:00Z");

	private final WooOrderParser parser = new WooOrderParser(Clock.fixed(NOW, ZoneOffset.UTC));

	private OrderSnapshot parse(String fixture) {
		WcFixture delivery = WcFixture.load(fixture);
		return this.parser.parse("shop1", delivery.topic(), delivery.rawBody());
	}

	@Test
	void shouldReadLinesAndReducedStockFromARealProcessingOrder() {
		OrderSnapshot snapshot = parse("wh-007-order_updated-orderA-processing");

		assertThat(snapshot.shopId()).isEqualTo("shop1");
		assertThat(snapshot.orderId()).isEqualTo(20);
		assertThat(snapshot.key()).isEqualTo("shop1:20");
		assertThat(snapshot.status()).isEqualTo("processing");
		assertThat(snapshot.dateModifiedGmt()).isEqualTo(Instant.parse("2026-11-22T13:28:49Z"));
		assertThat(snapshot.receivedAt()).isEqualTo(NOW);
		assertThat(snapshot.lines()).containsExactly(new OrderLine(6, "WCP-MUG", 11, 0, 2, 2, 0),
				new OrderLine(7, "WCP-TSHIRT-S", 14, 15, 1, 1, 0));
	}

	/*
	 * The Product Bundles fixtures are the captured wh-007 order body with the fields the
	 * Product Bundles extension adds to REST order line items: bundled_items on the
	 * container (child line ids), bundled_by on each child (the container's line id), and
	 * its _bundled_by/_bundled_items meta.
	 */
	private OrderSnapshot parseBundle(String name) {
		try (var in = getClass().getResourceAsStream("/wc-bundles/" + name + ".json")) {
			return this.parser.parse("shop1", "order.updated", in.readAllBytes());
		}
		catch (java.io.IOException ex) {
			throw new java.io.UncheckedIOException(ex);
		}
	}

	@Test
	void shouldCountABundlesChildLinesAndNotItsContainer() {
		OrderSnapshot snapshot = parseBundle("order-bundle-processing");

		assertThat(snapshot.lines()).containsExactly(new OrderLine(30, null, 50, 0, 1, null, 0),
				new OrderLine(31, "WCP-MUG", 11, 0, 2, 2, 0), new OrderLine(32, "WCP-TSHIRT-S", 14, 15, 1, 1, 0),
				new OrderLine(33, "WCP-MUG", 11, 0, 1, 1, 0));
	}

	@Test
	void shouldCountAStockManagedBundleContainerToo() {
		OrderSnapshot snapshot = parseBundle("order-bundle-managed-container-processing");

		assertThat(snapshot.lines()).extracting(OrderLine::sku, OrderLine::reducedStock)
			.containsExactly(org.assertj.core.groups.Tuple.tuple("WCP-GIFTBOX", 1),
					org.assertj.core.groups.Tuple.tuple("WCP-MUG", 2),
					org.assertj.core.groups.Tuple.tuple("WCP-TSHIRT-S", 1),
					org.assertj.core.groups.Tuple.tuple("WCP-MUG", 1));
	}

	@Test
	void shouldSeeNoReducedStockOnAPendingOrderOrAfterCancel() {
		assertThat(parse("wh-005-order_created-orderA-create-pending").lines()).extracting(OrderLine::reducedStock)
			.containsOnlyNulls();
		OrderSnapshot cancelled = parse("wh-016-order_updated-orderB-cancelled");
		assertThat(cancelled.status()).isEqualTo("cancelled");
		assertThat(cancelled.lines()).extracting(OrderLine::reducedStock).containsOnlyNulls();
	}

	@Test
	void shouldReadTheLoweredTallyAfterARefundWithRestock() {
		OrderSnapshot refunded = parse("wh-020-order_updated-orderA-refund-restock");

		assertThat(refunded.status()).isEqualTo("completed");
		assertThat(refunded.lines()).extracting(OrderLine::sku, OrderLine::quantity, OrderLine::reducedStock)
			.containsExactly(org.assertj.core.groups.Tuple.tuple("WCP-MUG", 2, 1),
					org.assertj.core.groups.Tuple.tuple("WCP-TSHIRT-S", 1, 1));
	}

	@Test
	void shouldTurnATrashedOrderIntoADeletionWithoutLines() {
		OrderSnapshot deleted = parse("wh-023-order_deleted-orderB-trash");

		assertThat(deleted.isDeletion()).isTrue();
		assertThat(deleted.orderId()).isEqualTo(21);
		assertThat(deleted.lines()).isEmpty();
	}

	@Test
	void shouldAcceptTheSimplifiedFormat() {
		byte[] body = """
				{"site_id":"shop1","order_id":77,"status":"processing",
				 "line_items":[{"line_item_id":1,"sku":"WCP-MUG","qty":3},{"line_item_id":2,"sku":"","qty":1}]}
				""".getBytes(StandardCharsets.UTF_8);

		OrderSnapshot snapshot = this.parser.parse("shop1", null, body);

		assertThat(snapshot.source()).isEqualTo("simplified");
		assertThat(snapshot.topic()).isEqualTo("order.updated");
		assertThat(snapshot.lines()).containsExactly(new OrderLine(1, "WCP-MUG", 0, 0, 3, null, 0),
				new OrderLine(2, null, 0, 0, 1, null, 0));
	}

	@Test
	void shouldExplainWhyABodyIsUnusable() {
		assertThatExceptionOfType(UnusablePayloadException.class)
			.isThrownBy(() -> this.parser.parse("shop1", "order.updated", "{\"id\":1".getBytes(StandardCharsets.UTF_8)))
			.withMessageContaining("not valid JSON");
		assertThatExceptionOfType(UnusablePayloadException.class)
			.isThrownBy(() -> this.parser.parse("shop1", "order.updated", "[1,2]".getBytes(StandardCharsets.UTF_8)))
			.withMessageContaining("not a JSON object");
		assertThatExceptionOfType(UnusablePayloadException.class)
			.isThrownBy(
					() -> this.parser
						.parse("shop1", "order.updated",
								"{\"id\":5,\"status\":\"processing\",\"line_items\":[{\"id\":1,\"quantity\":-2}]}"
									.getBytes(StandardCharsets.UTF_8)))
			.withMessageContaining("out of range");
		assertThatExceptionOfType(UnusablePayloadException.class)
			.isThrownBy(() -> this.parser.parse("shop1", "order.updated",
					"{\"id\":5,\"line_items\":[]}".getBytes(StandardCharsets.UTF_8)))
			.withMessageContaining("status missing");
		assertThatExceptionOfType(UnusablePayloadException.class)
			.isThrownBy(
					() -> this.parser
						.parse("shop1", null,
								"{\"site_id\":\"shop9\",\"order_id\":1,\"status\":\"processing\",\"line_items\":[]}"
									.getBytes(StandardCharsets.UTF_8)))
			.withMessageContaining("does not match");
	}

}
