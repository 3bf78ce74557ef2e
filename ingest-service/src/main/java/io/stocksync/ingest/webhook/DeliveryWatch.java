package io.stocksync.ingest.webhook;

import java.time.Clock;
import java.time.Instant;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

import org.springframework.stereotype.Component;

/**
 * Whether a shop's webhooks still deliver while its orders change: remembers, per shop,
 * the last order a webhook brought and the orders since then that only the order poll
 * found. A shop whose last orders came by poll alone is flagged by the webhook status and
 * health check: WooCommerce may call its webhooks {@code active} while every delivery
 * fails (it never redelivers). Orders modified before this ingest started are not counted
 * (after a restart the poll publishes again what webhooks brought before).
 */
@Component
public class DeliveryWatch {

	private final Clock clock;

	private final Instant startedAt;

	private final Map<String, Missed> missed = new ConcurrentHashMap<>();

	DeliveryWatch(Clock clock) {
		this.clock = clock;
		this.startedAt = clock.instant();
	}

	void published(String shopId, String source, Instant dateModified) {
		if ("webhook".equals(source)) {
			this.missed.remove(shopId);
		}
		else if ("poll".equals(source) && dateModified != null && dateModified.isAfter(this.startedAt)) {
			Instant now = this.clock.instant();
			this.missed.merge(shopId, new Missed(1, now, now),
					(old, next) -> new Missed(old.orders() + 1, old.since(), now));
		}
	}

	/** Orders only the poll brought since the last order a webhook brought, if any. */
	public Optional<Missed> missed(String shopId) {
		return Optional.ofNullable(this.missed.get(shopId));
	}

	/**
	 * @param orders orders the poll published that no webhook had brought, since the last
	 * webhook-delivered order
	 * @param since when the first of them was found
	 * @param last when the last of them was found
	 */
	public record Missed(int orders, Instant since, Instant last) {
	}

}
