package io.stocksync.ingest.webhook;

import java.time.Instant;
import java.util.concurrent.CompletableFuture;

import io.micrometer.core.instrument.MeterRegistry;
import io.stocksync.common.event.OrderLine;
import io.stocksync.common.event.OrderSnapshot;
import io.stocksync.common.event.OrderTopics;
import io.stocksync.common.json.JsonMappers;
import io.stocksync.ingest.quarantine.QuarantinePublisher;
import io.stocksync.ingest.spool.DurablePublisher;
import io.stocksync.ingest.system.CachedCounters;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import tools.jackson.databind.JsonNode;

import org.springframework.stereotype.Component;

/**
 * The one path by which orders enter stock-sync, for webhook deliveries and for orders
 * the missed-order poll reads: the same parser, the same snapshot, the same topic and
 * key, the same quarantine for what cannot be used.
 * <p>
 * It remembers (in memory, for the orders of the last {@value #REMEMBERED} publishes,
 * {@link PublishedOrders}) the newest {@code date_modified_gmt} it published per order,
 * so that the poll does not publish again what a webhook already delivered. Forgetting is
 * harmless: a repeated snapshot changes nothing in the ledger.
 */
@Component
public class OrderIntake {

	private static final Logger logger = LoggerFactory.getLogger(OrderIntake.class);

	private static final int REMEMBERED = 20_000;

	/** Kafka's default largest record is 1 MiB; stay well below it. */
	static final int MAX_SNAPSHOT_BYTES = 900_000;

	private final WooOrderParser parser;

	private final OrderSnapshotPublisher publisher;

	private final QuarantinePublisher quarantine;

	private final CachedCounters counters;

	private final RefundLookup refunds;

	private final PublishedOrders published = new PublishedOrders(REMEMBERED);

	private final ProductStockReports productReports;

	private final DeliveryWatch deliveries;

	OrderIntake(WooOrderParser parser, OrderSnapshotPublisher publisher, QuarantinePublisher quarantine,
			MeterRegistry meters, RefundLookup refunds, ProductStockReports productReports, DeliveryWatch deliveries) {
		this.deliveries = deliveries;
		this.productReports = productReports;
		this.refunds = refunds;
		this.parser = parser;
		this.publisher = publisher;
		this.quarantine = quarantine;
		this.counters = new CachedCounters(meters, "stocksync.ingest.orders", "outcome", "shop", "source");
	}

	/** What became of a delivery or a polled order. */
	public enum Outcome {

		/** Published as an order snapshot. */
		ACCEPTED,
		/**
		 * Not an order event and no stock report in it (e.g. {@code product.created});
		 * nothing written.
		 */
		IGNORED,
		/**
		 * A {@code product.updated} with a stock quantity: sent as a product stock
		 * report.
		 */
		REPORTED,
		/** Parked in the quarantine topic with the reason. */
		QUARANTINED,
		/** Polled, and already published with the same or a newer modification date. */
		UNCHANGED

	}

	/**
	 * @param outcome what happened
	 * @param orderId the order id when known
	 * @param reason why it was ignored or quarantined
	 * @param stored where the record went (Kafka or the spool); {@code null} when nothing
	 * was written
	 * @param dateModified the order's {@code date_modified_gmt} when known
	 */
	public record Result(Outcome outcome, Long orderId, String reason, DurablePublisher.Stored stored,
			Instant dateModified) {

		public boolean spooled() {
			return this.stored == DurablePublisher.Stored.SPOOL;
		}

	}

	/**
	 * A verified webhook delivery: the body is read once, and the future completes once
	 * the result is stored (Kafka acknowledged it or the spool holds it), without a
	 * thread waiting for it. An order whose refunds the ledger needs goes to ingest's
	 * refund-lookup topic instead of order-events: no shop is called while the webhook
	 * waits ({@link RefundLookupListener} completes it). Fails with a
	 * {@code DeliveryNotStoredException} when neither Kafka nor the spool stored it.
	 */
	CompletableFuture<Result> webhook(String shopId, String topic, byte[] body) {
		if (topic != null && topic.startsWith("product.")) {
			// Not a sale. A product.updated tells what the shop shows now: the
			// propagator's report of it.
			if (topic.equals("product.updated") && this.productReports.report(shopId, body).isPresent()) {
				count("reported", shopId, "webhook");
				return CompletableFuture.completedFuture(new Result(Outcome.REPORTED, null, null, null, null));
			}
			count("ignored", shopId, "webhook");
			return CompletableFuture
				.completedFuture(new Result(Outcome.IGNORED, null, topic + " is not an order event", null, null));
		}
		if (topic != null && !OrderTopics.ALL.contains(topic)) {
			return CompletableFuture
				.completedFuture(park(shopId, topic, "unsupported webhook topic '" + topic + "'", body, "webhook"));
		}
		OrderSnapshot snapshot;
		boolean lookUpRefunds;
		try {
			JsonNode order = WooOrderParser.readTree(body);
			snapshot = this.parser.parse(shopId, topic, order, "webhook");
			lookUpRefunds = RefundLookup.needsLookup(order, snapshot);
		}
		catch (UnusablePayloadException ex) {
			return CompletableFuture.completedFuture(park(shopId, topic, ex.getMessage(), body, "webhook"));
		}
		return publishAsync(snapshot, body, lookUpRefunds);
	}

