package io.stocksync.ingest.webhook;

import java.util.Base64;

/** {@code X-WC-Webhook-Signature} values for tests in other packages. */
public final class TestSignatures {

	private TestSignatures() {
	}

	public static String signature(byte[] body, String secret) {
		return Base64.getEncoder().encodeToString(SignatureVerifier.sign(body, secret));
	}

}
