package io.stocksync.fakeshop;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.HexFormat;
import java.util.List;

import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

import static org.assertj.core.api.Assertions.assertThat;

/** The encoder and the signature against every captured webhook delivery. */
class PhpJsonTests {

	@Test
	void shouldReEncodeEveryCapturedWebhookBodyByteIdentically() throws Exception {
		List<String> names = Fixtures.names("wh-");
		assertThat(names).hasSizeGreaterThanOrEqualTo(38);
		int jsonBodies = 0;
		for (String name : names) {
			JsonNode fixture = Fixtures.load(name);
			byte[] raw = fixture.get("raw_body").asString().getBytes(StandardCharsets.UTF_8);
			assertThat(HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(raw))).as(name)
				.isEqualTo(fixture.get("raw_body_sha256_hex").asString());
			if (raw[0] != '{') {
				continue;
			}
			jsonBodies++;
			byte[] encoded = PhpJson.encode(Fixtures.MAPPER.readTree(raw));
			assertThat(new String(encoded, StandardCharsets.US_ASCII)).as(name)
				.isEqualTo(new String(raw, StandardCharsets.US_ASCII));
			assertThat(encoded).as(name).isEqualTo(raw);
		}
		assertThat(jsonBodies).isEqualTo(34);
	}

	@Test
	void shouldSignEveryCapturedWebhookBodyLikeWooCommerce() {
		for (String name : Fixtures.names("wh-")) {
			JsonNode fixture = Fixtures.load(name);
			String header = Fixtures.header(fixture.get("headers"), "X-WC-Webhook-Signature");
			if (header == null) {
				// The creation ping is not signed.
				assertThat(fixture.get("topic").asString()).isEqualTo("ping");
				continue;
			}
			byte[] raw = fixture.get("raw_body").asString().getBytes(StandardCharsets.UTF_8);
			assertThat(WebhookDispatcher.signature(fixture.get("secret").asString(), raw)).as(name).isEqualTo(header);
		}
	}

	@Test
	void shouldEscapeLikePhp() {
		JsonNode node = Fixtures.MAPPER
			.readTree("{\"a\":\"http://x/\\u20ac \\\"q\\\" \\n\\u0001 <b>\",\"f\":12.5,\"g\":20.0,\"n\":null}");
		assertThat(PhpJson.encodeToString(node))
			.isEqualTo("{\"a\":\"http:\\/\\/x\\/\\u20ac \\\"q\\\" \\n\\u0001 <b>\",\"f\":12.5,\"g\":20.0,\"n\":null}");
	}

}