	/**
	 * A snapshot another platform's parser built from a verified webhook delivery (a
	 * Shopify order): published like a WooCommerce delivery's, without a thread waiting
	 * for Kafka; the future completes once it is stored (Kafka acknowledged it or the
	 * spool holds it), or fails with a {@code DeliveryNotStoredException}. Too large for
	 * Kafka: parked in quarantine.
	 */
	public CompletableFuture<Result> publishSnapshotAsync(OrderSnapshot snapshot, byte[] rawBody) {
		return publishAsync(snapshot, rawBody, false);
	}

	private CompletableFuture<Result> publishAsync(OrderSnapshot snapshot, byte[] body, boolean lookUpRefunds) {
		Result tooLarge = checkSize(snapshot, body, "webhook");
		if (tooLarge != null) {
			return CompletableFuture.completedFuture(tooLarge);
		}
		CompletableFuture<DurablePublisher.Stored> stored = lookUpRefunds
				? this.publisher.queueForRefundLookup(snapshot) : this.publisher.publishAsync(snapshot);
		return stored.thenApply((where) -> accepted(snapshot, "webhook", where, lookUpRefunds ? "refunds" : null));
	}

	/**
	 * A verified Shopify delivery whose body is not the order ({@code refunds/create},
	 * {@code orders/edited}): its stub (shop, order id, topic, no lines) goes to ingest's
	 * Shopify order-lookup topic, so that no store is called while the webhook waits; the
	 * order is read from the store and its snapshot published from there
	 * ({@link #publishLookedUp(OrderSnapshot)}). The future completes once the stub is
	 * stored (Kafka acknowledged it or the spool holds it), or fails with a
	 * {@code DeliveryNotStoredException}.
	 */
	public CompletableFuture<Result> queueForShopifyOrderLookup(OrderSnapshot stub) {
		return this.publisher.queueForShopifyOrderLookup(stub)
			.thenApply((where) -> accepted(stub, "webhook", where, "shopify-order"));
	}

	/**
	 * The snapshot of an order read off the request path for a delivery queued by
	 * {@link #queueForShopifyOrderLookup(OrderSnapshot)}: published to the order-events
	 * topic, waiting for it (the caller is a Kafka consumer); parked in quarantine if it
	 * is too large. The delivery was counted when it was queued, so it is not counted
	 * again.
	 * @throws io.stocksync.ingest.spool.DeliveryNotStoredException when neither Kafka nor
	 * the spool stored it
	 */
	public Result publishLookedUp(OrderSnapshot snapshot) {
		Result tooLarge = checkSize(snapshot, null, "webhook");
		if (tooLarge != null) {
			return tooLarge;
		}
		DurablePublisher.Stored stored = this.publisher.publish(snapshot);
		remember(snapshot);
		return new Result(Outcome.ACCEPTED, snapshot.orderId(), null, stored, snapshot.dateModifiedGmt());
	}

	/**
	 * One order object of {@code GET /orders}, published as an {@code order.updated}
	 * snapshot with source {@code poll}, unless that state of the order was already
	 * published.
	 */
	public Result polled(String shopId, JsonNode order) {
		OrderSnapshot snapshot;
		try {
			snapshot = this.parser.parse(shopId, OrderTopics.UPDATED, order, "poll");
		}
		catch (UnusablePayloadException ex) {
			byte[] body = JsonMappers.standard().writeValueAsBytes(order);
			return park(shopId, "poll", ex.getMessage(), body, "poll");
		}
		Instant modified = snapshot.dateModifiedGmt();
		if (modified != null) {
			Instant known;
			synchronized (this.published) {
				known = this.published.newest(snapshot.shopId(), snapshot.orderId());
			}
			if (known != null && !known.isBefore(modified)) {
				count("unchanged", shopId, "poll");
				return new Result(Outcome.UNCHANGED, snapshot.orderId(), null, null, modified);
			}
		}
		return publish(this.refunds.withRestockedRefunds(order, snapshot), null, "poll");
	}

