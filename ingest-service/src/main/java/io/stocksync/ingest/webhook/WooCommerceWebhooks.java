package io.stocksync.ingest.webhook;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.EnumMap;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.regex.Pattern;

import io.micrometer.core.instrument.MeterRegistry;
import io.stocksync.common.shop.ShopConfig;
import io.stocksync.common.shop.Sites;
import io.stocksync.ingest.spool.DeliveryNotStoredException;
import io.stocksync.ingest.system.CachedCounters;
import io.stocksync.ingest.system.IngestProperties;
import jakarta.servlet.http.HttpServletRequest;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.slf4j.MDC;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.http.HttpStatus;
import org.springframework.stereotype.Component;

/**
 * {@code POST /webhooks/woocommerce/{shopId}}: the only way WooCommerce deliveries enter
 * stock-sync.
 * <ol>
 * <li>Unknown shop or a signature that does not verify: 401, nothing written anywhere.
 * The signature is checked on the raw bytes before anything parses them.</li>
 * <li>The unsigned ping WooCommerce sends when a webhook is saved ({@code webhook_id=N},
 * form encoded): 200, nothing written. Only that exact form passes unsigned.</li>
 * <li>A verified order delivery: answered 200 once Kafka acknowledged its snapshot, or,
 * when Kafka does not answer in time, once the snapshot is fsync'd in the local spool
 * ({@code "spooled":true}); the spool is drained to Kafka in order when Kafka is back.
 * The answer is asynchronous: the request thread is released while Kafka works, and the
 * response is written when the send completes. No shop is called while the delivery waits
 * (an order whose refunds must be read goes to the refund-lookup topic).</li>
 * <li>A verified delivery that cannot be used: parked in quarantine with the reason and
 * answered 202, because WooCommerce never redelivers and disables webhooks whose
 * deliveries keep failing.</li>
 * <li>Neither Kafka nor the spool can store it (e.g. the disk is full): 503, the last
 * resort (WooCommerce records the failure and does not retry; the order poll recovers the
 * order).</li>
 * </ol>
 * Served by a plain asynchronous servlet, {@link WebhookServlet} (see there why not
 * Spring MVC), registered in {@link WebhookServletConfiguration}: the answers are
 * {@link WebhookAnswer}s, the common ones pre-encoded bytes.
 */
@Component
class WooCommerceWebhooks implements WebhookEndpoint {

	private static final Logger logger = LoggerFactory.getLogger(WooCommerceWebhooks.class);

	private static final Pattern PING = Pattern.compile("webhook_id=\\d{1,19}");

	private final Sites sites;

	private final OrderIntake intake;

	private static final byte[] ACCEPTED_HEAD = "{\"status\":\"accepted\",\"orderId\":"
		.getBytes(StandardCharsets.US_ASCII);

	private static final byte[] REPORTED = "{\"status\":\"reported\"}".getBytes(StandardCharsets.US_ASCII);

	private static final byte[] PONG = "{\"status\":\"pong\"}".getBytes(StandardCharsets.US_ASCII);

	private static final Map<OrderIntake.Outcome, String> OUTCOMES = new EnumMap<>(OrderIntake.Outcome.class);

	static {
		for (OrderIntake.Outcome outcome : OrderIntake.Outcome.values()) {
			OUTCOMES.put(outcome, outcome.name().toLowerCase(Locale.ROOT));
		}
	}

	private final long maxBytes;

	private final CachedCounters counters;

	private final WebhookAcks acks;

	private final WebhookPings pings;

	private final JsonMapper json;

	WooCommerceWebhooks(Sites sites, OrderIntake intake, IngestProperties properties, MeterRegistry meters,
			WebhookPings pings, WebhookAcks acks, JsonMapper json) {
		this.pings = pings;
		this.json = json;
		this.sites = sites;
		this.intake = intake;
		this.maxBytes = properties.maxBodySize().toBytes();
		this.counters = new CachedCounters(meters, "stocksync.webhooks", "outcome", "shop");
		this.acks = acks;
	}

	@Override
	public CompletableFuture<WebhookAnswer> receive(String shopId, HttpServletRequest request) throws IOException {
		Optional<ShopConfig> shop = this.sites.find(shopId);
		if (shop.isEmpty()) {
			return CompletableFuture.completedFuture(
					reject(HttpStatus.UNAUTHORIZED, "unknown_shop", "no shop with id '" + printable(shopId) + "'"));
		}
		// every log line of this delivery on the request thread carries the shop (a field
		// of its own in structured logs)
		try (MDC.MDCCloseable ignored = MDC.putCloseable("shop", shopId)) {
			return receive(shop.get(), request);
		}
	}

