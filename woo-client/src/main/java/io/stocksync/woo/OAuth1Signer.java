package io.stocksync.woo;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.SecureRandom;
import java.time.Clock;
import java.util.Base64;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * One-legged OAuth 1.0a signing exactly as WooCommerce's {@code WC_REST_Authentication}
 * verifies it, which is the only authentication WooCommerce accepts over plain http.
 * <p>
 * Base string: {@code METHOD & enc(url) & enc(sorted "enc(k)=enc(v)" joined by "&")}
 * where {@code url} is the WordPress home URL plus the request path without a query, and
 * the parameters are all query parameters plus the {@code oauth_*} parameters except
 * {@code oauth_signature} (a JSON body is never signed). {@code enc} is RFC 3986
 * percent-encoding and the HMAC key is {@code consumerSecret + "&"} (there is no token
 * secret). Every call of {@link #sign(String, String, Map)} uses a fresh random nonce,
 * because WooCommerce rejects a nonce it has seen in the last 15 minutes, and the
 * injected clock's time, because it rejects timestamps more than 15 minutes off.
 * <p>
 * Instances are thread-safe. {@link #toString()} never shows the consumer secret.
 */
public final class OAuth1Signer {

	public static final String HMAC_SHA256 = "HMAC-SHA256";

	public static final String HMAC_SHA1 = "HMAC-SHA1";

	private static final HexFormat HEX = HexFormat.of();

	private static final char[] UPPER_HEX = "0123456789ABCDEF".toCharArray();

	private final String consumerKey;

	private final String consumerSecret;

	private final String algorithm;

	private final Clock clock;

	private final SecureRandom random = new SecureRandom();

	public OAuth1Signer(String consumerKey, String consumerSecret, String algorithm, Clock clock) {
		this.consumerKey = Objects.requireNonNull(consumerKey, "consumerKey");
		this.consumerSecret = Objects.requireNonNull(consumerSecret, "consumerSecret");
		this.algorithm = checkAlgorithm(algorithm);
		this.clock = Objects.requireNonNull(clock, "clock");
	}

	/**
	 * Signs one request with a fresh nonce and the current clock time.
	 * @param method HTTP method
	 * @param url home URL plus path, without a query string
	 * @param queryParams the query parameters that will be sent (without any
	 * {@code oauth_*} parameter)
	 * @return the {@code oauth_*} parameters to send, {@code oauth_signature} included,
	 * in WooCommerce's capture order
	 */
	public Map<String, String> sign(String method, String url, Map<String, String> queryParams) {
		byte[] nonce = new byte[16];
		this.random.nextBytes(nonce);
		return sign(method, url, queryParams, this.consumerKey, this.consumerSecret, this.algorithm,
				HEX.formatHex(nonce), this.clock.instant().getEpochSecond());
	}

	/**
	 * Signs one request with a given nonce and timestamp (deterministic; what
	 * {@link #sign(String, String, Map)} uses).
	 * @return {@code oauth_consumer_key}, {@code oauth_nonce},
	 * {@code oauth_signature_method}, {@code oauth_timestamp} and
	 * {@code oauth_signature}, in that order
	 */
	public static Map<String, String> sign(String method, String url, Map<String, String> queryParams,
			String consumerKey, String consumerSecret, String algorithm, String nonce, long timestamp) {
		Map<String, String> oauth = new LinkedHashMap<>();
		oauth.put("oauth_consumer_key", consumerKey);
		oauth.put("oauth_nonce", nonce);
		oauth.put("oauth_signature_method", checkAlgorithm(algorithm));
		oauth.put("oauth_timestamp", Long.toString(timestamp));
		Map<String, String> all = new LinkedHashMap<>(queryParams);
		all.putAll(oauth);
		oauth.put("oauth_signature", signature(method, url, all, consumerSecret, algorithm));
		return oauth;
	}

	/**
	 * The base64 signature WooCommerce expects.
	 * @param method HTTP method
	 * @param url home URL plus path, without a query string (e.g.
	 * {@code http://127.0.0.1:8080/wp-json/wc/v3/products})
	 * @param params query and {@code oauth_*} parameters, decoded; an
	 * {@code oauth_signature} entry is ignored
	 * @param consumerSecret the consumer secret
	 * @param algorithm {@link #HMAC_SHA256} or {@link #HMAC_SHA1}
	 */
	public static String signature(String method, String url, Map<String, String> params, String consumerSecret,
			String algorithm) {
		String jcaName = switch (checkAlgorithm(algorithm)) {
			case HMAC_SHA1 -> "HmacSHA1";
			default -> "HmacSHA256";
		};
		try {
			Mac mac = Mac.getInstance(jcaName);
			// WooCommerce uses the raw secret (not RFC 3986 encoded) as the key, unlike
			// the OAuth spec.
			mac.init(new SecretKeySpec((consumerSecret + "&").getBytes(StandardCharsets.UTF_8), jcaName));
			byte[] digest = mac.doFinal(baseString(method, url, params).getBytes(StandardCharsets.UTF_8));
			return Base64.getEncoder().encodeToString(digest);
		}
		catch (GeneralSecurityException ex) {
			throw new IllegalStateException(jcaName + " is not available", ex);
		}
	}

	/**
	 * The OAuth signature base string; parameters are sorted by their encoded names, as
	 * WooCommerce does.
	 */
	public static String baseString(String method, String url, Map<String, String> params) {
		Map<String, String> sorted = new TreeMap<>();
		params.forEach((name, value) -> {
			if (!"oauth_signature".equals(name)) {
				sorted.put(encode(name), encode(value));
			}
		});
		StringBuilder normalized = new StringBuilder();
		sorted.forEach((name, value) -> {
			if (normalized.length() > 0) {
				normalized.append('&');
			}
			normalized.append(name).append('=').append(value);
		});
		return method.toUpperCase(java.util.Locale.ROOT) + "&" + encode(url) + "&" + encode(normalized.toString());
	}

	/**
	 * {@code Authorization: OAuth k="v", ...} value for the header form (values RFC 3986
	 * encoded, as in rest-31).
	 */
	public static String authorizationHeader(Map<String, String> oauthParams) {
		StringBuilder header = new StringBuilder("OAuth ");
		oauthParams.forEach((name, value) -> {
			if (header.length() > 6) {
				header.append(", ");
			}
			header.append(encode(name)).append("=\"").append(encode(value)).append('"');
		});
		return header.toString();
	}

	/**
	 * RFC 3986 percent-encoding of the UTF-8 bytes: only {@code A-Z a-z 0-9 - . _ ~} stay
	 * as they are.
	 */
	public static String encode(String value) {
		byte[] bytes = value.getBytes(StandardCharsets.UTF_8);
		StringBuilder encoded = new StringBuilder(bytes.length + 16);
		for (byte b : bytes) {
			char c = (char) (b & 0xFF);
			if ((c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '-' || c == '.'
					|| c == '_' || c == '~') {
				encoded.append(c);
			}
			else {
				encoded.append('%').append(UPPER_HEX[(b >> 4) & 0x0F]).append(UPPER_HEX[b & 0x0F]);
			}
		}
		return encoded.toString();
	}

	private static String checkAlgorithm(String algorithm) {
		if (!HMAC_SHA256.equals(algorithm) && !HMAC_SHA1.equals(algorithm)) {
			throw new IllegalArgumentException("unsupported OAuth signature method: " + algorithm);
		}
		return algorithm;
	}

	@Override
	public String toString() {
		return "OAuth1Signer[consumerKey=" + this.consumerKey + ", algorithm=" + this.algorithm + ", secret=***]";
	}

}
