package io.stocksync.ingest.webhook;

import java.io.IOException;
import java.util.concurrent.CompletableFuture;

import jakarta.servlet.http.HttpServletRequest;

/**
 * One platform's webhook logic behind a {@link WebhookServlet}: what a delivery to
 * {@code <prefix>/{shopId}} is answered, decided without Spring MVC.
 */
public interface WebhookEndpoint {

	/**
	 * Reads and handles a delivery ({@code POST}, the path's shop id); the future is
	 * already complete when the answer is known at once (rejections, pings, what needs no
	 * Kafka acknowledgement) and completes once the delivery is stored otherwise. It
	 * never completes exceptionally: a failure is an answer (503, 500).
	 * @throws IOException when the body cannot be read
	 */
	CompletableFuture<WebhookAnswer> receive(String shopId, HttpServletRequest request) throws IOException;

	/**
	 * The answer when the stored answer did not come within the servlet's async timeout
	 * (longer than the Kafka wait and the spool write together, so not expected): the
	 * platform's 503 for a delivery that was not stored.
	 */
	WebhookAnswer timedOut(String shopId);

}
