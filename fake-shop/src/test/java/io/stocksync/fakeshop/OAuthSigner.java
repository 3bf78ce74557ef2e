package io.stocksync.fakeshop;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * Test-side OAuth 1.0a one-legged signing, written after
 * {@code tools/wc.py oauth_params()}.
 */
final class OAuthSigner {

	private OAuthSigner() {
	}

	/** The oauth_* parameters including oauth_signature, in wc.py's order. */
	static Map<String, String> oauthParams(String method, String home, String path, Map<String, String> query,
			String consumerKey, String consumerSecret, String signatureMethod, String nonce, long timestamp) {
		Map<String, String> oauth = new LinkedHashMap<>();
		oauth.put("oauth_consumer_key", consumerKey);
		oauth.put("oauth_nonce", nonce);
		oauth.put("oauth_signature_method", signatureMethod);
		oauth.put("oauth_timestamp", Long.toString(timestamp));
		TreeMap<String, String> all = new TreeMap<>(query);
		all.putAll(oauth);
		List<String> pairs = new ArrayList<>();
		all.forEach((key, value) -> pairs.add(enc(key) + "=" + enc(value)));
		String base = method.toUpperCase() + "&" + enc(home + path) + "&" + enc(String.join("&", pairs));
		String algorithm = signatureMethod.equals("HMAC-SHA256") ? "HmacSHA256" : "HmacSHA1";
		try {
			Mac mac = Mac.getInstance(algorithm);
			mac.init(new SecretKeySpec((consumerSecret + "&").getBytes(StandardCharsets.UTF_8), algorithm));
			oauth.put("oauth_signature",
					Base64.getEncoder().encodeToString(mac.doFinal(base.getBytes(StandardCharsets.UTF_8))));
		}
		catch (Exception ex) {
			throw new IllegalStateException(ex);
		}
		return oauth;
	}

	/** RFC 3986, like Python's {@code quote(s, safe="~")}. */
	static String enc(String value) {
		StringBuilder out = new StringBuilder();
		for (byte b : value.getBytes(StandardCharsets.UTF_8)) {
			int c = b & 0xff;
			if ((c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '-' || c == '.'
					|| c == '_' || c == '~') {
				out.append((char) c);
			}
			else {
				out.append(String.format("%%%02X", c));
			}
		}
		return out.toString();
	}

	static String queryString(Map<String, String> params) {
		List<String> pairs = new ArrayList<>();
		params.forEach((key, value) -> pairs.add(enc(key) + "=" + enc(value)));
		return String.join("&", pairs);
	}

}
