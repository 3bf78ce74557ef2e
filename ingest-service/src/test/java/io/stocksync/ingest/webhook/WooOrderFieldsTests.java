package io.stocksync.ingest.webhook;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;

import io.stocksync.common.event.OrderSnapshot;
import io.stocksync.common.json.JsonMappers;
import org.junit.jupiter.api.Test;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

/**
 * The order body read as only the fields the parser and the refund lookup use must give
 * what the whole tree gave: the same snapshot, the same refund decision, the same refusal
 * with the same message, for every captured delivery and for thousands of malformed ones;
 * the one difference is invalid UTF-8 inside a string nothing reads.
 */
class WooOrderFieldsTests {

	private static final String NOT_JSON = "not JSON: ";

	private static final String INVALID_UTF8 = NOT_JSON + "Invalid UTF-8";

	private final WooOrderParser parser = new WooOrderParser(
			Clock.fixed(Instant.parse("2026-11-22T13:30:00Z"), ZoneOffset.UTC));

	@Test
	void shouldReadEveryCapturedDeliveryAsTheWholeTreeDid() {
		List<WebhookFuzzer.Seed> seeds = new ArrayList<>(new WebhookFuzzer(1).seeds());
		seeds.add(new WebhookFuzzer.Seed("bundle", "order.updated",
				resource("/wc-bundles/order-bundle-processing.json")));
		seeds.add(new WebhookFuzzer.Seed("bundle-managed", "order.updated",
				resource("/wc-bundles/order-bundle-managed-container-processing.json")));
		int snapshots = 0;
		for (WebhookFuzzer.Seed seed : seeds) {
			String topic = seed.topic().startsWith("order.") ? seed.topic() : "order.updated";
			String whole = outcome(topic, seed.body(), JsonMappers.standard()::readTree);
			assertThat(outcome(topic, seed.body(), WooOrderFields::read)).as(seed.name()).isEqualTo(whole);
			snapshots += whole.startsWith("snapshot") ? 1 : 0;
		}
		// the captured orders (created, updated, refunded, deleted) and the bundles
		assertThat(snapshots).isGreaterThanOrEqualTo(12);
	}

	@Test
	void shouldAcceptAndRefuseMalformedDeliveriesExactlyAsTheWholeTreeDid() {
		WebhookFuzzer fuzzer = new WebhookFuzzer(20261202L);
		int accepted = 0;
		int unreadInvalidUtf8 = 0;
		for (int i = 0; i < 5000; i++) {
			WebhookFuzzer.Case delivery = fuzzer.next();
			String whole = outcome(delivery.topic(), delivery.body(), JsonMappers.standard()::readTree);
			String fields = outcome(delivery.topic(), delivery.body(), WooOrderFields::read);
			if (fields.startsWith(NOT_JSON) && whole.startsWith(NOT_JSON)) {
				// both refused as not JSON; where the parser noticed may differ (after a
				// second object, the filter reads on for more fields; an invalid sequence
				// in a string nothing reads is noticed at the next one)
				continue;
			}
			if (whole.startsWith(INVALID_UTF8)) {
				// The one difference: a string nothing reads is skipped without decoding,
				// so invalid UTF-8 in it (a customer's address, a product name) no longer
				// refuses the order. What is read must then be what the whole tree reads
				// from the body with the invalid bytes replaced.
				byte[] repaired = new String(delivery.body(), StandardCharsets.UTF_8).getBytes(StandardCharsets.UTF_8);
				whole = outcome(delivery.topic(), repaired, JsonMappers.standard()::readTree);
				unreadInvalidUtf8++;
			}
			assertThat(fields).as("case %d, mutations %s", i, delivery.mutations()).isEqualTo(whole);
			accepted += whole.startsWith("snapshot") ? 1 : 0;
		}
		// both kinds are compared: the fuzzer's bodies are not all refused
		assertThat(accepted).isBetween(100, 4900);
		assertThat(unreadInvalidUtf8).isLessThan(250);
	}

	@Test
	void shouldLeaveOutWhatNothingReads() {
		JsonNode order = WooOrderFields.read(WcFixture.load("wh-007-order_updated-orderA-processing").rawBody());

		assertThat(order.propertyNames()).containsExactlyInAnyOrder("id", "status", "line_items", "refunds",
				"date_modified_gmt");
		assertThat(order.get("line_items").get(0).propertyNames()).containsExactlyInAnyOrder("id", "product_id",
				"variation_id", "quantity", "meta_data", "sku");
		assertThat(order.get("line_items").get(0).get("meta_data").get(0).propertyNames())
			.containsExactlyInAnyOrder("key", "value");
	}

	@Test
	void shouldStillRefuseABodyThatIsNotJsonWhereverTheFault() {
		for (String body : List.of("{\"id\":1,\"billing\":{\"city\":\"Ber\u0001lin\"}}",
				"{\"id\":1,\"_links\":{\"self\":[1,2,}}", "{\"id\":1,\"total\":01}", "{\"id\":1} {\"id\":2}",
				"{\"id\":1} trailing")) {
			assertThatExceptionOfType(JacksonException.class).as(body)
				.isThrownBy(() -> WooOrderFields.read(body.getBytes(StandardCharsets.UTF_8)));
		}
		byte[] invalidUtf8 = { '{', '"', 'i', 'd', '"', ':', '1', ',', '"', 'n', 'o', 't', 'e', '"', ':', '"',
				(byte) 0xC3, (byte) 0x28, '"', '}' };
		assertThatExceptionOfType(JacksonException.class).isThrownBy(() -> WooOrderFields.read(invalidUtf8));
	}

	/* The snapshot (all but its random event id) and the refund decision, or why not. */
	private String outcome(String topic, byte[] body, Function<byte[], JsonNode> read) {
		JsonNode root;
		try {
			root = read.apply(body);
		}
		catch (JacksonException ex) {
			return NOT_JSON + ex.getOriginalMessage();
		}
		try {
			OrderSnapshot snapshot = this.parser.parse("shop1", topic, root, "webhook");
			return "snapshot " + snapshot.orderId() + " " + snapshot.topic() + " " + snapshot.status() + " "
					+ snapshot.dateModifiedGmt() + " " + snapshot.lines() + " " + snapshot.source() + " "
					+ snapshot.receivedAt() + " refunds " + RefundLookup.needsLookup(root, snapshot);
		}
		catch (UnusablePayloadException ex) {
			return "refused: " + ex.getMessage();
		}
	}

	private static byte[] resource(String name) {
		try (InputStream in = WooOrderFieldsTests.class.getResourceAsStream(name)) {
			return in.readAllBytes();
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
	}

}