	private CompletableFuture<WebhookAnswer> receive(ShopConfig shop, HttpServletRequest request) throws IOException {
		String shopId = shop.id();
		byte[] body = WebhookBody.read(request, this.maxBytes);
		if (body == null) {
			return CompletableFuture.completedFuture(tooLarge());
		}
		String signature = request.getHeader("X-WC-Webhook-Signature");
		if (signature == null && isPing(request, body)) {
			count("ping", shopId);
			pinged(shopId, new String(body, StandardCharsets.US_ASCII));
			logger.info("Webhook ping from shop={} ({})", shopId, new String(body, StandardCharsets.US_ASCII));
			return CompletableFuture.completedFuture(json(HttpStatus.OK, PONG));
		}
		if (!SignatureVerifier.isValid(body, signature, shop.webhookSecret())) {
			return CompletableFuture.completedFuture(reject(HttpStatus.UNAUTHORIZED, "invalid_signature",
					"X-WC-Webhook-Signature does not verify for shop " + shopId));
		}
		String topic = request.getHeader("X-WC-Webhook-Topic");
		long started = System.nanoTime();
		CompletableFuture<OrderIntake.Result> result;
		try {
			result = this.intake.webhook(shopId, topic, body);
		}
		catch (DeliveryNotStoredException ex) {
			return CompletableFuture.completedFuture(notStored(shopId, topic, ex.getMessage()));
		}
		return this.acks.whenStored(shopId, printable(topic), started, result, (stored) -> answer(shopId, stored),
				(ex) -> notStored(shopId, topic, ex.getMessage()), WebhookAnswer.INTERNAL_ERROR);
	}

	@Override
	public WebhookAnswer timedOut(String shopId) {
		return notStored(shopId, null, "no answer from Kafka or the spool in time");
	}

	private WebhookAnswer answer(String shopId, OrderIntake.Result result) {
		count(result.outcome(), shopId);
		if (result.outcome() == OrderIntake.Outcome.ACCEPTED && result.orderId() != null && !result.spooled()) {
			return json(HttpStatus.OK, accepted(result.orderId()));
		}
		if (result.outcome() == OrderIntake.Outcome.REPORTED) {
			return json(HttpStatus.OK, REPORTED);
		}
		return WebhookAnswer.outcome(result, this.json);
	}

	private WebhookAnswer notStored(String shopId, String topic, String reason) {
		count("not_stored", shopId);
		logger.error("Delivery not stored, answering 503 to shop={} topic={}: {}", shopId, printable(topic), reason);
		return new WebhookAnswer(HttpStatus.SERVICE_UNAVAILABLE.value(), Map.of("Retry-After", "30"),
				this.json.writeValueAsBytes(
						Map.of("error", "not_stored", "message", "delivery not stored (Kafka and the spool failed)")));
	}

	/*
	 * {"status":"accepted","orderId":N}: the answer to nearly every delivery, written
	 * from pre-encoded parts.
	 */
	private static byte[] accepted(long orderId) {
		byte[] id = Long.toString(orderId).getBytes(StandardCharsets.US_ASCII);
		byte[] answer = new byte[ACCEPTED_HEAD.length + id.length + 1];
		System.arraycopy(ACCEPTED_HEAD, 0, answer, 0, ACCEPTED_HEAD.length);
		System.arraycopy(id, 0, answer, ACCEPTED_HEAD.length, id.length);
		answer[answer.length - 1] = '}';
		return answer;
	}

	private static WebhookAnswer json(HttpStatus status, byte[] body) {
		return WebhookAnswer.json(status.value(), body);
	}

	/*
	 * The rare answers (errors, spooled, quarantined...), with the application's mapper.
	 */
	private WebhookAnswer json(HttpStatus status, Map<String, ?> body) {
		return WebhookAnswer.json(status.value(), this.json.writeValueAsBytes(body));
	}

	private WebhookAnswer tooLarge() {
		return reject(HttpStatus.CONTENT_TOO_LARGE, "body_too_large", "body exceeds " + this.maxBytes + " bytes");
	}

	/*
	 * Remembered for webhook registration, which reports a creation as confirmed only
	 * once its ping is here.
	 */
	private void pinged(String shopId, String form) {
		try {
			this.pings.received(shopId, Long.parseLong(form.substring("webhook_id=".length())));
		}
		catch (NumberFormatException ex) {
			// more than a long: not one of WooCommerce's ids; answered 200 all the same
		}
	}

	private static boolean isPing(HttpServletRequest request, byte[] body) {
		String contentType = request.getContentType();
		return contentType != null && contentType.startsWith("application/x-www-form-urlencoded")
				&& PING.matcher(new String(body, StandardCharsets.US_ASCII)).matches();
	}

	private WebhookAnswer reject(HttpStatus status, String error, String message) {
		count("rejected_" + error, "-");
		return json(status, Map.of("error", error, "message", message));
	}

	private void count(OrderIntake.Outcome outcome, String shopId) {
		count(OUTCOMES.get(outcome), shopId);
	}

	private void count(String outcome, String shopId) {
		this.counters.increment(outcome, shopId);
	}

	private static String printable(String value) {
		return printable(value, 64);
	}

	private static String printable(String value, int limit) {
		return WebhookAnswer.printable(value, limit);
	}

}
