package io.stocksync.ingest.shopify;

import java.io.IOException;
import java.time.Clock;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletableFuture;

import io.micrometer.core.instrument.MeterRegistry;
import io.stocksync.common.event.OrderSnapshot;
import io.stocksync.common.json.JsonMappers;
import io.stocksync.common.shop.ShopConfig;
import io.stocksync.common.shop.Sites;
import io.stocksync.ingest.spool.DeliveryNotStoredException;
import io.stocksync.ingest.system.CachedCounters;
import io.stocksync.ingest.system.IngestProperties;
import io.stocksync.ingest.webhook.OrderIntake;
import io.stocksync.ingest.webhook.ProductStockReports;
import io.stocksync.ingest.webhook.SignatureVerifier;
import io.stocksync.ingest.webhook.WebhookAcks;
import io.stocksync.ingest.webhook.WebhookAnswer;
import io.stocksync.ingest.webhook.WebhookBody;
import io.stocksync.ingest.webhook.WebhookEndpoint;
import io.stocksync.ingest.webhook.WebhookServlet;
import jakarta.servlet.http.HttpServletRequest;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.slf4j.MDC;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.http.HttpStatus;
import org.springframework.stereotype.Component;

/**
 * {@code POST /webhooks/shopify/{shopId}}: the way Shopify deliveries enter stock-sync.
 * <ol>
 * <li>Unknown shop, a site that is not {@code platform: shopify}, or an
 * {@code X-Shopify-Hmac-Sha256} that does not verify over the raw bytes (checked before
 * anything parses them): 401, nothing written anywhere.</li>
 * <li>{@code orders/create}, {@code orders/updated}, {@code orders/cancelled}: the body
 * is the order; its snapshot is published (see {@link ShopifyOrderParser} for the
 * semantics) and answered 200 once stored: once Kafka acknowledged it ({@code acks=all}),
 * or, when Kafka does not answer in time, once it is fsync'd in the local spool
 * ({@code "spooled":true}). The answer is asynchronous, as for WooCommerce
 * ({@link WebhookAcks}): no request thread waits for Kafka.</li>
 * <li>{@code refunds/create} (body: the refund) and {@code orders/edited} (body: the
 * order edit): no store is called while Shopify waits. The {@code order_id} the body
 * names goes, as a stub, to ingest's Shopify order-lookup topic and the delivery is
 * answered 200 once that is stored (Kafka or the spool, as above);
 * {@link ShopifyOrderLookup} then reads the order from the store and publishes its
 * snapshot, or parks the delivery in quarantine when the store cannot give it.</li>
 * <li>{@code inventory_levels/update}: the store's {@code available} at the synced
 * location is sent as a product stock report (see {@link InventoryLevelUpdates}) and
 * answered 200 ({@code reported}); the propagator ignores the echoes of our own writes
 * and of orders and handles the rest as hand edits under the store's {@code hand-edits}
 * policy. A level at another location, or without {@code available}: 200
 * ({@code ignored}).</li>
 * <li>A verified body that cannot be used (other topics, broken JSON, missing fields):
 * parked in quarantine with the reason and answered 202, so Shopify does not retry what
 * can never succeed.</li>
 * </ol>
 * Duplicates (retries with the same event id, or the same order state under a new id)
 * need no bookkeeping here: the ledger's order-line rule makes a repeated state change
 * nothing.
 * <p>
 * Served, like WooCommerce's, by a plain asynchronous servlet ({@link WebhookServlet},
 * see there why not Spring MVC), registered in
 * {@link ShopifyWebhookServletConfiguration}.
 */
@Component
class ShopifyWebhooks implements WebhookEndpoint {

	private static final Logger logger = LoggerFactory.getLogger(ShopifyWebhooks.class);

	static final Set<String> ORDER_BODY_TOPICS = Set.of("orders/create", "orders/updated", "orders/cancelled");

	static final String REFUNDS_CREATE = "refunds/create";

