package io.stocksync.fakeshop;

import java.time.Duration;
import java.util.Map;
import java.util.concurrent.locks.LockSupport;

import tools.jackson.databind.node.JsonNodeFactory;
import tools.jackson.databind.node.ObjectNode;

/**
 * Injected failures of the REST API: the next n requests, or every request for a while
 * (optionally held until the window ends, like a hung shop), answered with a status and a
 * WordPress-like error body.
 */
final class Faults {

	private final Object lock = new Object();

	private int status;

	private int remaining;

	private Duration retryAfter = Duration.ofSeconds(1);

	private long untilNanos;

	private boolean hang;

	void failNext(int status, int count) {
		synchronized (this.lock) {
			this.status = status;
			this.remaining = count;
		}
	}

	void setRetryAfter(Duration retryAfter) {
		synchronized (this.lock) {
			this.retryAfter = retryAfter;
		}
	}

	void clear() {
		failNext(0, 0);
	}

	void failFor(int status, Duration duration, boolean hang) {
		synchronized (this.lock) {
			this.status = status;
			this.remaining = Integer.MAX_VALUE;
			this.untilNanos = System.nanoTime() + duration.toNanos();
			this.hang = hang;
		}
	}

	/** The injected answer for this request, or null to serve it. */
	Response take() {
		int status;
		Duration after;
		long holdNanos = 0;
		synchronized (this.lock) {
			if (this.untilNanos != 0 && System.nanoTime() - this.untilNanos >= 0) {
				this.untilNanos = 0;
				this.remaining = 0;
			}
			if (this.remaining <= 0) {
				return null;
			}
			if (this.remaining != Integer.MAX_VALUE) {
				this.remaining--;
			}
			status = this.status;
			after = this.retryAfter;
			if (this.hang && this.untilNanos != 0) {
				holdNanos = this.untilNanos - System.nanoTime();
			}
		}
		if (holdNanos > 0) {
			// A hung shop: the answer comes (if the caller still waits) only when the
			// fault window is over.
			LockSupport.parkNanos(holdNanos);
		}
		ObjectNode body = JsonNodeFactory.instance.objectNode();
		if (status == 500) {
			body.put("code", "internal_server_error");
			body.put("message",
					"<p>There has been a critical error on this website.</p><p><a href=\"https://wordpress.org/"
							+ "documentation/article/faq-troubleshooting/\">Learn more about troubleshooting WordPress.</a></p>");
			body.set("data", WcError.statusData(500));
			body.putArray("additional_errors");
		}
		else if (status == 429) {
			body.put("code", "woocommerce_rest_too_many_requests");
			body.put("message", "Too many requests. Please wait and try again.");
			body.set("data", WcError.statusData(429));
		}
		else {
			body.put("code", "fake_shop_injected_fault");
			body.put("message", "Injected fault (HTTP " + status + ").");
			body.set("data", WcError.statusData(status));
		}
		Response response = Response.json(status, body);
		if (status == 429 || status == 503) {
			response.headers.add(Map.entry("Retry-After", Long.toString(Math.max(0, after.toSeconds()))));
		}
		return response;
	}

}
