package io.stocksync.ingest.webhook;

import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.stocksync.common.event.OrderLine;
import io.stocksync.common.event.OrderSnapshot;
import io.stocksync.common.shop.ShopConfig;
import io.stocksync.common.shop.Sites;
import io.stocksync.ingest.system.IngestProperties;
import io.stocksync.ingest.system.ShopReadRetry;
import io.stocksync.woo.WooApiException;
import io.stocksync.woo.WooClients;
import okhttp3.OkHttpClient;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import tools.jackson.databind.JsonNode;

import org.springframework.stereotype.Component;

/**
 * Restocked refund quantities for lines the ledger accounts by status (DESIGN.md §3):
 * when an order lists refunds and a line with a SKU carries no {@code _reduced_stock},
 * the refunded quantities come from {@code GET /orders/{id}/refunds} (refund line items
 * carry a negative quantity and {@code _refunded_item_id}).
 * <p>
 * It runs in ingest, before the snapshot goes to the order-events log, so that the log
 * carries the numbers: the ledger and its replays then never call a shop and stay
 * deterministic. For a webhook it runs off the request path ({@link RefundLookupListener}
 * takes the delivery from ingest's refund-lookup topic); for the order poll, which reads
 * the shop anyway, on the poll's thread. The refund list does not say whether an item was
 * restocked; for a line WooCommerce does not stock-manage there is no shop stock to
 * mirror, so a refunded unit counts as returned to the pool. If the refunds cannot be
 * read, the snapshot goes on without the numbers (the lines then count as not refunded
 * until a later delivery or the order poll brings them), with a warning and the metric
 * {@code stocksync.refund.lookups{outcome=failed}}.
 */
@Component
class RefundLookup {

	private static final Logger logger = LoggerFactory.getLogger(RefundLookup.class);

	private final Sites sites;

	private final WooClients clients;

	private final Counter succeeded;

	private final Counter failed;

	private final ShopReadRetry once;

	private final ShopReadRetry retried;

	RefundLookup(Sites sites, OkHttpClient http, Clock clock, MeterRegistry meters, IngestProperties properties) {
		this.sites = sites;
		// Shares the pool, with short timeouts: a slow shop holds up the lookups behind
		// it.
		this.clients = new WooClients(http.newBuilder()
			.connectTimeout(Duration.ofSeconds(3))
			.readTimeout(Duration.ofSeconds(5))
			.callTimeout(Duration.ofSeconds(10))
			.build(), clock);
		IngestProperties.RefundLookup settings = properties.refundLookup();
		this.succeeded = meters.counter("stocksync.refund.lookups", "outcome", "ok");
		this.failed = meters.counter("stocksync.refund.lookups", "outcome", "failed");
		Counter retries = meters.counter("stocksync.refund.lookups", "outcome", "retried");
		this.once = new ShopReadRetry(1, settings.backoff(), RefundLookup::retryable, retries);
		this.retried = new ShopReadRetry(settings.attempts(), settings.backoff(), RefundLookup::retryable, retries);
	}

	/**
	 * The snapshot with restocked refund quantities, when the order needs them (see the
	 * type comment); one attempt.
	 */
	OrderSnapshot withRestockedRefunds(JsonNode order, OrderSnapshot snapshot) {
		if (!needsLookup(order, snapshot)) {
			return snapshot;
		}
		return complete(snapshot, this.once);
	}

	/**
	 * The snapshot with the restocked refund quantities read from its shop, trying up to
	 * {@code stocksync.refund-lookup.attempts} times with a doubling backoff while the
	 * failure may go away; unchanged (with a warning and the failed metric) when the
	 * refunds cannot be read.
	 */
	OrderSnapshot complete(OrderSnapshot snapshot) {
		return complete(snapshot, this.retried);
	}

	/*
	 * An interrupted wait (the consumer is stopping) also lets the snapshot go on without
	 * the numbers, as a failed read does.
	 */
	private OrderSnapshot complete(OrderSnapshot snapshot, ShopReadRetry retry) {
		ShopConfig shop = this.sites.find(snapshot.shopId()).orElse(null);
		if (shop == null) {
			return snapshot;
		}
		try {
			List<JsonNode> refunds = retry.read("Refunds of order " + snapshot.orderId() + " on shop=" + shop.id(),
					() -> this.clients.forShop(shop).listRefunds(snapshot.orderId()));
			this.succeeded.increment();
			return apply(snapshot, refundedQuantities(refunds));
		}
		catch (ShopReadRetry.Failed ex) {
			this.failed.increment();
			logger.warn(
					"Refunds of order {} on shop={} could not be read ({} attempts), snapshot goes on without them: {}",
					snapshot.orderId(), shop.id(), ex.attempts(), ex.getMessage());
			return snapshot;
		}
	}

	/* A shop that did not answer, or answered 5xx, 408 or 429. */
	private static boolean retryable(Throwable failure) {
		return !(failure instanceof WooApiException api) || api.retryable();
	}

	/**
	 * Whether the order lists refunds and some line is accounted by status (no
	 * {@code _reduced_stock}).
	 */
	static boolean needsLookup(JsonNode order, OrderSnapshot snapshot) {
		if (snapshot.isDeletion() || "simplified".equals(snapshot.source()) || order == null
				|| snapshot.lines().stream().noneMatch((line) -> line.sku() != null && line.reducedStock() == null)) {
			return false;
		}
		JsonNode refunds = order.get("refunds");
		return refunds != null && refunds.isArray() && !refunds.isEmpty();
	}

	/** Refunded quantity per line item id of the order, from the refunds' line items. */
	static Map<Long, Integer> refundedQuantities(List<JsonNode> refunds) {
		Map<Long, Integer> refunded = new HashMap<>();
		for (JsonNode refund : refunds) {
			for (JsonNode item : refund.path("line_items")) {
				for (JsonNode meta : item.path("meta_data")) {
					if ("_refunded_item_id".equals(meta.path("key").asString(null))) {
						long lineItemId = Long.parseLong(meta.path("value").asString().trim());
						refunded.merge(lineItemId, Math.abs(item.path("quantity").asInt()), Integer::sum);
					}
				}
			}
		}
		return refunded;
	}

	/*
	 * Sets the restocked quantity of the lines accounted by status; lines with
	 * WooCommerce's tally keep theirs.
	 */
	static OrderSnapshot apply(OrderSnapshot snapshot, Map<Long, Integer> refunded) {
		List<OrderLine> lines = new ArrayList<>();
		for (OrderLine line : snapshot.lines()) {
			int quantity = (line.reducedStock() == null)
					? Math.min(line.quantity(), refunded.getOrDefault(line.lineItemId(), 0))
					: line.restockedRefundQuantity();
			lines.add(new OrderLine(line.lineItemId(), line.sku(), line.productId(), line.variationId(),
					line.quantity(), line.reducedStock(), quantity));
		}
		return new OrderSnapshot(snapshot.schemaVersion(), snapshot.eventId(), snapshot.shopId(), snapshot.orderId(),
				snapshot.topic(), snapshot.status(), snapshot.dateModifiedGmt(), lines, snapshot.source(),
				snapshot.receivedAt());
	}

}
