package io.stocksync.ingest.webhook;

import java.io.IOException;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicBoolean;

import jakarta.servlet.AsyncContext;
import jakarta.servlet.AsyncEvent;
import jakarta.servlet.AsyncListener;
import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.boot.web.servlet.ServletRegistrationBean;

/**
 * A platform's webhook endpoint, {@code POST <prefix>/{shopId}}, as a plain asynchronous
 * servlet instead of a Spring MVC handler. A JFR profile under load (issue #13) showed
 * about half of ingest's CPU in Spring MVC for a webhook: the {@code DispatcherServlet}'s
 * handler mapping, argument resolution, return value handling and message converters,
 * and, for the {@code CompletableFuture} the controller returned, a second pass through
 * the filter chain and the {@code DispatcherServlet} (an async re-dispatch, ~19 % of the
 * samples) only to write a few bytes; the webhook's own work (HMAC, parse, Kafka send)
 * was ~24 %.
 * <p>
 * Here the request thread reads the body and runs the {@link WebhookEndpoint}. An answer
 * known at once is written at once; otherwise the request goes asynchronous and the
 * thread returns to Tomcat. When the answer completes (Kafka's acknowledgement on the
 * producer's thread, a spool write on the spool writer's), a container thread
 * ({@link AsyncContext#start}) writes status, headers and body to the response and
 * completes it: no re-dispatch through the filters and the {@code DispatcherServlet}, and
 * the producer's thread never writes to a client's socket (a client that does not read
 * could otherwise block it, and every delivery behind it). If the answer does not come
 * within the async timeout (longer than the Kafka wait plus a spool write) the delivery
 * is answered as not stored (503); a connection error ends the request; no request hangs.
 * <p>
 * What Spring MVC answered for the rest is kept: another path below the prefix (an extra
 * segment, no shop id) is a 404 and another method a 405 with {@code Allow: POST}, both
 * through the container's error page ({@code /error}, Boot's JSON error body);
 * {@code OPTIONS} is answered 200 with {@code Allow: POST,OPTIONS}. The filters mapped to
 * {@code /*} still run once, in the request dispatch.
 */
public class WebhookServlet extends HttpServlet {

	private static final long serialVersionUID = 1L;

	private static final Logger logger = LoggerFactory.getLogger(WebhookServlet.class);

	/**
	 * Beyond the Kafka wait: the spool write, queued behind the others while Kafka is
	 * away.
	 */
	private static final Duration SPOOL_ALLOWANCE = Duration.ofSeconds(20);

	private final transient WebhookEndpoint endpoint;

	private final long asyncTimeoutMillis;

	WebhookServlet(WebhookEndpoint endpoint, Duration asyncTimeout) {
		this.endpoint = endpoint;
		this.asyncTimeoutMillis = asyncTimeout.toMillis();
	}

	/*
	 * Runs at start-up (load on startup, before the connector takes requests): loads the
	 * signatures' HMAC provider, a native library that takes ~0.2 s to load, so that the
	 * first delivery does not wait for it.
	 */
	@Override
	public void init() {
		SignatureVerifier.provider();
	}

	/**
	 * The registration of a platform's webhook servlet for {@code <prefix>/*}: a path
	 * mapping, which the container prefers to the {@code DispatcherServlet}'s {@code /}.
	 * The async timeout is {@code stocksync.kafka-ack-timeout} plus 20 s (30 s by
	 * default, what Spring MVC's async answer had: the container's default).
	 * @param name the servlet's name
	 * @param prefix the path before the shop id, e.g. {@code /webhooks/woocommerce}
	 * @param endpoint the platform's logic
	 * @param kafkaAckTimeout how long a delivery waits for Kafka before it is spooled
	 */
	public static ServletRegistrationBean<WebhookServlet> registration(String name, String prefix,
			WebhookEndpoint endpoint, Duration kafkaAckTimeout) {
		ServletRegistrationBean<WebhookServlet> registration = new ServletRegistrationBean<>(
				new WebhookServlet(endpoint, kafkaAckTimeout.plus(SPOOL_ALLOWANCE)), prefix + "/*");
		registration.setName(name);
		registration.setAsyncSupported(true);
		registration.setLoadOnStartup(1);
		return registration;
	}

