package io.stocksync.ingest.webhook;

import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Random;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

class PublishedOrdersTests {

	private static final Instant T0 = Instant.parse("2026-11-22T10:00:00Z");

	@Test
	void shouldKeepTheNewestDatePublishedForAnOrder() {
		PublishedOrders published = new PublishedOrders(10);

		published.remember("shop1", 7, T0.plusSeconds(60));
		published.remember("shop1", 7, T0);

		assertThat(published.newest("shop1", 7)).isEqualTo(T0.plusSeconds(60));
		published.remember("shop1", 7, T0.plusSeconds(60).plusNanos(1));
		assertThat(published.newest("shop1", 7)).isEqualTo(T0.plusSeconds(60).plusNanos(1));
	}

	@Test
	void shouldTellTheSameOrderIdInTwoShopsApart() {
		PublishedOrders published = new PublishedOrders(10);

		published.remember("shop1", 7, T0);
		published.remember("shop2", 7, T0.plusSeconds(5));

		assertThat(published.newest("shop1", 7)).isEqualTo(T0);
		assertThat(published.newest("shop2", 7)).isEqualTo(T0.plusSeconds(5));
		assertThat(published.newest("shop3", 7)).isNull();
		assertThat(published.newest("shop1", 8)).isNull();
	}

	@Test
	void shouldForgetTheOrderPublishedLongestAgo() {
		PublishedOrders published = new PublishedOrders(3);
		published.remember("shop1", 1, T0);
		published.remember("shop1", 2, T0);
		published.remember("shop1", 3, T0);
		published.remember("shop1", 1, T0.plusSeconds(1)); // published again: the newest

		published.remember("shop1", 4, T0);

		assertThat(published.newest("shop1", 2)).as("published longest ago").isNull();
		assertThat(published.newest("shop1", 1)).isEqualTo(T0.plusSeconds(1));
		assertThat(published.newest("shop1", 3)).isEqualTo(T0);
		assertThat(published.newest("shop1", 4)).isEqualTo(T0);
	}

	@Test
	void shouldRejectANonPositiveCapacity() {
		assertThatIllegalArgumentException().isThrownBy(() -> new PublishedOrders(0));
	}

	/*
	 * Many publishes over few orders and a small capacity, so that slots are reused and
	 * the index is emptied and shifted often, against a plain map of the same rule: an
	 * order is remembered while its last publish is among the last `capacity` ones.
	 */
	@Test
	void shouldAgreeWithAPlainMapOverManyRandomPublishes() {
		int capacity = 50;
		PublishedOrders published = new PublishedOrders(capacity);
		Map<String, long[]> model = new LinkedHashMap<>(); // key -> {epoch second,
															// publish number}
		Random random = new Random(13);
		for (int publish = 0; publish < 20_000; publish++) {
			String shop = "shop" + random.nextInt(3);
			long order = random.nextInt(120) * 1_000_003L;
			long second = random.nextInt(1_000);
			published.remember(shop, order, T0.plusSeconds(second));
			long[] known = model.remove(shop + "/" + order);
			long newest = (known != null) ? Math.max(known[0], second) : second;
			model.put(shop + "/" + order, new long[] { newest, publish });
			int current = publish;
			model.values().removeIf((entry) -> entry[1] <= current - capacity);

			if (publish % 97 == 0 || publish > 19_800) {
				for (int s = 0; s < 3; s++) {
					for (int o = 0; o < 120; o++) {
						long[] expected = model.get("shop" + s + "/" + o * 1_000_003L);
						assertThat(published.newest("shop" + s, o * 1_000_003L))
							.as("shop%d order %d after %d", s, o, publish)
							.isEqualTo((expected != null) ? T0.plusSeconds(expected[0]) : null);
					}
				}
			}
		}
	}

}
