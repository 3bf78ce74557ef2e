package io.stocksync.propagator.shopify;

import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

import io.stocksync.common.shop.ShopConfig;
import io.stocksync.fakeshop.shopify.FakeShopify;
import okhttp3.OkHttpClient;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

/**
 * The GraphQL client against the fake store: paging, cost-based waiting, throttling, user
 * errors.
 */
class ShopifyClientTests {

	/* The one clock of store and client: the client's waits move it, nothing sleeps. */
	private final AtomicLong nanos = new AtomicLong();

	private final FakeShopify store = FakeShopify.builder().rateLimit(60, 30).nanoTime(this.nanos::get).start();

	private final List<Long> slept = new ArrayList<>();

	private final ShopifyClient client = new ShopifyClient(new OkHttpClient(),
			ShopConfig.shopify("s", this.store.baseUrl(), this.store.accessToken(), "secret", null, null, 0, null),
			(millis) -> {
				this.slept.add(millis);
				this.nanos.addAndGet(TimeUnit.MILLISECONDS.toNanos(millis));
			}, this.nanos::get);

	@AfterEach
	void stop() {
		this.store.close();
	}

	@Test
	void shouldPageTheCatalogueInPagesTheBucketHoldsAndWaitInsteadOfBeingThrottled() {
		for (int i = 0; i < 30; i++) {
			this.store.addVariant(String.format("V-%02d", i), i);
		}
		this.store.addVariant("KIT", 0, true);
		this.store.addUnstockedVariant("NOWHERE");

		List<ShopifyClient.Variant> variants = this.client.variants(this.client.primaryLocationId());

		assertThat(variants).hasSize(32);
		assertThat(variants.get(7).sku()).isEqualTo("V-07");
		assertThat(variants.get(7).available()).isEqualTo(7);
		assertThat(variants).filteredOn(ShopifyClient.Variant::requiresComponents)
			.extracting(ShopifyClient.Variant::sku)
			.containsExactly("KIT");
		assertThat(variants).filteredOn((variant) -> !variant.stocked())
			.extracting(ShopifyClient.Variant::sku)
			.containsExactly("NOWHERE");
		assertThat(this.store.graphqlRequests()).isGreaterThan(5); // pages of 7 (half of
																	// a 60-point bucket)
		// After the location query (1 point of 60) the first page (30 points requested)
		// fits; the second lacks one point (1/30 s at 30 points/s), each later one a
		// whole
		// page (1 s). The client rounds up and adds a millisecond.
		assertThat(this.slept).containsExactly(35L, 1001L, 1001L, 1001L);
		assertThat(this.store.throttledResponses()).isZero();
	}

	@Test
	void shouldReportUserErrorsWithTheIndexOfTheRefusedQuantity() {
		long item = this.store.addVariant("A", 10);
		long kit = this.store.addVariant("KIT", 0, true);
		long location = this.client.primaryLocationId();

		List<ShopifyClient.UserError> errors = this.client.setAvailable(
				List.of(new ShopifyClient.SetQuantity(item, location, 4, 9L),
						new ShopifyClient.SetQuantity(kit, location, 4, null)),
				"stock-sync://s/batch/1", UUID.randomUUID().toString());

		assertThat(errors).extracting(ShopifyClient.UserError::code)
			.containsExactly("CHANGE_FROM_QUANTITY_STALE", "NON_MUTABLE_INVENTORY_ITEM");
		assertThat(errors).extracting(ShopifyClient.UserError::quantityIndex).containsExactly(0, 1);
		assertThat(this.store.available("A")).isEqualTo(10);
	}

	@Test
	void shouldGiveUpAsRetryableWhenTheBucketWouldNeedTooLong() {
		this.store.rateLimit(1000, 0, 0);
		this.store.throttledStatus(429);

		assertThatExceptionOfType(ShopifyApiException.class).isThrownBy(this.client::primaryLocationId)
			.satisfies((ex) -> assertThat(ex.retryable()).isTrue());
		assertThat(this.store.throttledResponses()).isEqualTo(1);
	}

}
