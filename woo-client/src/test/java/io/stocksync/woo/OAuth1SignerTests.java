package io.stocksync.woo;

import java.time.Clock;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import io.stocksync.woo.WooFixtures.Fixture;
import okhttp3.HttpUrl;
import org.junit.jupiter.api.Test;

import static io.stocksync.woo.WooFixtures.CAPTURE_HOME;
import static io.stocksync.woo.WooFixtures.CONSUMER_KEY;
import static io.stocksync.woo.WooFixtures.CONSUMER_SECRET;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

class OAuth1SignerTests {

	private static final Pattern HEADER_PARAM = Pattern.compile("(\\w+)=\"([^\"]*)\"");

	@Test
	void shouldReproduceHmacSha256QuerySignatureOfRealWooCommerce() {
		assertReproducesQuerySignature(WooFixtures.load("rest-28-oauth-nonce-first-use"), OAuth1Signer.HMAC_SHA256);
	}

	@Test
	void shouldReproduceHmacSha1QuerySignatureOfRealWooCommerce() {
		assertReproducesQuerySignature(WooFixtures.load("rest-32-oauth-hmac-sha1"), OAuth1Signer.HMAC_SHA1);
	}

	@Test
	void shouldReproduceAuthorizationHeaderOfRealWooCommerce() {
		Fixture fixture = WooFixtures.load("rest-31-oauth-in-authorization-header");
		String header = fixture.requestHeader("Authorization");
		Map<String, String> oauth = new LinkedHashMap<>();
		Matcher matcher = HEADER_PARAM.matcher(header);
		while (matcher.find()) {
			oauth.put(matcher.group(1), HttpUrl.get("http://x/?v=" + matcher.group(2)).queryParameter("v"));
		}
		HttpUrl url = HttpUrl.get(CAPTURE_HOME + fixture.requestPath());
		Map<String, String> query = WooFixtures.query(url);
		assertThat(query).containsOnlyKeys("per_page");

		Map<String, String> signed = OAuth1Signer.sign("GET", CAPTURE_HOME + url.encodedPath(), query, CONSUMER_KEY,
				CONSUMER_SECRET, OAuth1Signer.HMAC_SHA256, oauth.get("oauth_nonce"),
				Long.parseLong(oauth.get("oauth_timestamp")));

		assertThat(signed).isEqualTo(oauth);
		assertThat(OAuth1Signer.authorizationHeader(signed)).isEqualTo(header);
	}

	@Test
	void shouldNotMatchSignatureMadeWithWrongSecret() {
		Fixture fixture = WooFixtures.load("rest-23-error-401-wrong-consumer-secret");
		HttpUrl url = HttpUrl.get(CAPTURE_HOME + fixture.requestPath());
		Map<String, String> params = WooFixtures.query(url);

		String signature = OAuth1Signer.signature("GET", CAPTURE_HOME + url.encodedPath(), params, CONSUMER_SECRET,
				OAuth1Signer.HMAC_SHA256);

		assertThat(signature).isNotEqualTo(params.get("oauth_signature"));
	}

	@Test
	void shouldUseFreshNonceAndClockTimestampForEveryRequest() {
		Clock clock = WooFixtures.CLOCK;
		OAuth1Signer signer = new OAuth1Signer(CONSUMER_KEY, CONSUMER_SECRET, OAuth1Signer.HMAC_SHA256, clock);
		String url = CAPTURE_HOME + "/wp-json/wc/v3/products";

		Map<String, String> first = signer.sign("GET", url, Map.of("per_page", "1"));
		Map<String, String> second = signer.sign("GET", url, Map.of("per_page", "1"));

		assertThat(first.get("oauth_nonce")).matches("[0-9a-f]{32}").isNotEqualTo(second.get("oauth_nonce"));
		assertThat(first).containsEntry("oauth_timestamp", Long.toString(clock.instant().getEpochSecond()))
			.containsEntry("oauth_consumer_key", CONSUMER_KEY)
			.containsEntry("oauth_signature_method", "HMAC-SHA256");
		Map<String, String> params = new LinkedHashMap<>(first);
		params.put("per_page", "1");
		assertThat(first.get("oauth_signature"))
			.isEqualTo(OAuth1Signer.signature("GET", url, params, CONSUMER_SECRET, OAuth1Signer.HMAC_SHA256));
	}

	@Test
	void shouldPercentEncodePerRfc3986() {
		assertThat(OAuth1Signer.encode("a b+c/d=e~f*g:h\u20ac")).isEqualTo("a%20b%2Bc%2Fd%3De~f%2Ag%3Ah%E2%82%AC");
	}

	@Test
	void shouldRejectUnknownSignatureMethod() {
		assertThatIllegalArgumentException()
			.isThrownBy(() -> new OAuth1Signer(CONSUMER_KEY, CONSUMER_SECRET, "PLAINTEXT", WooFixtures.CLOCK));
	}

	@Test
	void shouldNotShowSecretInToString() {
		OAuth1Signer signer = new OAuth1Signer(CONSUMER_KEY, CONSUMER_SECRET, OAuth1Signer.HMAC_SHA256,
				WooFixtures.CLOCK);

		assertThat(signer.toString()).doesNotContain(CONSUMER_SECRET);
	}

	private static void assertReproducesQuerySignature(Fixture fixture, String algorithm) {
		HttpUrl url = HttpUrl.get(CAPTURE_HOME + fixture.requestPath());
		Map<String, String> params = WooFixtures.query(url);
		assertThat(params).containsEntry("oauth_signature_method", algorithm);

		String signature = OAuth1Signer.signature("GET", CAPTURE_HOME + url.encodedPath(), params, CONSUMER_SECRET,
				algorithm);

		assertThat(signature).isEqualTo(params.get("oauth_signature"));
		Map<String, String> query = new LinkedHashMap<>(params);
		query.keySet().removeIf((name) -> name.startsWith("oauth_"));
		assertThat(OAuth1Signer.sign("GET", CAPTURE_HOME + url.encodedPath(), query, CONSUMER_KEY, CONSUMER_SECRET,
				algorithm, params.get("oauth_nonce"), Long.parseLong(params.get("oauth_timestamp"))))
			.containsEntry("oauth_signature", params.get("oauth_signature"));
	}

}
