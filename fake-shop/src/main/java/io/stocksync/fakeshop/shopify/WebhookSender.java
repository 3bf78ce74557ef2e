package io.stocksync.fakeshop.shopify;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * Delivers webhooks as Shopify documents it
 * (https://shopify.dev/docs/apps/build/webhooks): a POST of the JSON body with
 * {@code X-Shopify-Topic}, {@code X-Shopify-Hmac-Sha256} (base64 HMAC-SHA256 of the raw
 * body, keyed with the app's client secret), {@code X-Shopify-Shop-Domain},
 * {@code X-Shopify-API-Version}, {@code X-Shopify-Webhook-Id},
 * {@code X-Shopify-Triggered-At} and {@code X-Shopify-Event-Id}. Any 2xx within the
 * timeout (Shopify: 5 s) is success; anything else is retried with the same body and the
 * same ids, up to 8 times (Shopify spreads them over 4 hours; the delays here are
 * configurable so tests can watch retries happen).
 */
final class WebhookSender implements AutoCloseable {

	static final int MAX_RETRIES = 8;

	private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();

	private final ScheduledExecutorService scheduler = Executors.newScheduledThreadPool(2, (runnable) -> {
		Thread thread = new Thread(runnable, "fake-shopify-webhooks");
		thread.setDaemon(true);
		return thread;
	});

	private final String shopDomain;

	private final String apiVersion;

	private volatile String clientSecret;

	private final Duration timeout;

	private final Duration retryDelay;

	private final List<FakeShopify.Delivery> attempts = new CopyOnWriteArrayList<>();

	WebhookSender(String shopDomain, String apiVersion, String clientSecret, Duration timeout, Duration retryDelay) {
		this.shopDomain = shopDomain;
		this.apiVersion = apiVersion;
		this.clientSecret = clientSecret;
		this.timeout = timeout;
		this.retryDelay = retryDelay;
	}

	void send(String url, String topic, byte[] body, String eventId, String webhookId) {
		this.scheduler.execute(() -> attempt(url, topic, body, eventId, webhookId, Instant.now(), 0));
	}

	List<FakeShopify.Delivery> attempts() {
		return List.copyOf(this.attempts);
	}

	private void attempt(String url, String topic, byte[] body, String eventId, String webhookId, Instant triggeredAt,
			int retry) {
		int status;
		try {
			HttpRequest request = HttpRequest.newBuilder(URI.create(url))
				.timeout(this.timeout)
				.header("Content-Type", "application/json")
				.header("X-Shopify-Topic", topic)
				.header("X-Shopify-Hmac-Sha256", sign(body, this.clientSecret))
				.header("X-Shopify-Shop-Domain", this.shopDomain)
				.header("X-Shopify-API-Version", this.apiVersion)
				.header("X-Shopify-Webhook-Id", webhookId)
				.header("X-Shopify-Triggered-At", triggeredAt.toString())
				.header("X-Shopify-Event-Id", eventId)
				.POST(HttpRequest.BodyPublishers.ofByteArray(body))
				.build();
			status = this.http.send(request, HttpResponse.BodyHandlers.discarding()).statusCode();
		}
		catch (java.io.IOException ex) {
			status = 0; // timeout or connection refused
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			return;
		}
		this.attempts.add(new FakeShopify.Delivery(topic, eventId, webhookId, retry, status,
				new String(body, StandardCharsets.UTF_8)));
		if ((status < 200 || status > 299) && retry < MAX_RETRIES) {
			long delay = this.retryDelay.toMillis() << Math.min(retry, 6);
			this.scheduler.schedule(() -> attempt(url, topic, body, eventId, webhookId, triggeredAt, retry + 1), delay,
					TimeUnit.MILLISECONDS);
		}
	}

	static String sign(byte[] body, String secret) {
		try {
			Mac mac = Mac.getInstance("HmacSHA256");
			mac.init(new SecretKeySpec(secret.getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
			return Base64.getEncoder().encodeToString(mac.doFinal(body));
		}
		catch (GeneralSecurityException ex) {
			throw new IllegalStateException(ex);
		}
	}

	@Override
	public void close() {
		this.scheduler.shutdownNow();
	}

}
