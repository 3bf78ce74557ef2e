package io.stocksync.ingest.shopify;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.UUID;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.stocksync.common.event.OrderSnapshot;
import io.stocksync.common.json.JsonMappers;
import io.stocksync.common.shop.ShopConfig;
import io.stocksync.common.shop.Sites;
import io.stocksync.ingest.system.IngestProperties;
import io.stocksync.ingest.system.ShopReadRetry;
import io.stocksync.ingest.webhook.OrderIntake;
import okhttp3.OkHttpClient;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import tools.jackson.databind.JsonNode;

import org.springframework.stereotype.Component;

/**
 * The follow-up step of a verified Shopify delivery whose body is not the order
 * ({@code refunds/create}: the refund, {@code orders/edited}: the order edit): the
 * webhook was answered once the delivery's {@linkplain #stub stub} was on ingest's
 * Shopify order-lookup topic (or in the spool), and this reads the order it names from
 * the store ({@code GET orders/{id}.json}), parses it as the {@code orders/*} bodies are
 * parsed and publishes the snapshot to the order-events topic, under the delivery's own
 * event id and receive time. The log then carries the numbers, so the ledger and its
 * replays never call a store.
 * <p>
 * A store that does not answer (or answers 5xx, 408, 429) is asked again up to
 * {@code stocksync.shopify-order-lookup.attempts} times with a doubling backoff, as the
 * WooCommerce refund lookup does. When it still cannot be read (or answers another 4xx),
 * or the order cannot be used, nothing is lost: the delivery is parked in quarantine with
 * the reason (metric {@code stocksync.shopify.order.lookups{outcome=failed}}), and the
 * missed-order poll, which reads every order updated since its watermark, publishes the
 * order once the store answers (a refund or an edit moves the order's
 * {@code updated_at}).
 */
@Component
class ShopifyOrderLookup {

	private static final Logger logger = LoggerFactory.getLogger(ShopifyOrderLookup.class);

	private final Sites sites;

	private final ShopifyOrders orders;

	private final ShopifyOrderParser parser;

	private final OrderIntake intake;

	private final ShopReadRetry retry;

	private final Counter succeeded;

	private final Counter failed;

	ShopifyOrderLookup(Sites sites, OkHttpClient http, ShopifyOrderParser parser, OrderIntake intake,
			IngestProperties properties, MeterRegistry meters) {
		this.sites = sites;
		// Shares the pool, with short timeouts: a slow store holds up the lookups behind
		// it.
		this.orders = new ShopifyOrders(http.newBuilder()
			.connectTimeout(Duration.ofSeconds(3))
			.readTimeout(Duration.ofSeconds(5))
			.callTimeout(Duration.ofSeconds(10))
			.build());
		this.parser = parser;
		this.intake = intake;
		IngestProperties.ShopifyOrderLookup settings = properties.shopifyOrderLookup();
		this.succeeded = meters.counter("stocksync.shopify.order.lookups", "outcome", "ok");
		this.failed = meters.counter("stocksync.shopify.order.lookups", "outcome", "failed");
		this.retry = new ShopReadRetry(settings.attempts(), settings.backoff(),
				(failure) -> !(failure instanceof ShopifyOrders.ShopifyReadException read) || read.retryable(),
				meters.counter("stocksync.shopify.order.lookups", "outcome", "retried"));
	}

	/**
	 * What goes on the order-lookup topic for a delivery: its shop, the order it names,
	 * its topic and when it arrived; no status, no lines (they are read from the store).
	 */
	static OrderSnapshot stub(String shopId, String topic, long orderId, Instant receivedAt) {
		return new OrderSnapshot(OrderSnapshot.SCHEMA_VERSION, UUID.randomUUID().toString(), shopId, orderId, topic,
				null, null, List.of(), "webhook", receivedAt);
	}

	/**
	 * Reads the order the stub names and publishes its snapshot (waiting for Kafka or the
	 * spool), or parks the delivery in quarantine with the reason.
	 * @throws io.stocksync.ingest.spool.DeliveryNotStoredException when neither Kafka nor
	 * the spool stored the result (the consumer then tries the record again)
	 */
	OrderIntake.Result publish(OrderSnapshot stub) {
		ShopConfig shop = this.sites.find(stub.shopId()).filter(ShopConfig::isShopify).orElse(null);
		if (shop == null) {
			return park(stub,
					"no Shopify store '" + stub.shopId() + "' is configured to read order " + stub.orderId() + " from",
					null);
		}
		JsonNode order;
		try {
			order = read(shop, stub);
		}
		catch (OrderNotRead ex) {
			return park(stub, "order " + stub.orderId() + " could not be read from the store: " + ex.getMessage()
					+ " (the order poll publishes it once the store answers)", null);
		}
		OrderSnapshot snapshot;
		try {
			snapshot = this.parser.parse(shop.id(), stub.topic(), order, stub.source());
		}
		catch (UnusableShopifyBody ex) {
			return park(stub, ex.getMessage(), JsonMappers.standard().writeValueAsBytes(order));
		}
		return this.intake.publishLookedUp(new OrderSnapshot(snapshot.schemaVersion(), stub.eventId(),
				snapshot.shopId(), snapshot.orderId(), snapshot.topic(), snapshot.status(), snapshot.dateModifiedGmt(),
				snapshot.lines(), snapshot.source(), stub.receivedAt()));
	}

	/*
	 * The order, trying again with a doubling backoff while the failure may go away.
	 * Interrupted (the consumer is stopping): the record is not committed and is looked
	 * up again after the restart.
	 */
	private JsonNode read(ShopConfig shop, OrderSnapshot stub) {
		try {
			JsonNode order = this.retry.read("Order " + stub.orderId() + " of Shopify store=" + shop.id(),
					() -> this.orders.order(shop, stub.orderId()));
			this.succeeded.increment();
			return order;
		}
		catch (ShopReadRetry.Failed ex) {
			if (ex.interrupted()) {
				throw new IllegalStateException("interrupted while waiting to read a Shopify order again", ex);
			}
			this.failed.increment();
			logger.warn("Order {} of Shopify store={} ({} delivery) could not be read ({} attempts): {}",
					stub.orderId(), shop.id(), stub.topic(), ex.attempts(), ex.getMessage());
			throw new OrderNotRead(ex.getMessage() + " (" + ex.attempts() + " attempts)");
		}
	}

	private OrderIntake.Result park(OrderSnapshot stub, String reason, byte[] rawBody) {
		byte[] raw = (rawBody != null) ? rawBody : JsonMappers.standard().writeValueAsBytes(stub);
		return this.intake.quarantine(stub.shopId(), stub.topic(), reason, raw, "webhook");
	}

	/* The store did not give the order, after every attempt that made sense. */
	private static final class OrderNotRead extends RuntimeException {

		OrderNotRead(String message) {
			super(message);
		}

	}

}
