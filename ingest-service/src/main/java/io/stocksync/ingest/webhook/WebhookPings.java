package io.stocksync.ingest.webhook;

import java.time.Duration;
import java.util.Collection;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.stream.Collectors;

import org.springframework.stereotype.Component;

/**
 * The creation pings ({@code webhook_id=N}) that reached this ingest instance, per shop,
 * since start. Webhook registration uses them to say whether WooCommerce can actually
 * deliver to us: WooCommerce answers the creation with {@code active} even when it then
 * refuses every delivery (e.g. {@code http_request_failed: A valid URL was not
 * provided.} for a port it does not allow).
 */
@Component
public class WebhookPings {

	private final Map<String, Set<Long>> received = new ConcurrentHashMap<>();

	void received(String shopId, long webhookId) {
		Set<Long> ids = this.received.computeIfAbsent(shopId, (id) -> ConcurrentHashMap.newKeySet());
		synchronized (this) {
			ids.add(webhookId);
			notifyAll();
		}
	}

	/**
	 * Waits until the pings of all the given webhooks arrived or the timeout passed;
	 * returns those still missing.
	 */
	public Set<Long> awaitPings(String shopId, Collection<Long> webhookIds, Duration timeout) {
		long deadline = System.nanoTime() + timeout.toNanos();
		synchronized (this) {
			while (true) {
				Set<Long> ids = this.received.getOrDefault(shopId, Set.of());
				Set<Long> missing = webhookIds.stream().filter((id) -> !ids.contains(id)).collect(Collectors.toSet());
				long left = deadline - System.nanoTime();
				if (missing.isEmpty() || left <= 0) {
					return missing;
				}
				try {
					wait(Math.max(1, left / 1_000_000));
				}
				catch (InterruptedException ex) {
					Thread.currentThread().interrupt();
					return missing;
				}
			}
		}
	}

}
