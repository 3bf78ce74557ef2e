package io.stocksync.woo;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

import io.stocksync.common.json.JsonMappers;
import io.stocksync.common.shop.ShopAuth;
import io.stocksync.common.shop.ShopConfig;
import okhttp3.HttpUrl;
import okhttp3.OkHttpClient;
import okhttp3.mockwebserver.MockResponse;
import okhttp3.mockwebserver.MockWebServer;
import okhttp3.mockwebserver.RecordedRequest;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Test support: the captured WooCommerce exchanges under {@code wc-fixtures/} (see the
 * shared fixtures README) and the throw-away credentials of the loopback shop they were
 * captured from.
 */
final class WooFixtures {

	static final String CONSUMER_KEY = "ck_8e42c20e43841697519d148e5012e085f0640eae";

	static final String CONSUMER_SECRET = "cs_1c8f30f790c1f0936f37f280706cec07304bbaf7";

	/** Home URL of the shop the fixtures were captured from. */
	static final String CAPTURE_HOME = "http://127.0.0.1:8080";

	static final Clock CLOCK = Clock.fixed(Instant.parse("2026-11-22T13:30:30Z"), ZoneOffset.UTC);

	static final JsonMapper MAPPER = JsonMappers.standard();

	/** Hop-by-hop and framing headers that MockWebServer sets itself. */
	private static final Set<String> SKIPPED_HEADERS = Set.of("transfer-encoding", "content-length", "connection");

	private WooFixtures() {
	}

	static Fixture load(String name) {
		try (InputStream in = WooFixtures.class.getResourceAsStream("/wc-fixtures/" + name + ".json")) {
			if (in == null) {
				throw new IllegalArgumentException("no fixture " + name);
			}
			return new Fixture(MAPPER.readTree(in));
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
	}

	static ShopConfig shop(MockWebServer server, ShopAuth auth) {
		return new ShopConfig("shop1", server.url("/").toString(), CONSUMER_KEY, CONSUMER_SECRET, "whsec", auth, 0);
	}

	static WooClient client(MockWebServer server, ShopAuth auth) {
		return new WooClient(new OkHttpClient(), shop(server, auth), CLOCK);
	}

	/** Decoded query parameters in the order they were sent. */
	static Map<String, String> query(HttpUrl url) {
		Map<String, String> params = new LinkedHashMap<>();
		for (int i = 0; i < url.querySize(); i++) {
			params.put(url.queryParameterName(i), url.queryParameterValue(i));
		}
		return params;
	}

	/** Recomputes the OAuth signature of a request as WooCommerce would and checks it. */
	static void assertSignedCorrectly(RecordedRequest request, ShopConfig shop) {
		HttpUrl url = request.getRequestUrl();
		Map<String, String> params = query(url);
		assertThat(params).containsEntry("oauth_consumer_key", CONSUMER_KEY)
			.containsEntry("oauth_signature_method", "HMAC-SHA256")
			.containsEntry("oauth_timestamp", Long.toString(CLOCK.instant().getEpochSecond()))
			.containsKeys("oauth_nonce", "oauth_signature");
		String expected = OAuth1Signer.signature(request.getMethod(), shop.baseUrl() + url.encodedPath(), params,
				CONSUMER_SECRET, OAuth1Signer.HMAC_SHA256);
		assertThat(params.get("oauth_signature")).isEqualTo(expected);
	}

	/** A captured exchange. */
	record Fixture(JsonNode json) {

		String requestMethod() {
			return this.json.path("request").path("method").stringValue();
		}

		/** Path including the query string exactly as sent. */
		String requestPath() {
			return this.json.path("request").path("path").stringValue();
		}

		String requestHeader(String name) {
			return this.json.path("request").path("headers").path(name).stringValue();
		}

		JsonNode requestBody() {
			return this.json.path("request").path("body");
		}

		int responseStatus() {
			return this.json.path("response").path("status").intValue();
		}

		JsonNode responseBody() {
			return this.json.path("response").path("body");
		}

		/**
		 * The captured response (status, headers in order, body) as a MockWebServer
		 * answer.
		 */
		MockResponse response() {
			return response(responseBody());
		}

		/** The captured response with a replaced body. */
		MockResponse response(JsonNode body) {
			MockResponse response = new MockResponse().setResponseCode(responseStatus());
			for (JsonNode header : this.json.path("response").path("headers")) {
				String name = header.get(0).stringValue();
				if (!SKIPPED_HEADERS.contains(name.toLowerCase(Locale.ROOT))) {
					response.addHeader(name, header.get(1).stringValue());
				}
			}
			return response.setBody(MAPPER.writeValueAsString(body));
		}

	}

}
