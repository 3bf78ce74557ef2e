package io.stocksync.fakeshop;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

import io.stocksync.fakeshop.ShopState.PendingDelivery;
import io.stocksync.fakeshop.ShopState.Webhook;

/**
 * Sends webhooks the way WooCommerce's Hookshot does: a raw HTTP/1.1 POST with
 * WooCommerce's headers in WooCommerce's order, the body built at delivery time, signed
 * with HMAC-SHA256 over the exact bytes. Never redelivers; every answer is recorded and
 * consecutive failures disable the webhook.
 * <p>
 * Synchronous mode delivers inside the triggering call. Async mode queues deliveries on
 * one thread, in order, and (like Action Scheduler) does not queue a webhook+resource
 * pair again while an identical one is still waiting.
 */
final class WebhookDispatcher implements AutoCloseable {

	static final String USER_AGENT = "WooCommerce/9.9.5 Hookshot (WordPress/6.8.8)";

	private static final int TIMEOUT_MILLIS = (int) Duration.ofSeconds(60).toMillis();

	private final ShopState state;

	private final Renderer renderer;

	private final boolean async;

	private final ExecutorService executor;

	private final Set<String> queued = new HashSet<>();

	private final AtomicInteger pending = new AtomicInteger();

	private final List<WebhookDelivery> deliveries = new CopyOnWriteArrayList<>();

	WebhookDispatcher(ShopState state, Renderer renderer, boolean async, String shopId) {
		this.state = state;
		this.renderer = renderer;
		this.async = async;
		this.executor = async ? Executors.newSingleThreadExecutor((runnable) -> {
			Thread thread = new Thread(runnable, "fake-shop-" + shopId + "-webhooks");
			thread.setDaemon(true);
			return thread;
		}) : null;
	}

	void dispatch(List<PendingDelivery> deliveries) {
		for (PendingDelivery delivery : deliveries) {
			if (!this.async) {
				deliver(delivery);
				continue;
			}
			String key = delivery.webhookId() + ":" + delivery.resourceId();
			synchronized (this.queued) {
				if (!this.queued.add(key)) {
					continue;
				}
			}
			this.pending.incrementAndGet();
			this.executor.execute(() -> {
				synchronized (this.queued) {
					this.queued.remove(key);
				}
				try {
					deliver(delivery);
				}
				finally {
					this.pending.decrementAndGet();
				}
			});
		}
	}

	int pendingCount() {
		return this.pending.get();
	}

	List<WebhookDelivery> deliveries() {
		return List.copyOf(this.deliveries);
	}

	private void deliver(PendingDelivery delivery) {
		Prepared prepared = this.state.read(() -> {
			Webhook webhook = this.state.webhooks.get(delivery.webhookId());
			if (webhook == null || !webhook.status.equals("active")) {
				return null;
			}
			byte[] body = this.renderer.payload(delivery.topic(), delivery.resourceId());
			return (body != null) ? new Prepared(webhook.id, webhook.deliveryUrl, webhook.secret, body) : null;
		});
		if (prepared == null) {
			return;
		}
		String topic = delivery.topic();
		int dot = topic.indexOf('.');
		String deliveryId = UUID.randomUUID().toString().replace("-", "");
		List<Map.Entry<String, String>> headers = new ArrayList<>();
		headers.add(Map.entry("Host", hostHeader(prepared.url())));
		headers.add(Map.entry("User-Agent", USER_AGENT));
		headers.add(Map.entry("Accept", "*/*"));
		headers.add(Map.entry("Accept-Encoding", "deflate, gzip, br, zstd"));
		headers.add(Map.entry("Content-Type", "application/json"));
		headers.add(Map.entry("X-WC-Webhook-Source", this.state.baseUrl + "/"));
		headers.add(Map.entry("X-WC-Webhook-Topic", topic));
		headers.add(Map.entry("X-WC-Webhook-Resource", topic.substring(0, dot)));
		headers.add(Map.entry("X-WC-Webhook-Event", topic.substring(dot + 1)));
		headers.add(Map.entry("X-WC-Webhook-Signature", signature(prepared.secret(), prepared.body())));
		headers.add(Map.entry("X-WC-Webhook-ID", Long.toString(prepared.webhookId())));
		headers.add(Map.entry("X-WC-Webhook-Delivery-ID", deliveryId));
		headers.add(Map.entry("Connection", "close"));
		headers.add(Map.entry("Content-Length", Integer.toString(prepared.body().length)));
		int status = post(prepared.url(), headers, prepared.body());
		this.deliveries.add(new WebhookDelivery(prepared.webhookId(), topic, delivery.resourceId(), prepared.url(),
				deliveryId, status, prepared.body(), List.copyOf(headers), this.state.clock.instant()));
		this.state.read(() -> {
			this.state.recordDeliveryResult(prepared.webhookId(), status >= 200 && status < 300);
			return null;
		});
	}

