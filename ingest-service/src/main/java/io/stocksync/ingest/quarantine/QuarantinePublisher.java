package io.stocksync.ingest.quarantine;

import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.util.UUID;

import io.stocksync.common.event.QuarantinedDelivery;
import io.stocksync.ingest.system.AcknowledgedSender;
import io.stocksync.ingest.system.IngestProperties;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.stereotype.Component;

/**
 * Parks verified deliveries that cannot be used in the quarantine topic, with the reason and the raw body. They are
 * acknowledged to WooCommerce (which never redelivers and disables webhooks that keep failing), so this topic is
 * where an operator finds them.
 */
@Component
public class QuarantinePublisher {

	private static final Logger logger = LoggerFactory.getLogger(QuarantinePublisher.class);

	private final AcknowledgedSender sender;

	private final String topic;

	private final Clock clock;

	QuarantinePublisher(AcknowledgedSender sender, IngestProperties properties, Clock clock) {
		this.sender = sender;
		this.topic = properties.topics().quarantine();
		this.clock = clock;
	}

	public QuarantinedDelivery quarantine(String shopId, String webhookTopic, String reason, byte[] rawBody) {
		QuarantinedDelivery delivery = new QuarantinedDelivery(QuarantinedDelivery.SCHEMA_VERSION,
				UUID.randomUUID().toString(), shopId, webhookTopic, reason,
				new String(rawBody, StandardCharsets.UTF_8), this.clock.instant());
		this.sender.send(this.topic, shopId, delivery);
		logger.warn("Quarantined delivery eventId={} shop={} topic={} reason={}", delivery.eventId(), shopId,
				webhookTopic, reason);
		return delivery;
	}

}