	static final String ORDERS_EDITED = "orders/edited";

	static final String INVENTORY_LEVELS_UPDATE = "inventory_levels/update";

	private final Sites sites;

	private final OrderIntake intake;

	private final ShopifyOrderParser parser;

	private final Clock clock;

	private final IngestProperties properties;

	private final CachedCounters counters;

	private final JsonMapper json;

	private final ProductStockReports reports;

	private final WebhookAcks acks;

	ShopifyWebhooks(Sites sites, OrderIntake intake, ShopifyOrderParser parser, Clock clock,
			IngestProperties properties, MeterRegistry meters, ProductStockReports reports, WebhookAcks acks,
			JsonMapper json) {
		this.sites = sites;
		this.acks = acks;
		this.reports = reports;
		this.intake = intake;
		this.parser = parser;
		this.clock = clock;
		this.properties = properties;
		this.counters = new CachedCounters(meters, "stocksync.webhooks", "outcome", "shop");
		this.json = json;
	}

	@Override
	public CompletableFuture<WebhookAnswer> receive(String shopId, HttpServletRequest request) throws IOException {
		Optional<ShopConfig> shop = this.sites.find(shopId).filter(ShopConfig::isShopify);
		if (shop.isEmpty()) {
			return CompletableFuture.completedFuture(reject(HttpStatus.UNAUTHORIZED, "unknown_shop",
					"no Shopify store with id '" + printable(shopId, 64) + "'"));
		}
		try (MDC.MDCCloseable ignored = MDC.putCloseable("shop", shopId)) {
			return receive(shop.get(), request);
		}
	}

	private CompletableFuture<WebhookAnswer> receive(ShopConfig shop, HttpServletRequest request) throws IOException {
		long maxBytes = this.properties.maxBodySize().toBytes();
		byte[] body = WebhookBody.read(request, maxBytes);
		if (body == null) {
			return CompletableFuture.completedFuture(
					reject(HttpStatus.CONTENT_TOO_LARGE, "body_too_large", "body exceeds " + maxBytes + " bytes"));
		}
		if (!SignatureVerifier.isValid(body, request.getHeader("X-Shopify-Hmac-Sha256"), shop.webhookSecret())) {
			return CompletableFuture.completedFuture(reject(HttpStatus.UNAUTHORIZED, "invalid_signature",
					"X-Shopify-Hmac-Sha256 does not verify for shop " + shop.id()));
		}
		String topic = printable(request.getHeader("X-Shopify-Topic"), 64);
		String eventId = printable(request.getHeader("X-Shopify-Event-Id"), 64);
		long started = System.nanoTime();
		CompletableFuture<OrderIntake.Result> result;
		try {
			result = handle(shop, request.getHeader("X-Shopify-Topic"), body);
		}
		catch (DeliveryNotStoredException ex) {
			return CompletableFuture.completedFuture(notStored(shop.id(), topic, ex.getMessage()));
		}
		return this.acks.whenStored(shop.id(), topic, started, result, (stored) -> {
			// An accepted order delivery has its one DEBUG line from OrderIntake, as for
			// WooCommerce; quarantined ones a WARN from QuarantinePublisher.
			if (stored.outcome() != OrderIntake.Outcome.ACCEPTED && logger.isDebugEnabled()) {
				logger.debug("Shopify delivery shop={} topic={} shopifyEventId={} outcome={}", shop.id(), topic,
						eventId, stored.outcome());
			}
			return answer(shop.id(), stored);
		}, (ex) -> notStored(shop.id(), topic, ex.getMessage()), WebhookAnswer.INTERNAL_ERROR);
	}

	@Override
	public WebhookAnswer timedOut(String shopId) {
		return notStored(shopId, "-", "no answer from Kafka or the spool in time");
	}

