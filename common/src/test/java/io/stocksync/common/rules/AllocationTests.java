package io.stocksync.common.rules;

import io.stocksync.common.shop.ShopAuth;
import io.stocksync.common.shop.ShopConfig;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class AllocationTests {

	private static ShopConfig shop(int buffer, Integer cap, Integer share, Integer hideBelow) {
		return new ShopConfig("shop2", "https://shop2.example", "ck", "cs", "wh", ShopAuth.BASIC, buffer, cap, share,
				hideBelow);
	}

	@Test
	void shouldShowHalfRoundedDownWithShareFifty() {
		assertThat(Allocation.publish(shop(0, null, 50, null), 21, false, null).quantity()).isEqualTo(10);
		assertThat(Allocation.publish(shop(0, null, null, null), 21, false, null).quantity()).isEqualTo(21);
	}

	@Test
	void shouldHideBelowTheThreshold() {
		ShopConfig shop = shop(0, null, null, 5);
		assertThat(Allocation.publish(shop, 4, false, null).quantity()).isZero();
		assertThat(Allocation.publish(shop, 5, false, null).quantity()).isEqualTo(5);
	}

	@Test
	void shouldApplyBufferThenShareThenCap() {
		Allocation.Published published = Allocation.publish(shop(2, 6, 50, null), 40, false, null);
		assertThat(published.quantity()).isEqualTo(6); // (40 - 2) * 50% = 19, capped at 6
		assertThat(published.why()).containsExactly("available 40", "buffer 2: 38", "share 50%: 19", "cap 6: 6");
	}

	@Test
	void shouldClampBelowZeroUnlessBackorders() {
		assertThat(Allocation.publish(shop(3, null, 50, null), 1, false, null).quantity()).isZero();
		assertThat(Allocation.publish(shop(3, null, 50, null), 1, true, null).quantity()).isEqualTo(-2);
	}

	@Test
	void shouldLetTheOverrideReplaceTheShopsValues() {
		SkuRule override = new SkuRule(100, 0, null, 0, null);
		Allocation.Published published = Allocation.publish(shop(5, 3, 50, 10), 8, false, override);
		assertThat(published.quantity()).isEqualTo(3); // the shop's cap still applies
		assertThat(published.overridden()).isTrue();
		assertThat(published.sync()).isTrue();
	}

	@Test
	void shouldMarkSyncFalseAsNotWritten() {
		Allocation.Published published = Allocation.publish(shop(0, null, null, null), 8, false,
				new SkuRule(null, null, null, null, false));
		assertThat(published.sync()).isFalse();
		assertThat(published.why()).last().asString().contains("never written");
	}

}
