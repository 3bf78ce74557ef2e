package io.stocksync.fakeshop;

import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.security.InvalidKeyException;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Clock;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * WooCommerce's one-legged OAuth 1.0a check for plain http
 * ({@code WC_REST_Authentication::perform_oauth_authentication}): missing oauth
 * parameters mean an anonymous request; otherwise key, signature, then timestamp and
 * nonce are checked, each failure a 401 {@code woocommerce_rest_authentication_error}
 * with WooCommerce's message.
 */
final class OAuth1Verifier {

	private static final long WINDOW_SECONDS = 15 * 60;

	private static final List<String> REQUIRED = List.of("oauth_consumer_key", "oauth_timestamp", "oauth_nonce",
			"oauth_signature", "oauth_signature_method");

	private static final Pattern HEADER_PARAM = Pattern.compile("(oauth_[a-z_-]*)=(?:\"([^\"]*)\"|([^,]*))");

	private final String homeUrl;

	private final String consumerKey;

	private final String consumerSecret;

	private final Clock clock;

	/**
	 * Used nonces keyed by timestamp, exactly like WooCommerce stores them (one nonce per
	 * timestamp survives).
	 */
	private final Map<Long, String> usedNonces = new HashMap<>();

	OAuth1Verifier(String homeUrl, String consumerKey, String consumerSecret, Clock clock) {
		this.homeUrl = homeUrl;
		this.consumerKey = consumerKey;
		this.consumerSecret = consumerSecret;
		this.clock = clock;
	}

	/**
	 * @param query decoded query parameters, PHP style: the last value of a repeated name
	 * wins
	 * @return true if authenticated, false if anonymous
	 * @throws WcError on a failed OAuth check
	 */
	synchronized boolean authenticate(String method, String rawPath, Map<String, String> query, String authorization) {
		Map<String, String> params = new LinkedHashMap<>(query);
		if (authorization != null && authorization.trim().startsWith("OAuth ")) {
			Matcher matcher = HEADER_PARAM.matcher(authorization.trim());
			while (matcher.find()) {
				String value = (matcher.group(2) != null && !matcher.group(2).isEmpty()) ? matcher.group(2)
						: matcher.group(3);
				// PHP urldecode(): '+' becomes a space (the signature check turns it
				// back).
				params.put(matcher.group(1), URLDecoder.decode(value, StandardCharsets.UTF_8));
			}
		}
		for (String name : REQUIRED) {
			String value = params.get(name);
			if (value == null || value.isEmpty()) {
				return false;
			}
		}
		if (!this.consumerKey.equals(params.get("oauth_consumer_key"))) {
			throw unauthorized("Consumer key is invalid.");
		}
		checkSignature(method, rawPath, params);
		checkTimestampAndNonce(params.get("oauth_timestamp"), params.get("oauth_nonce"));
		return true;
	}

	private void checkSignature(String method, String rawPath, Map<String, String> params) {
		// A '+' in a query value arrives as a space after form decoding; WooCommerce
		// turns it back.
		String provided = params.get("oauth_signature").replace(' ', '+');
		TreeMap<String, String> signed = new TreeMap<>();
		for (Map.Entry<String, String> entry : params.entrySet()) {
			if (!entry.getKey().equals("oauth_signature")) {
				signed.put(encode(entry.getKey()), encode(entry.getValue()));
			}
		}
		List<String> pairs = new ArrayList<>();
		signed.forEach((key, value) -> pairs.add(key + "=" + value));
		String base = method.toUpperCase() + "&" + encode(this.homeUrl + rawPath) + "&"
				+ encode(String.join("&", pairs));
		String algorithm = switch (params.get("oauth_signature_method")) {
			case "HMAC-SHA256" -> "HmacSHA256";
			case "HMAC-SHA1" -> "HmacSHA1";
			default -> throw unauthorized("Invalid signature - signature method is invalid.");
		};
		String expected = hmacBase64(algorithm, this.consumerSecret + "&", base);
		if (!MessageDigest.isEqual(expected.getBytes(StandardCharsets.US_ASCII),
				provided.getBytes(StandardCharsets.US_ASCII))) {
			throw unauthorized("Invalid signature - provided signature does not match.");
		}
	}

	private void checkTimestampAndNonce(String timestampValue, String nonce) {
		long now = this.clock.instant().getEpochSecond();
		long timestamp;
		try {
			timestamp = Long.parseLong(timestampValue.trim());
		}
		catch (NumberFormatException ex) {
			timestamp = 0;
		}
		if (timestamp < now - WINDOW_SECONDS || timestamp > now + WINDOW_SECONDS) {
			throw unauthorized("Invalid timestamp.");
		}
		if (this.usedNonces.containsValue(nonce)) {
			throw unauthorized("Invalid nonce - nonce has already been used.");
		}
		this.usedNonces.put(timestamp, nonce);
		this.usedNonces.keySet().removeIf((used) -> used < now - WINDOW_SECONDS);
	}

	/** RFC 3986 percent-encoding (PHP {@code rawurlencode}). */
	static String encode(String value) {
		StringBuilder out = new StringBuilder();
		for (byte b : value.getBytes(StandardCharsets.UTF_8)) {
			int c = b & 0xff;
			if ((c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '-' || c == '.'
					|| c == '_' || c == '~') {
				out.append((char) c);
			}
			else {
				out.append('%')
					.append(Character.toUpperCase(Character.forDigit(c >> 4, 16)))
					.append(Character.toUpperCase(Character.forDigit(c & 0xf, 16)));
			}
		}
		return out.toString();
	}

	static String hmacBase64(String algorithm, String key, String message) {
		try {
			Mac mac = Mac.getInstance(algorithm);
			mac.init(new SecretKeySpec(key.getBytes(StandardCharsets.UTF_8), algorithm));
			return Base64.getEncoder().encodeToString(mac.doFinal(message.getBytes(StandardCharsets.UTF_8)));
		}
		catch (NoSuchAlgorithmException | InvalidKeyException ex) {
			throw new IllegalStateException(ex);
		}
	}

	private static WcError unauthorized(String message) {
		return new WcError(401, "woocommerce_rest_authentication_error", message);
	}

}
