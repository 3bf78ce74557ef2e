package io.stocksync.ingest.webhook;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Pattern;

import io.micrometer.core.instrument.MeterRegistry;
import io.stocksync.common.event.OrderSnapshot;
import io.stocksync.common.event.OrderTopics;
import io.stocksync.common.shop.ShopConfig;
import io.stocksync.common.shop.Sites;
import io.stocksync.ingest.quarantine.QuarantinePublisher;
import io.stocksync.ingest.system.IngestProperties;
import io.stocksync.ingest.system.KafkaUnavailableException;
import jakarta.servlet.http.HttpServletRequest;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RestController;

/**
 * {@code POST /webhooks/woocommerce/{shopId}}: the only way WooCommerce deliveries enter stock-sync.
 * <ol>
 * <li>Unknown shop or a signature that does not verify: 401, nothing written anywhere. The signature is checked on
 * the raw bytes before anything parses them.</li>
 * <li>The unsigned ping WooCommerce sends when a webhook is saved ({@code webhook_id=N}, form encoded): 200, nothing
 * written. Only that exact form passes unsigned.</li>
 * <li>A verified order delivery: published to Kafka and answered 200 once Kafka acknowledged it.</li>
 * <li>A verified delivery that cannot be used: parked in quarantine with the reason and answered 202, because
 * WooCommerce never redelivers and disables webhooks whose deliveries keep failing.</li>
 * <li>Kafka unreachable: 503, the last resort (WooCommerce records the failure and does not retry; the order poll
 * recovers the order).</li>
 * </ol>
 */
@RestController
class WebhookController {

	private static final Logger logger = LoggerFactory.getLogger(WebhookController.class);

	private static final Pattern PING = Pattern.compile("webhook_id=\\d{1,19}");

	private final Sites sites;

	private final WooOrderParser parser;

	private final OrderSnapshotPublisher publisher;

	private final QuarantinePublisher quarantine;

	private final IngestProperties properties;

	private final MeterRegistry meters;

	private final RefundLookup refunds;

	WebhookController(Sites sites, WooOrderParser parser, OrderSnapshotPublisher publisher,
			QuarantinePublisher quarantine, IngestProperties properties, MeterRegistry meters, RefundLookup refunds) {
		this.sites = sites;
		this.refunds = refunds;
		this.parser = parser;
		this.publisher = publisher;
		this.quarantine = quarantine;
		this.properties = properties;
		this.meters = meters;
	}

	@PostMapping("/webhooks/woocommerce/{shopId}")
	ResponseEntity<Map<String, Object>> receive(@PathVariable String shopId, HttpServletRequest request)
			throws IOException {
		Optional<ShopConfig> shop = this.sites.find(shopId);
		if (shop.isEmpty()) {
			return reject(HttpStatus.UNAUTHORIZED, "unknown_shop", "no shop with id '" + printable(shopId) + "'");
		}
		long maxBytes = this.properties.maxBodySize().toBytes();
		if (request.getContentLengthLong() > maxBytes) {
			return reject(HttpStatus.CONTENT_TOO_LARGE, "body_too_large", "body exceeds " + maxBytes + " bytes");
		}
		byte[] body;
		try (InputStream in = request.getInputStream()) {
			body = in.readNBytes((int) Math.min(Integer.MAX_VALUE - 8, maxBytes + 1));
		}
		if (body.length > maxBytes) {
			return reject(HttpStatus.CONTENT_TOO_LARGE, "body_too_large", "body exceeds " + maxBytes + " bytes");
		}
		String signature = request.getHeader("X-WC-Webhook-Signature");
		if (signature == null && isPing(request, body)) {
			count("ping", shopId);
			logger.info("Webhook ping from shop={} ({})", shopId, new String(body, StandardCharsets.US_ASCII));
			return ResponseEntity.ok(Map.of("status", "pong"));
		}
		if (!SignatureVerifier.isValid(body, signature, shop.get().webhookSecret())) {
			return reject(HttpStatus.UNAUTHORIZED, "invalid_signature",
					"X-WC-Webhook-Signature does not verify for shop " + shopId);
		}
		String topic = request.getHeader("X-WC-Webhook-Topic");
		try {
			return handleVerified(shop.get(), topic, body);
		}
		catch (KafkaUnavailableException ex) {
			count("kafka_unavailable", shopId);
			logger.error("Kafka unavailable, answering 503 to shop={} topic={}: {}", shopId, topic, ex.getMessage());
			return ResponseEntity.status(HttpStatus.SERVICE_UNAVAILABLE)
				.header("Retry-After", "30")
				.body(Map.of("error", "kafka_unavailable", "message", "delivery not stored, try again later"));
		}
	}

	private ResponseEntity<Map<String, Object>> handleVerified(ShopConfig shop, String topic, byte[] body) {
		String shopId = shop.id();
		if (topic != null && topic.startsWith("product.")) {
			// Stock edits on the shop are not sales; drift reconciliation covers them.
			count("ignored", shopId);
			return ResponseEntity.ok(Map.of("status", "ignored", "reason", topic + " is not an order event"));
		}
		if (topic != null && !OrderTopics.ALL.contains(topic)) {
			return park(shopId, topic, "unsupported webhook topic '" + printable(topic) + "'", body);
		}
		OrderSnapshot snapshot;
		try {
			snapshot = this.parser.parse(shopId, topic, body);
		}
		catch (UnusablePayloadException ex) {
			return park(shopId, topic, ex.getMessage(), body);
		}
		snapshot = this.refunds.withRestockedRefunds(shop, body, snapshot);
		this.publisher.publish(snapshot);
		count("accepted", shopId);
		logger.info("Accepted eventId={} shop={} order={} topic={} status={} lines={}", snapshot.eventId(), shopId,
				snapshot.orderId(), snapshot.topic(), snapshot.status(), snapshot.lines().size());
		return ResponseEntity.ok(Map.of("status", "accepted", "orderId", snapshot.orderId()));
	}

	private ResponseEntity<Map<String, Object>> park(String shopId, String topic, String reason, byte[] body) {
		this.quarantine.quarantine(shopId, topic, reason, body);
		count("quarantined", shopId);
		return ResponseEntity.status(HttpStatus.ACCEPTED).body(Map.of("status", "quarantined", "reason", reason));
	}

	private static boolean isPing(HttpServletRequest request, byte[] body) {
		String contentType = request.getContentType();
		return contentType != null && contentType.startsWith("application/x-www-form-urlencoded")
				&& PING.matcher(new String(body, StandardCharsets.US_ASCII)).matches();
	}

	private ResponseEntity<Map<String, Object>> reject(HttpStatus status, String error, String message) {
		count("rejected_" + error, "-");
		return ResponseEntity.status(status).body(Map.of("error", error, "message", message));
	}

	private void count(String outcome, String shopId) {
		this.meters.counter("stocksync.webhooks", "outcome", outcome, "shop", shopId).increment();
	}

	private static String printable(String value) {
		String cut = (value.length() > 64) ? value.substring(0, 64) + "..." : value;
		return cut.replaceAll("[^\\x20-\\x7e]", "?");
	}

}