	@Override
	protected void service(HttpServletRequest request, HttpServletResponse response) throws IOException {
		String shopId = shopId(request.getPathInfo());
		if (shopId == null) {
			response.sendError(HttpServletResponse.SC_NOT_FOUND);
			return;
		}
		String method = request.getMethod();
		if (!"POST".equals(method)) {
			if ("OPTIONS".equals(method)) {
				response.setHeader("Allow", "POST,OPTIONS");
				return;
			}
			response.setHeader("Allow", "POST");
			response.sendError(HttpServletResponse.SC_METHOD_NOT_ALLOWED);
			return;
		}
		CompletableFuture<WebhookAnswer> answer = this.endpoint.receive(shopId, request);
		if (answer.isDone()) {
			write(response, answer.handle(WebhookServlet::orFailure).join());
			return;
		}
		AsyncContext async = request.startAsync();
		async.setTimeout(this.asyncTimeoutMillis);
		AtomicBoolean answered = new AtomicBoolean();
		async.addListener(new AsyncListener() {

			@Override
			public void onTimeout(AsyncEvent event) {
				if (answered.compareAndSet(false, true)) {
					finish(async, response, WebhookServlet.this.endpoint.timedOut(shopId));
				}
			}

			@Override
			public void onError(AsyncEvent event) {
				if (answered.compareAndSet(false, true)) {
					logger.debug("Webhook of shop={} ended before its answer: {}", shopId,
							String.valueOf(event.getThrowable()));
					complete(async);
				}
			}

			@Override
			public void onComplete(AsyncEvent event) {
			}

			@Override
			public void onStartAsync(AsyncEvent event) {
			}

		});
		answer.whenComplete((value, failure) -> {
			if (answered.compareAndSet(false, true)) {
				answerOnContainerThread(async, response, orFailure(value, failure));
			}
		});
	}

	/*
	 * The shop id of "/{shopId}"; null for no path, an empty id or more segments (no
	 * handler in Spring MVC either).
	 */
	static String shopId(String pathInfo) {
		if (pathInfo == null || pathInfo.length() < 2 || pathInfo.indexOf('/', 1) >= 0) {
			return null;
		}
		return pathInfo.substring(1);
	}

	private static WebhookAnswer orFailure(WebhookAnswer answer, Throwable failure) {
		if (failure == null && answer != null) {
			return answer;
		}
		// endpoints turn their failures into answers; this is a bug, answered as MVC did
		logger.error("Webhook answer failed", failure);
		return WebhookAnswer.INTERNAL_ERROR;
	}

	/*
	 * The answer completes on Kafka's producer thread (or the spool writer's): the write
	 * goes to a container thread, so a client that does not read its answers can never
	 * hold up the producer, and with it every other delivery.
	 */
	private static void answerOnContainerThread(AsyncContext async, HttpServletResponse response,
			WebhookAnswer answer) {
		try {
			async.start(() -> finish(async, response, answer));
		}
		catch (IllegalStateException ex) {
			// the request already ended (the client went away)
			logger.debug("Webhook answer {} not written: {}", answer.status(), ex.toString());
			complete(async);
		}
	}

	private static void finish(AsyncContext async, HttpServletResponse response, WebhookAnswer answer) {
		try {
			write(response, answer);
		}
		catch (IOException | RuntimeException ex) {
			// the client went away: nothing left to tell it
			logger.debug("Webhook answer {} not written: {}", answer.status(), ex.toString());
		}
		finally {
			complete(async);
		}
	}

	private static void complete(AsyncContext async) {
		try {
			async.complete();
		}
		catch (IllegalStateException ex) {
			// already completed by the container (error, timeout)
			logger.debug("Webhook request already complete: {}", ex.toString());
		}
	}

	private static void write(HttpServletResponse response, WebhookAnswer answer) throws IOException {
		response.setStatus(answer.status());
		answer.headers().forEach(response::setHeader);
		byte[] body = answer.body();
		if (body != null) {
			response.setContentType("application/json");
			response.setContentLength(body.length);
			response.getOutputStream().write(body);
		}
	}

}
