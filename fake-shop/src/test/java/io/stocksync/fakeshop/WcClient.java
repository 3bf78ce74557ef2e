package io.stocksync.fakeshop;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.UUID;

import tools.jackson.databind.JsonNode;

/**
 * A small REST client for the fake shop that signs like {@code tools/wc.py} (OAuth in the
 * query by default).
 */
final class WcClient {

	enum Auth {

		QUERY, HEADER, NONE

	}

	private final HttpClient http = HttpClient.newHttpClient();

	private final FakeShop shop;

	String signatureMethod = "HMAC-SHA256";

	Auth auth = Auth.QUERY;

	WcClient(FakeShop shop) {
		this.shop = shop;
	}

	HttpResponse<String> call(String method, String endpoint, Map<String, String> query, String body) {
		return call(method, endpoint, query, body, this.shop.consumerKey(), this.shop.consumerSecret(),
				UUID.randomUUID().toString().replace("-", ""), Instant.now().getEpochSecond());
	}

	HttpResponse<String> call(String method, String endpoint, Map<String, String> query, String body,
			String consumerKey, String signingSecret, String nonce, long timestamp) {
		String path = endpoint.startsWith("/") ? endpoint : "/wp-json/wc/v3/" + endpoint;
		Map<String, String> sent = new LinkedHashMap<>((query != null) ? query : Map.of());
		HttpRequest.Builder request = HttpRequest.newBuilder();
		if (this.auth != Auth.NONE) {
			Map<String, String> oauth = OAuthSigner.oauthParams(method, this.shop.baseUrl(), path, sent, consumerKey,
					signingSecret, this.signatureMethod, nonce, timestamp);
			if (this.auth == Auth.QUERY) {
				sent.putAll(oauth);
			}
			else {
				StringBuilder header = new StringBuilder("OAuth ");
				oauth.forEach((key, value) -> header.append((header.length() > 6) ? ", " : "")
					.append(key)
					.append("=\"")
					.append(OAuthSigner.enc(value))
					.append('"'));
				request.header("Authorization", header.toString());
			}
		}
		String url = this.shop.baseUrl() + path + (sent.isEmpty() ? "" : "?" + OAuthSigner.queryString(sent));
		request.uri(URI.create(url)).header("Accept", "application/json");
		if (body != null) {
			request.header("Content-Type", "application/json");
			request.method(method, HttpRequest.BodyPublishers.ofString(body));
		}
		else {
			request.method(method, HttpRequest.BodyPublishers.noBody());
		}
		return send(request);
	}

	HttpResponse<String> raw(HttpRequest.Builder request) {
		return send(request);
	}

	private HttpResponse<String> send(HttpRequest.Builder request) {
		try {
			return this.http.send(request.build(), HttpResponse.BodyHandlers.ofString());
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			throw new IllegalStateException(ex);
		}
	}

	static JsonNode json(HttpResponse<String> response) {
		return Fixtures.MAPPER.readTree(response.body());
	}

}
