package io.stocksync.ingest.webhook;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Base64;
import java.util.List;
import java.util.Random;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledOnOs;
import org.junit.jupiter.api.condition.OS;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import static org.assertj.core.api.Assertions.assertThat;

class SignatureVerifierTests {

	@ParameterizedTest
	@ValueSource(strings = { "wh-005-order_created-orderA-create-pending", "wh-007-order_updated-orderA-processing",
			"wh-008-product_updated-orderA-processing", "wh-020-order_updated-orderA-refund-restock",
			"wh-023-order_deleted-orderB-trash", "wh-201-order_created-php-checkout-order-processing" })
	void shouldAcceptSignaturesWooCommerceComputed(String fixture) {
		WcFixture delivery = WcFixture.load(fixture);

		assertThat(SignatureVerifier.isValid(delivery.rawBody(), delivery.signature(), delivery.secret())).isTrue();
	}

	@ParameterizedTest
	@ValueSource(strings = { "wh-007-order_updated-orderA-processing", "wh-023-order_deleted-orderB-trash" })
	void shouldRejectATamperedBodyAWrongSecretAndGarbage(String fixture) {
		WcFixture delivery = WcFixture.load(fixture);
		byte[] tampered = Arrays.copyOf(delivery.rawBody(), delivery.rawBody().length);
		tampered[tampered.length - 2] ^= 1;

		assertThat(SignatureVerifier.isValid(tampered, delivery.signature(), delivery.secret())).isFalse();
		assertThat(SignatureVerifier.isValid(delivery.rawBody(), delivery.signature(), "other-secret")).isFalse();
		assertThat(SignatureVerifier.isValid(delivery.rawBody(), "not base64 !!", delivery.secret())).isFalse();
		assertThat(SignatureVerifier.isValid(delivery.rawBody(), null, delivery.secret())).isFalse();
		assertThat(SignatureVerifier.isValid(delivery.rawBody(), "", delivery.secret())).isFalse();
		assertThat(SignatureVerifier.isValid("{}".getBytes(StandardCharsets.UTF_8), delivery.signature(),
				delivery.secret()))
			.isFalse();
	}

	@Test
	void shouldKeepEverySecretApartWhenThreadsVerifyAtOnce() throws Exception {
		List<String> secrets = List.of("secret-a", "secret-b", "secret-a-rotated", "wcpeer-webhook-secret-2026");
		ExecutorService threads = Executors.newFixedThreadPool(8);
		try {
			List<Future<Boolean>> checks = new ArrayList<>();
			for (int i = 0; i < 4000; i++) {
				int n = i;
				checks.add(threads.submit(() -> {
					byte[] body = ("{\"id\":" + n + "}").getBytes(StandardCharsets.UTF_8);
					String secret = secrets.get(n % secrets.size());
					String other = secrets.get((n + 1) % secrets.size());
					String signature = reference(body, secret);
					return SignatureVerifier.isValid(body, signature, secret)
							&& !SignatureVerifier.isValid(body, signature, other)
							&& !SignatureVerifier.isValid(body, reference(body, other), secret);
				}));
			}
			for (Future<Boolean> check : checks) {
				assertThat(check.get()).isTrue();
			}
		}
		finally {
			threads.shutdownNow();
		}
	}

	@Test
	@EnabledOnOs(value = OS.LINUX, architectures = "amd64")
	void shouldSignWithTheNativeProviderOnLinuxX64() {
		assertThat(SignatureVerifier.provider()).isNotNull();
		assertThat(SignatureVerifier.provider().getName()).isEqualTo("AmazonCorrettoCryptoProvider");
	}

	@Test
	void shouldSignExactlyAsTheJdkForAnyBodyAndSecret() throws Exception {
		Random random = new Random(13);
		for (int i = 0; i < 500; i++) {
			byte[] body = new byte[random.nextInt(6000)];
			random.nextBytes(body);
			// secrets longer than SHA-256's 64-byte block are hashed first
			char[] secret = new char[1 + random.nextInt(100)];
			for (int c = 0; c < secret.length; c++) {
				secret[c] = (char) (' ' + random.nextInt(95));
			}
			String key = new String(secret);

			assertThat(SignatureVerifier.isValid(body, reference(body, key), key))
				.as("body %d, secret %d chars", body.length, key.length())
				.isTrue();
		}
	}

	@Test
	void shouldSignBodyAfterBodyWithTheSameSecretOnOneThread() throws Exception {
		Random random = new Random(17);
		String secret = "wc-secret-reused";
		for (int i = 0; i < 200; i++) {
			byte[] body = new byte[random.nextInt(4000)];
			random.nextBytes(body);

			// the thread's Mac for this secret is reset after each body, signed or not
			assertThat(SignatureVerifier.isValid(body, reference(body, "another secret"), secret)).isFalse();
			assertThat(SignatureVerifier.isValid(body, reference(body, secret), secret)).as("body %d", i).isTrue();
		}
	}

	/* Computed from scratch, independently of the verifier's cached keys. */
	private static String reference(byte[] body, String secret) throws Exception {
		Mac mac = Mac.getInstance("HmacSHA256", "SunJCE");
		mac.init(new SecretKeySpec(secret.getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
		return Base64.getEncoder().encodeToString(mac.doFinal(body));
	}

}
