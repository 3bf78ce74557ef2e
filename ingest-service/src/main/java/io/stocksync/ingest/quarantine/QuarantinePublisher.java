package io.stocksync.ingest.quarantine;

import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.util.UUID;

import io.stocksync.common.event.QuarantinedDelivery;
import io.stocksync.ingest.spool.DurablePublisher;
import io.stocksync.ingest.system.IngestProperties;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.stereotype.Component;

/**
 * Parks verified deliveries that cannot be used in the quarantine topic, with the reason
 * and the raw body. They are acknowledged to WooCommerce (which never redelivers and
 * disables webhooks that keep failing), so this topic is where an operator finds them. A
 * raw body longer than {@value #MAX_RAW_BODY} bytes is cut there (the reason says so), so
 * that the record stays below Kafka's default record size limit whatever the body
 * contains.
 */
@Component
public class QuarantinePublisher {

	static final int MAX_RAW_BODY = 150_000;

	private static final Logger logger = LoggerFactory.getLogger(QuarantinePublisher.class);

	private final DurablePublisher publisher;

	private final String topic;

	private final Clock clock;

	QuarantinePublisher(DurablePublisher publisher, IngestProperties properties, Clock clock) {
		this.publisher = publisher;
		this.topic = properties.topics().quarantine();
		this.clock = clock;
	}

	public DurablePublisher.Stored quarantine(String shopId, String webhookTopic, String reason, byte[] rawBody) {
		String text = printable(reason);
		int kept = Math.min(rawBody.length, MAX_RAW_BODY);
		if (kept < rawBody.length) {
			text = text + " (raw body cut to its first " + kept + " of " + rawBody.length + " bytes)";
		}
		QuarantinedDelivery delivery = new QuarantinedDelivery(QuarantinedDelivery.SCHEMA_VERSION,
				UUID.randomUUID().toString(), shopId, (webhookTopic != null) ? printable(webhookTopic) : null, text,
				new String(rawBody, 0, kept, StandardCharsets.UTF_8), this.clock.instant());
		DurablePublisher.Stored stored = this.publisher.publish(this.topic, shopId, delivery);
		logger.warn("Quarantined delivery eventId={} shop={} topic={} reason={} stored={}", delivery.eventId(), shopId,
				delivery.webhookTopic(), text, stored);
		return stored;
	}

	/**
	 * Printable text only: a reason or header may quote whatever a body or a client sent.
	 */
	private static String printable(String value) {
		String cut = (value.length() > 500) ? value.substring(0, 500) + "..." : value;
		return cut.replaceAll("[^\\x20-\\x7e]", "?");
	}

}
