package io.stocksync.fakeshop;

import java.net.URI;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.LinkedHashMap;
import java.util.Map;

import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

/**
 * The verifier against requests WooCommerce really accepted or rejected, with the
 * captured credentials.
 */
class OAuth1VerifierTests {

	@Test
	void shouldAcceptCapturedQuerySignedRequests() {
		for (String name : new String[] { "rest-28-oauth-nonce-first-use.json", "rest-32-oauth-hmac-sha1.json",
				"rest-01-products-list-page1.json", "rest-09-product-put-stock.json",
				"rest-w05-orderA-create-pending.json" }) {
			JsonNode request = Fixtures.load(name).get("request");
			assertThat(authenticate(request)).as(name).isTrue();
		}
	}

	@Test
	void shouldAcceptCapturedAuthorizationHeader() {
		JsonNode request = Fixtures.load("rest-31-oauth-in-authorization-header.json").get("request");
		assertThat(request.get("headers").get("Authorization").asString()).startsWith("OAuth ");
		assertThat(authenticate(request)).isTrue();
	}

	@Test
	void shouldRejectCapturedWrongSecretLikeWooCommerce() {
		JsonNode fixture = Fixtures.load("rest-23-error-401-wrong-consumer-secret.json");
		assertThatExceptionOfType(WcError.class).isThrownBy(() -> authenticate(fixture.get("request")))
			.satisfies((error) -> assertThat(error.body()).isEqualTo(fixture.get("response").get("body")));
	}

	@Test
	void shouldTreatCapturedBasicAuthAsAnonymous() {
		JsonNode request = Fixtures.load("rest-25-error-401-basic-auth-over-http.json").get("request");
		assertThat(authenticate(request)).isFalse();
	}

	@Test
	void shouldProduceTheCapturedSignatureWithTheTestSigner() {
		JsonNode request = Fixtures.load("rest-28-oauth-nonce-first-use.json").get("request");
		Map<String, String> query = query(request);
		Map<String, String> plain = new LinkedHashMap<>(query);
		plain.keySet().removeIf((key) -> key.startsWith("oauth_"));
		Map<String, String> signed = OAuthSigner.oauthParams("GET", Fixtures.CAPTURED_HOME, path(request), plain,
				Fixtures.CAPTURED_KEY, Fixtures.CAPTURED_SECRET, query.get("oauth_signature_method"),
				query.get("oauth_nonce"), Long.parseLong(query.get("oauth_timestamp")));
		assertThat(signed.get("oauth_signature")).isEqualTo(query.get("oauth_signature"));
	}

	private static boolean authenticate(JsonNode request) {
		Map<String, String> query = query(request);
		String timestamp = query.get("oauth_timestamp");
		String header = request.get("headers").path("Authorization").asString(null);
		if (timestamp == null && header != null && header.startsWith("OAuth ")) {
			timestamp = header.replaceAll(".*oauth_timestamp=\"(\\d+)\".*", "$1");
		}
		Instant now = (timestamp != null) ? Instant.ofEpochSecond(Long.parseLong(timestamp)) : Instant.now();
		OAuth1Verifier verifier = new OAuth1Verifier(Fixtures.CAPTURED_HOME, Fixtures.CAPTURED_KEY,
				Fixtures.CAPTURED_SECRET, Clock.fixed(now, ZoneOffset.UTC));
		return verifier.authenticate(request.get("method").asString(), path(request), query, header);
	}

	private static String path(JsonNode request) {
		return URI.create(request.get("path").asString()).getRawPath();
	}

	private static Map<String, String> query(JsonNode request) {
		Map<String, String> query = new LinkedHashMap<>();
		PhpUrls.parseQuery(URI.create(request.get("path").asString()).getRawQuery())
			.forEach((entry) -> query.put(entry.getKey(), entry.getValue()));
		return query;
	}

}