	/**
	 * A snapshot another platform's parser built (a Shopify order), published
	 * synchronously like a polled WooCommerce order: parked in quarantine if it is too
	 * large; from the poll ({@code source} {@code poll}) only if that state of the order
	 * was not published yet. Webhook deliveries use
	 * {@link #publishSnapshotAsync(OrderSnapshot, byte[])}.
	 */
	public Result publishSnapshot(OrderSnapshot snapshot, byte[] rawBody, String source) {
		if ("poll".equals(source) && snapshot.dateModifiedGmt() != null) {
			Instant known;
			synchronized (this.published) {
				known = this.published.newest(snapshot.shopId(), snapshot.orderId());
			}
			if (known != null && !known.isBefore(snapshot.dateModifiedGmt())) {
				count("unchanged", snapshot.shopId(), source);
				return new Result(Outcome.UNCHANGED, snapshot.orderId(), null, null, snapshot.dateModifiedGmt());
			}
		}
		return publish(snapshot, rawBody, source);
	}

	/**
	 * Parks a verified delivery of another platform that cannot be used, with the reason.
	 */
	public Result quarantine(String shopId, String topic, String reason, byte[] rawBody, String source) {
		return park(shopId, topic, reason, rawBody, source);
	}

	private Result publish(OrderSnapshot snapshot, byte[] body, String source) {
		Result tooLarge = checkSize(snapshot, body, source);
		if (tooLarge != null) {
			return tooLarge;
		}
		return accepted(snapshot, source, this.publisher.publish(snapshot), null);
	}

	/**
	 * Parks a snapshot too large for Kafka; {@code null} when it fits. The snapshot is
	 * serialised only to check its size when a cheap upper bound of that size is over the
	 * limit (orders with very many lines or very long SKUs), so that a usual delivery is
	 * serialised once, by the producer.
	 */
	private Result checkSize(OrderSnapshot snapshot, byte[] body, String source) {
		if (maxJsonBytes(snapshot) <= MAX_SNAPSHOT_BYTES) {
			return null;
		}
		byte[] json = JsonMappers.standard().writeValueAsBytes(snapshot);
		if (json.length <= MAX_SNAPSHOT_BYTES) {
			return null;
		}
		byte[] raw = (body != null) ? body : json;
		return park(snapshot.shopId(), snapshot.topic(), "order " + snapshot.orderId() + ": snapshot of " + json.length
				+ " bytes is larger than " + MAX_SNAPSHOT_BYTES, raw, source);
	}

	/**
	 * More than the snapshot's JSON can take: every character of a text at most 6 bytes
	 * (a {@code \\uXXXX} escape), every number at most 20, field names and punctuation at
	 * most 256 bytes per line and 1024 for the rest.
	 */
	static long maxJsonBytes(OrderSnapshot snapshot) {
		long bytes = 1024 + 6L * (length(snapshot.eventId()) + length(snapshot.shopId()) + length(snapshot.topic())
				+ length(snapshot.status()) + length(snapshot.source()));
		for (OrderLine line : snapshot.lines()) {
			bytes += 256 + 6L * length(line.sku());
		}
		return bytes;
	}

	private static int length(String text) {
		return (text != null) ? text.length() : 0;
	}

	/**
	 * @param lookup what is still read off the request path before the snapshot goes to
	 * order-events ({@code refunds}, {@code shopify-order}); {@code null} for none
	 */
	private Result accepted(OrderSnapshot snapshot, String source, DurablePublisher.Stored stored, String lookup) {
		remember(snapshot);
		count("accepted", snapshot.shopId(), source);
		this.deliveries.published(snapshot.shopId(), source, snapshot.dateModifiedGmt());
		if (logger.isDebugEnabled()) {
			logger.debug(
					"Accepted eventId={} shop={} order={} topic={} status={} lines={} source={} stored={} lookup={}",
					snapshot.eventId(), snapshot.shopId(), snapshot.orderId(), snapshot.topic(), snapshot.status(),
					snapshot.lines().size(), source, stored, lookup);
		}
		return new Result(Outcome.ACCEPTED, snapshot.orderId(), null, stored, snapshot.dateModifiedGmt());
	}

	/* So that the poll does not publish this state of the order again. */
	private void remember(OrderSnapshot snapshot) {
		if (snapshot.dateModifiedGmt() != null) {
			synchronized (this.published) {
				this.published.remember(snapshot.shopId(), snapshot.orderId(), snapshot.dateModifiedGmt());
			}
		}
	}

	private Result park(String shopId, String topic, String reason, byte[] body, String source) {
		DurablePublisher.Stored stored = this.quarantine.quarantine(shopId, topic, reason, body);
		count("quarantined", shopId, source);
		return new Result(Outcome.QUARANTINED, null, reason, stored, null);
	}

	private void count(String outcome, String shopId, String source) {
		this.counters.increment(outcome, shopId, source);
	}

}