	/*
	 * The delivery's outcome: completed at once for what needs no Kafka acknowledgement
	 * (reports, ignored, quarantined), once Kafka acknowledged it (or the spool holds it)
	 * for an order snapshot or an order-lookup stub.
	 */
	private CompletableFuture<OrderIntake.Result> handle(ShopConfig shop, String topic, byte[] body) {
		try {
			if (INVENTORY_LEVELS_UPDATE.equals(topic)) {
				return CompletableFuture
					.completedFuture(InventoryLevelUpdates.report(shop, body, this.reports.now()).map((report) -> {
						this.reports.publish(report);
						return new OrderIntake.Result(OrderIntake.Outcome.REPORTED, null, null, null, null);
					})
						.orElseGet(() -> new OrderIntake.Result(OrderIntake.Outcome.IGNORED, null,
								"a level at another location than the synced one, or without available", null, null)));
			}
			if (topic != null && ORDER_BODY_TOPICS.contains(topic)) {
				OrderSnapshot snapshot = this.parser.parse(shop.id(), topic, body, "webhook");
				return this.intake.publishSnapshotAsync(snapshot, body);
			}
			if (REFUNDS_CREATE.equals(topic) || ORDERS_EDITED.equals(topic)) {
				long orderId = orderIdOf(topic, body);
				return this.intake.queueForShopifyOrderLookup(
						ShopifyOrderLookup.stub(shop.id(), topic, orderId, this.clock.instant()));
			}
			return CompletableFuture.completedFuture(this.intake.quarantine(shop.id(), topic,
					"unsupported Shopify webhook topic '" + topic + "'", body, "webhook"));
		}
		catch (UnusableShopifyBody ex) {
			return CompletableFuture
				.completedFuture(this.intake.quarantine(shop.id(), topic, ex.getMessage(), body, "webhook"));
		}
	}

	/*
	 * refunds/create: {"id":..,"order_id":..}; orders/edited:
	 * {"order_edit":{"id":..,"order_id":..}}.
	 */
	private static long orderIdOf(String topic, byte[] body) {
		JsonNode root;
		try {
			root = JsonMappers.standard().readTree(body);
		}
		catch (JacksonException ex) {
			throw new UnusableShopifyBody("body is not JSON: " + ex.getOriginalMessage());
		}
		JsonNode holder = ORDERS_EDITED.equals(topic) ? root.path("order_edit") : root;
		JsonNode orderId = holder.get("order_id");
		if (orderId == null || !orderId.canConvertToLong() || orderId.asLong() <= 0) {
			throw new UnusableShopifyBody(topic + " body has no numeric order_id");
		}
		return orderId.asLong();
	}

	private WebhookAnswer answer(String shopId, OrderIntake.Result result) {
		count(result.outcome().name().toLowerCase(Locale.ROOT), shopId);
		return WebhookAnswer.outcome(result, this.json);
	}

	private WebhookAnswer notStored(String shopId, String topic, String reason) {
		count("not_stored", shopId);
		logger.error("Delivery not stored, answering 503 to shop={} topic={} (Shopify will deliver it again): {}",
				shopId, topic, reason);
		return unavailable("not_stored", "delivery not stored (Kafka and the spool failed)");
	}

	private WebhookAnswer unavailable(String error, String message) {
		return new WebhookAnswer(HttpStatus.SERVICE_UNAVAILABLE.value(), Map.of("Retry-After", "30"),
				this.json.writeValueAsBytes(Map.of("error", error, "message", printable(message, 500))));
	}

	private WebhookAnswer reject(HttpStatus status, String error, String message) {
		count("rejected_" + error, "-");
		return json(status, Map.of("error", error, "message", message));
	}

	private WebhookAnswer json(HttpStatus status, Map<String, ?> body) {
		return WebhookAnswer.json(status.value(), this.json.writeValueAsBytes(body));
	}

	private void count(String outcome, String shopId) {
		this.counters.increment(outcome, shopId);
	}

	private static String printable(String value, int limit) {
		return WebhookAnswer.printable(value, limit);
	}

}
