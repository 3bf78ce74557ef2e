package io.stocksync.propagator.write;

import java.util.ArrayList;
import java.util.List;

import io.stocksync.woo.CatalogueItem;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/** WooCommerce batch building, on plain inputs. */
class BatchesTests {

	@Test
	void shouldPutProductsAndEachParentsVariationsInRequestsOfAtMostAHundredItems() {
		List<Item> items = new ArrayList<>();
		for (int i = 0; i < 150; i++) {
			items.add(item("V7-" + i, 7, 700 + i));
			if (i < 3) {
				items.add(item("V5-" + i, 5, 500 + i));
			}
		}
		for (int i = 0; i < 250; i++) {
			items.add(item("P-" + i, 1000 + i, 0));
		}

		List<Batches.Request> requests = Batches.plan(items);

		assertThat(requests).extracting(Batches.Request::parentId).containsExactly(0L, 0L, 0L, 5L, 7L, 7L);
		assertThat(requests).extracting((request) -> request.items().size()).containsExactly(100, 100, 50, 3, 100, 50);
		assertThat(requests.get(0).items().get(0).sku()).isEqualTo("P-0");
		assertThat(requests.get(2).items().get(49).sku()).isEqualTo("P-249");
		assertThat(requests.get(4).items()).allMatch((item) -> item.catalogue().productId() == 7);
	}

	@Test
	void shouldMakeNoRequestForNoItems() {
		assertThat(Batches.plan(List.of())).isEmpty();
	}

	private static Item item(String sku, long productId, long variationId) {
		return new Item(new Pending(sku), 1, 10,
				new CatalogueItem(sku, productId, variationId, (variationId != 0) ? "variation" : "simple", true, 0L));
	}

}
