package io.stocksync.ingest.shopify;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;

import io.stocksync.common.event.OrderLine;
import io.stocksync.common.event.OrderSnapshot;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

/**
 * Shopify's inventory semantics per order line, on payloads shaped as Shopify documents
 * them (see {@code src/test/resources/shopify/README.md}).
 */
class ShopifyOrderParserTests {

	private static final long GREEN = 866550311766439020L;

	private static final long RED = 141249953214522974L;

	private static final long GIFT = 257004973105615270L;

	private final ShopifyOrderParser parser = new ShopifyOrderParser(
			Clock.fixed(Instant.parse("2026-11-30T16:00:00Z"), ZoneOffset.UTC));

	static byte[] fixture(String name) {
		try (InputStream in = ShopifyOrderParserTests.class.getResourceAsStream("/shopify/" + name)) {
			return in.readAllBytes();
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
	}

	private OrderSnapshot parse(String name) {
		return this.parser.parse("b2c", "orders/updated", fixture(name), "webhook");
	}

	private static int committed(OrderSnapshot snapshot, long lineId) {
		return snapshot.lines()
			.stream()
			.filter((line) -> line.lineItemId() == lineId)
			.findFirst()
			.map(OrderLine::reducedStock)
			.orElseThrow();
	}

	@Test
	void shouldCommitEveryTrackedLineOfANewOrderAndNothingForAGiftCard() {
		OrderSnapshot snapshot = parse("order-create.json");

		assertThat(snapshot.key()).isEqualTo("b2c:820982911946154508");
		assertThat(snapshot.status()).isEqualTo("processing");
		assertThat(snapshot.dateModifiedGmt()).isEqualTo(Instant.parse("2026-11-30T13:15:49Z"));
		assertThat(snapshot.topic()).isEqualTo("orders/updated");
		assertThat(snapshot.lines()).extracting(OrderLine::sku).containsExactly("SKU-GREEN", "SKU-RED", "GIFT-25");
		assertThat(committed(snapshot, GREEN)).isEqualTo(1);
		assertThat(committed(snapshot, RED)).isEqualTo(2);
		assertThat(committed(snapshot, GIFT)).isZero();
		assertThat(snapshot.lines().get(1).variationId()).isEqualTo(757650484644203962L);
	}

	@Test
	void shouldReleaseExactlyTheUnitsARefundReturnedToStock() {
		OrderSnapshot snapshot = parse("order-refund-return.json");

		assertThat(committed(snapshot, RED)).isEqualTo(1);
		assertThat(committed(snapshot, GREEN)).isEqualTo(1);
		assertThat(snapshot.lines().get(1).restockedRefundQuantity()).isEqualTo(1);
	}

	@Test
	void shouldReleaseNothingForARefundWithoutRestock() {
		OrderSnapshot snapshot = parse("order-refund-no-restock.json");

		assertThat(committed(snapshot, RED)).isEqualTo(2);
		assertThat(snapshot.lines().get(1).restockedRefundQuantity()).isZero();
	}

	@Test
	void shouldEndAtZeroForAnOrderCancelledWithRestock() {
		OrderSnapshot snapshot = parse("order-cancelled-restock.json");

		assertThat(snapshot.status()).isEqualTo("cancelled");
		assertThat(snapshot.lines()).extracting(OrderLine::reducedStock).containsOnly(0);
	}

	@Test
	void shouldApplyEditsRemovedUnitsAddedLinesAndIgnoreUntrackedVariants() {
		OrderSnapshot snapshot = parse("order-edited.json");

		assertThat(committed(snapshot, RED)).isEqualTo(1);
		assertThat(committed(snapshot, 166550311766439021L)).isEqualTo(3);
		assertThat(committed(snapshot, 166550311766439022L)).as("variant Shopify does not track").isZero();
	}

	@Test
	void shouldRefuseBodiesTheLedgerCannotUse() {
		assertThatExceptionOfType(UnusableShopifyBody.class)
			.isThrownBy(() -> this.parser.parse("b2c", "orders/create", "{\"id\":".getBytes(), "webhook"))
			.withMessageContaining("not JSON");
		assertThatExceptionOfType(UnusableShopifyBody.class).isThrownBy(
				() -> this.parser.parse("b2c", "orders/create", "{\"id\":5,\"line_items\":[]}".getBytes(), "webhook"))
			.withMessageContaining("updated_at");
		assertThatExceptionOfType(UnusableShopifyBody.class)
			.isThrownBy(() -> this.parser.parse("b2c", "orders/create", fixture("refund-create.json"), "webhook"))
			.withMessageContaining("order 929361462 has no");
	}

}
