package io.stocksync.propagator.write;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import io.micrometer.core.instrument.MeterRegistry;
import io.stocksync.propagator.delivery.RejectedDeliveryException;
import io.stocksync.propagator.delivery.RetryableDeliveryException;
import io.stocksync.propagator.politeness.ShopGate;
import io.stocksync.propagator.politeness.ShopUnavailableException;
import io.stocksync.woo.StockWrite;
import io.stocksync.woo.StockWriteResult;
import io.stocksync.woo.WooApiException;
import io.stocksync.woo.WooClient;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The request step of one WooCommerce shop: one batch request through the shop's
 * {@link ShopGate}; an item the batch rejects is tried once more on its own
 * ({@code PUT}). Counts the requests ({@code stocksync.propagator.requests}) and the
 * items that failed ({@code stocksync.propagator.writes}, outcome {@code rejected} or
 * {@code failed}); what the shop confirmed is for the caller to record.
 */
final class BatchSender {

	private static final Logger logger = LoggerFactory.getLogger(BatchSender.class);

	private final String shopId;

	private final WooClient client;

	private final ShopGate gate;

	private final MeterRegistry meters;

	BatchSender(String shopId, WooClient client, ShopGate gate, MeterRegistry meters) {
		this.shopId = shopId;
		this.client = client;
		this.gate = gate;
		this.meters = meters;
	}

	/** Sends one batch request (and single writes for the items it rejects). */
	Sent send(Batches.Request request) {
		List<Item> items = request.items();
		Map<Item, RuntimeException> failed = new LinkedHashMap<>();
		List<StockWrite> writes = items.stream()
			.map((item) -> new StockWrite(
					item.catalogue().isVariation() ? item.catalogue().variationId() : item.catalogue().productId(),
					item.quantity()))
			.toList();
		List<StockWriteResult> results;
		try {
			this.gate.acquire();
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			return failAll(items,
					new RetryableDeliveryException("interrupted while waiting for shop " + this.shopId, ex));
		}
		catch (RuntimeException ex) {
			return failAll(items, classify(ex));
		}
		try {
			results = (request.parentId() == 0) ? this.client.writeProductStock(writes)
					: this.client.writeVariationStock(request.parentId(), writes);
			this.gate.succeeded();
			request("batch", "ok");
		}
		catch (RuntimeException ex) {
			this.gate.failed(ex);
			request("batch", outcome(ex));
			return failAll(items, classify(ex));
		}
		List<Item> written = new ArrayList<>();
		for (int i = 0; i < items.size(); i++) {
			Item item = items.get(i);
			StockWriteResult result = (i < results.size()) ? results.get(i) : null;
			if (result != null && result.ok()) {
				written.add(item);
			}
			else {
				String reason = (result != null) ? result.errorCode() + ": " + result.errorMessage() : "no result";
				logger.info("Shop {} rejected sku={} in a batch ({}); trying a single write", this.shopId, item.sku(),
						reason);
				RuntimeException failure = writeSingle(item, reason);
				if (failure == null) {
					written.add(item);
				}
				else {
					failed.put(item, failure);
				}
			}
		}
		return new Sent(written, failed);
	}

	/* Returns null once written, else why not. */
	private RuntimeException writeSingle(Item item, String batchReason) {
		try {
			this.gate.acquire();
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			return new RetryableDeliveryException("interrupted while waiting for shop " + this.shopId, ex);
		}
		catch (RuntimeException ex) {
			return classify(ex);
		}
		try {
			this.client.writeStock(item.catalogue(), item.quantity());
			this.gate.succeeded();
			request("single", "ok");
			return null;
		}
		catch (RuntimeException ex) {
			this.gate.failed(ex);
			request("single", outcome(ex));
			RuntimeException failure = classify(ex);
			count(failure);
			logger.warn("Shop {} rejected sku={} quantity={} (batch: {}; single write: {})", this.shopId, item.sku(),
					item.quantity(), batchReason, failure.getMessage());
			return failure;
		}
	}

	private Sent failAll(List<Item> items, RuntimeException failure) {
		Map<Item, RuntimeException> failed = new LinkedHashMap<>();
		items.forEach((item) -> {
			count(failure);
			failed.put(item, failure);
		});
		return new Sent(List.of(), failed);
	}

	/**
	 * A failure as the retry topics see it: retryable (5xx, 408, 429, I/O) or rejected
	 * (any other 4xx: straight to the DLT).
	 */
	static RuntimeException classify(Throwable ex) {
		if (ex instanceof RetryableDeliveryException || ex instanceof RejectedDeliveryException) {
			return (RuntimeException) ex;
		}
		if (ex instanceof WooApiException api) {
			return api.retryable() ? new RetryableDeliveryException(api.getMessage(), api)
					: new RejectedDeliveryException(api.getMessage(), api);
		}
		return new RetryableDeliveryException(ex.toString(), ex);
	}

	private static String outcome(Throwable ex) {
		if (ex instanceof WooApiException api) {
			return (api.status() == 0) ? "io_error" : Integer.toString(api.status());
		}
		return (ex instanceof ShopUnavailableException) ? "circuit_open" : "error";
	}

	private void count(RuntimeException failure) {
		this.meters
			.counter("stocksync.propagator.writes", "shop", this.shopId, "outcome",
					(failure instanceof RejectedDeliveryException) ? "rejected" : "failed")
			.increment();
	}

	private void request(String kind, String outcome) {
		this.meters.counter("stocksync.propagator.requests", "shop", this.shopId, "kind", kind, "outcome", outcome)
			.increment();
	}

	/**
	 * What became of a request's items.
	 *
	 * @param written the items the shop confirmed
	 * @param failed the items it did not, with why (in the request's order)
	 */
	record Sent(List<Item> written, Map<Item, RuntimeException> failed) {
	}

}
