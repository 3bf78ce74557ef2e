package io.stocksync.ingest.webhook;

import java.nio.charset.StandardCharsets;
import java.security.InvalidKeyException;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.Provider;
import java.util.Base64;
import java.util.HashMap;
import java.util.Map;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

import com.amazon.corretto.crypto.provider.AmazonCorrettoCryptoProvider;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Checks {@code X-WC-Webhook-Signature} (and Shopify's {@code X-Shopify-Hmac-Sha256}, the
 * same construction): base64(HMAC-SHA256(webhook secret, raw body bytes)), compared in
 * constant time. Runs before anything parses the body.
 * <p>
 * Each thread keeps one keyed {@link Mac} per secret and reuses it: looking up the
 * provider and hashing the key on every webhook cost about as much as the body's own
 * HMAC, and cloning a keyed prototype instead still allocated a copy of its state (3 KB a
 * webhook, 7 % of ingest's allocation under the bench). {@link Mac#doFinal(byte[])}
 * leaves a Mac keyed and reset, ready for the next body; a Mac is never shared between
 * threads. A rotated secret simply gets a Mac of its own (a thread's map is emptied when
 * it holds more than {@value #MAX_KEYS}, far above any pool's shop count).
 * <p>
 * The HMAC comes from the Amazon Corretto Crypto Provider (ACCP, native AWS-LC code)
 * where its native library loads (Linux x86-64), else from the JDK. The services run with
 * C1 only (config/jvm.options), and C1 has no SHA-256 intrinsic: the JDK's HMAC of a 2.7
 * KB order took 18-50 µs there, a quarter of ingest's CPU per webhook at saturation;
 * ACCP's takes about 3 µs. Only this class uses it: it is not installed as a JVM-wide
 * provider.
 */
public final class SignatureVerifier {

	private static final Logger logger = LoggerFactory.getLogger(SignatureVerifier.class);

	private static final String ALGORITHM = "HmacSHA256";

	private static final Provider PROVIDER = nativeProviderOrJdk();

	private static final int MAX_KEYS = 1024;

	private static final ThreadLocal<Map<String, Mac>> KEYED = ThreadLocal.withInitial(HashMap::new);

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
		Map<String, Mac> macs = KEYED.get();
		Mac mac = macs.get(secret);
		if (mac == null) {
			if (macs.size() >= MAX_KEYS) {
				macs.clear();
			}
			mac = newKeyedMac(secret);
			macs.put(secret, mac);
		}
		try {
			return mac.doFinal(rawBody);
		}
		catch (RuntimeException ex) {
			// not left half-way through a body for the next one
			macs.remove(secret);
			throw ex;
		}
	}

	private static Mac newKeyedMac(String secret) {
		try {
			Mac mac = (PROVIDER != null) ? Mac.getInstance(ALGORITHM, PROVIDER) : Mac.getInstance(ALGORITHM);
			mac.init(new SecretKeySpec(secret.getBytes(StandardCharsets.UTF_8), ALGORITHM));
			return mac;
		}
		catch (NoSuchAlgorithmException | InvalidKeyException ex) {
			throw new IllegalStateException(ALGORITHM + " unavailable", ex);
		}
	}

	/** The provider of the signatures' HMAC: ACCP, or null for the JDK's. */
	static Provider provider() {
		return PROVIDER;
	}

	private static Provider nativeProviderOrJdk() {
		try {
			AmazonCorrettoCryptoProvider accp = AmazonCorrettoCryptoProvider.INSTANCE;
			if (accp.getLoadingError() == null) {
				logger.info("Webhook signatures: {} {} (native)", accp.getName(), accp.getVersionStr());
				return accp;
			}
			logger.info("Webhook signatures: the JDK's HmacSHA256 ({} could not load: {})", accp.getName(),
					accp.getLoadingError().toString());
		}
		catch (LinkageError ex) {
			logger.info("Webhook signatures: the JDK's HmacSHA256 (ACCP could not load: {})", ex.toString());
		}
		return null;
	}

}
