package io.stocksync.ingest.webhook;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;

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

}