	/**
	 * The unsigned creation ping ({@code webhook_id=N}, form encoded, no X-WC-Webhook-*
	 * headers).
	 */
	int ping(long webhookId, String url) {
		byte[] body = ("webhook_id=" + webhookId).getBytes(StandardCharsets.US_ASCII);
		List<Map.Entry<String, String>> headers = new ArrayList<>();
		headers.add(Map.entry("Host", hostHeader(url)));
		headers.add(Map.entry("User-Agent", USER_AGENT));
		headers.add(Map.entry("Accept", "*/*"));
		headers.add(Map.entry("Accept-Encoding", "deflate, gzip, br, zstd"));
		headers.add(Map.entry("Connection", "close"));
		headers.add(Map.entry("Content-Length", Integer.toString(body.length)));
		headers.add(Map.entry("Content-Type", "application/x-www-form-urlencoded"));
		int status = post(url, headers, body);
		this.deliveries.add(new WebhookDelivery(webhookId, "ping", 0, url, "", status, body, List.copyOf(headers),
				this.state.clock.instant()));
		return status;
	}

	/**
	 * {@code base64(HMAC-SHA256(secret, raw body bytes))}, the
	 * {@code X-WC-Webhook-Signature}.
	 */
	static String signature(String secret, byte[] body) {
		try {
			Mac mac = Mac.getInstance("HmacSHA256");
			mac.init(new SecretKeySpec(secret.getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
			return Base64.getEncoder().encodeToString(mac.doFinal(body));
		}
		catch (GeneralSecurityException ex) {
			throw new IllegalStateException(ex);
		}
	}

	private static String hostHeader(String url) {
		URI uri = URI.create(url);
		return (uri.getPort() != -1) ? uri.getHost() + ":" + uri.getPort() : uri.getHost();
	}

	/**
	 * Raw HTTP/1.1 so the header order and bytes are exactly WooCommerce's. Returns the
	 * status, 0 on I/O errors.
	 */
	private static int post(String url, List<Map.Entry<String, String>> headers, byte[] body) {
		URI uri = URI.create(url);
		if (!"http".equalsIgnoreCase(uri.getScheme())) {
			return 0;
		}
		int port = (uri.getPort() != -1) ? uri.getPort() : 80;
		String target = ((uri.getRawPath() == null || uri.getRawPath().isEmpty()) ? "/" : uri.getRawPath())
				+ ((uri.getRawQuery() != null) ? "?" + uri.getRawQuery() : "");
		try (Socket socket = new Socket()) {
			socket.connect(new InetSocketAddress(uri.getHost(), port), TIMEOUT_MILLIS);
			socket.setSoTimeout(TIMEOUT_MILLIS);
			StringBuilder head = new StringBuilder("POST ").append(target).append(" HTTP/1.1\r\n");
			for (Map.Entry<String, String> header : headers) {
				head.append(header.getKey()).append(": ").append(header.getValue()).append("\r\n");
			}
			head.append("\r\n");
			OutputStream out = socket.getOutputStream();
			out.write(head.toString().getBytes(StandardCharsets.ISO_8859_1));
			out.write(body);
			out.flush();
			return readStatus(socket.getInputStream());
		}
		catch (IOException | RuntimeException ex) {
			return 0;
		}
	}

	private static int readStatus(InputStream in) throws IOException {
		ByteArrayOutputStream line = new ByteArrayOutputStream();
		int b;
		while ((b = in.read()) != -1 && b != '\n') {
			line.write(b);
		}
		String statusLine = line.toString(StandardCharsets.ISO_8859_1).trim();
		String[] parts = statusLine.split(" ");
		int status = (parts.length >= 2 && parts[0].startsWith("HTTP/")) ? Integer.parseInt(parts[1]) : 0;
		// Drain the rest; the receiver closes the connection because we sent "Connection:
		// close".
		byte[] buffer = new byte[8192];
		long total = 0;
		int read;
		while ((read = in.read(buffer)) != -1 && total < 1_000_000) {
			total += read;
		}
		return status;
	}

	@Override
	public void close() {
		if (this.executor != null) {
			this.executor.shutdown();
			try {
				this.executor.awaitTermination(5, TimeUnit.SECONDS);
			}
			catch (InterruptedException ex) {
				Thread.currentThread().interrupt();
			}
			this.executor.shutdownNow();
		}
	}

	private record Prepared(long webhookId, String url, String secret, byte[] body) {
	}

}
