package io.stocksync.console.system;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.atomic.AtomicReference;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.web.util.UriComponentsBuilder;

/**
 * Client of one service's admin API. Every call carries the bearer token (it never leaves
 * the server), has a short timeout and never throws: a service that is down gives an
 * {@link ApiResult} saying so. After a call that got no answer, calls fail at once for
 * {@code downFor}, so that a page with many figures does not wait once per figure.
 */
public final class AdminApi {

	private static final Logger logger = LoggerFactory.getLogger(AdminApi.class);

	private final String name;

	private final String baseUrl;

	private final String token;

	private final HttpClient http;

	private final JsonMapper json;

	private final Duration timeout;

	private final Duration downFor;

	private final Clock clock;

	private final AtomicReference<Down> down = new AtomicReference<>();

	AdminApi(String name, String baseUrl, String token, HttpClient http, JsonMapper json, Duration timeout,
			Duration downFor, Clock clock) {
		this.name = name;
		this.baseUrl = baseUrl.endsWith("/") ? baseUrl.substring(0, baseUrl.length() - 1) : baseUrl;
		this.token = (token != null) ? token : "";
		this.http = http;
		this.json = json;
		this.timeout = timeout;
		this.downFor = downFor;
		this.clock = clock;
	}

	/**
	 * A path with its variables encoded, e.g. {@code path("/admin/stock/{sku}", sku)}.
	 */
	public static String path(String template, Object... variables) {
		return UriComponentsBuilder.fromUriString(template).encode().buildAndExpand(variables).toUriString();
	}

	public String name() {
		return this.name;
	}

	public ApiResult get(String path) {
		return send(request(path, this.timeout).GET().build(), false);
	}

	public ApiResult post(String path) {
		return send(request(path, this.timeout).POST(HttpRequest.BodyPublishers.noBody()).build(), false);
	}

	public ApiResult postJson(String path, Object body) {
		return sendJson("POST", path, body, this.timeout);
	}

	public ApiResult putJson(String path, Object body) {
		return sendJson("PUT", path, body, this.timeout);
	}

	public ApiResult putCsv(String path, String csv) {
		return send(request(path, this.timeout).header("Content-Type", "text/csv")
			.PUT(HttpRequest.BodyPublishers.ofString(csv, StandardCharsets.UTF_8))
			.build(), false);
	}

	/**
	 * A POST that may take long (a job): the job timeout, and tried even while the
	 * service counts as down.
	 */
	public ApiResult postLong(String path, Duration timeout) {
		return send(request(path, timeout).POST(HttpRequest.BodyPublishers.noBody()).build(), true);
	}

	/**
	 * The service's health (not an admin call, no token needed, but it does no harm on
	 * the same host).
	 */
	public ApiResult health() {
		return get("/actuator/health");
	}

	private ApiResult sendJson(String method, String path, Object body, Duration timeout) {
		byte[] bytes = this.json.writeValueAsBytes(body);
		return send(request(path, timeout).header("Content-Type", "application/json")
			.method(method, HttpRequest.BodyPublishers.ofByteArray(bytes))
			.build(), false);
	}

	private HttpRequest.Builder request(String path, Duration timeout) {
		return HttpRequest.newBuilder(URI.create(this.baseUrl + path))
			.timeout(timeout)
			.header("Accept", "application/json, text/csv;q=0.9, */*;q=0.5")
			.header("Authorization", "Bearer " + this.token);
	}

	private ApiResult send(HttpRequest request, boolean evenIfDown) {
		Down known = this.down.get();
		Instant now = this.clock.instant();
		if (!evenIfDown && known != null && now.isBefore(known.until())) {
			return new ApiResult(this.name, 0, null, known.reason());
		}
		try {
			HttpResponse<String> response = this.http.send(request,
					HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
			this.down.set(null);
			return new ApiResult(this.name, response.statusCode(), parse(response), null);
		}
		catch (HttpTimeoutException ex) {
			return failed(request, "no answer within " + request.timeout().map(Duration::toString).orElse("?"), now);
		}
		catch (IOException ex) {
			return failed(request, (ex.getMessage() != null) ? ex.getMessage() : ex.getClass().getSimpleName(), now);
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			return new ApiResult(this.name, 0, null, "interrupted");
		}
	}

	private ApiResult failed(HttpRequest request, String reason, Instant now) {
		String text = "connection to " + this.baseUrl + " failed (" + reason + ")";
		logger.warn("{} {} {}: {}", this.name, request.method(), request.uri().getPath(), text);
		this.down.set(new Down(text, now.plus(this.downFor)));
		return new ApiResult(this.name, 0, null, text);
	}

	private Object parse(HttpResponse<String> response) {
		String body = response.body();
		String type = response.headers().firstValue("Content-Type").orElse("");
		if (body == null || body.isEmpty()) {
			return null;
		}
		if (type.contains("json")) {
			try {
				return this.json.readValue(body, Object.class);
			}
			catch (JacksonException ex) {
				return body;
			}
		}
		return body;
	}

	private record Down(String reason, Instant until) {
	}

}
