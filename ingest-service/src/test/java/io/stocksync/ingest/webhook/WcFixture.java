package io.stocksync.ingest.webhook;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;

import io.stocksync.common.json.JsonMappers;
import tools.jackson.databind.JsonNode;

/**
 * A webhook delivery captured from a real WooCommerce 9.9.5 (see
 * src/test/resources/wc-fixtures).
 */
record WcFixture(String topic, byte[] rawBody, String signature, String secret, String contentType) {

	static WcFixture load(String name) {
		try (InputStream in = WcFixture.class.getResourceAsStream("/wc-fixtures/" + name + ".json")) {
			if (in == null) {
				throw new IllegalArgumentException("no fixture " + name);
			}
			JsonNode root = JsonMappers.standard().readTree(in);
			String signature = null;
			String contentType = null;
			for (JsonNode header : root.get("headers")) {
				String headerName = header.get(0).asString();
				if (headerName.equalsIgnoreCase("X-WC-Webhook-Signature")) {
					signature = header.get(1).asString();
				}
				if (headerName.equalsIgnoreCase("Content-Type")) {
					contentType = header.get(1).asString();
				}
			}
			return new WcFixture(root.get("topic").asString(),
					root.get("raw_body").asString().getBytes(StandardCharsets.UTF_8), signature,
					root.get("secret").asString(), contentType);
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
	}

}
