package io.stocksync.ingest.webhook;

import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;

import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import io.stocksync.ingest.spool.DeliveryNotStoredException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.stereotype.Component;

/**
 * The asynchronous answer of a verified webhook delivery, the same for every platform:
 * the request thread is released while Kafka works ({@code acks=all}) and the response is
 * written when the send completes. Records the time from the verified body to the answer
 * ({@code stocksync.webhooks.ack}, per shop) and turns a failed store into the platform's
 * 503 (a {@link DeliveryNotStoredException}: neither Kafka nor the spool stored it) or a
 * 500 (anything else).
 */
@Component
public class WebhookAcks {

	private static final Logger logger = LoggerFactory.getLogger(WebhookAcks.class);

	private final MeterRegistry meters;

	private final Map<String, Timer> timers = new ConcurrentHashMap<>();

	WebhookAcks(MeterRegistry meters) {
		this.meters = meters;
	}

	/**
	 * @param shopId the delivering shop
	 * @param topic its topic (for the log of an unexpected failure)
	 * @param startedNanos {@link System#nanoTime()} when the verified body was read
	 * @param result the delivery's outcome, completed once it is stored
	 * @param answer the platform's answer to a stored (or quarantined, ignored...)
	 * delivery
	 * @param notStored the platform's answer when neither Kafka nor the spool stored it
	 * @param failed the answer to any other failure (a 500)
	 * @param <T> the type of the answer
	 * @return the response, completed with the result; never completed exceptionally
	 */
	public <T> CompletableFuture<T> whenStored(String shopId, String topic, long startedNanos,
			CompletableFuture<OrderIntake.Result> result, Function<OrderIntake.Result, T> answer,
			Function<DeliveryNotStoredException, T> notStored, T failed) {
		return result.handle((stored, failure) -> {
			this.timers.computeIfAbsent(shopId, this::timer)
				.record(System.nanoTime() - startedNanos, TimeUnit.NANOSECONDS);
			if (failure == null) {
				return answer.apply(stored);
			}
			Throwable cause = (failure instanceof CompletionException && failure.getCause() != null)
					? failure.getCause() : failure;
			if (cause instanceof DeliveryNotStoredException notStoredException) {
				return notStored.apply(notStoredException);
			}
			logger.error("Delivery from shop={} topic={} failed", shopId, topic, cause);
			return failed;
		});
	}

	private Timer timer(String shopId) {
		return Timer.builder("stocksync.webhooks.ack")
			.description("From a verified delivery's body to its answer: parse, publish and Kafka's acknowledgement")
			.tag("shop", shopId)
			.register(this.meters);
	}

}
