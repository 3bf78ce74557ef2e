package io.stocksync.ingest.webhook;

import java.nio.charset.StandardCharsets;
import java.security.InvalidKeyException;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Base64;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * Checks {@code X-WC-Webhook-Signature} (and Shopify's {@code X-Shopify-Hmac-Sha256}, the
 * same construction): base64(HMAC-SHA256(webhook secret, raw body bytes)), compared in
 * constant time. Runs before anything parses the body.
 */
public final class SignatureVerifier {

	private SignatureVerifier() {
	}

	public static boolean isValid(byte[] rawBody, String signatureHeader, String secret) {
		if (signatureHeader == null || signatureHeader.isBlank() || secret == null || secret.isEmpty()) {
			return false;
		}
		byte[] presented;
		try {
			presented = Base64.getDecoder().decode(signatureHeader.trim());
		}
		catch (IllegalArgumentException ex) {
			return false;
		}
		return MessageDigest.isEqual(sign(rawBody, secret), presented);
	}

	static byte[] sign(byte[] rawBody, String secret) {
		try {
			Mac mac = Mac.getInstance("HmacSHA256");
			mac.init(new SecretKeySpec(secret.getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
			return mac.doFinal(rawBody);
		}
		catch (NoSuchAlgorithmException | InvalidKeyException ex) {
			throw new IllegalStateException("HmacSHA256 unavailable", ex);
		}
	}

}
