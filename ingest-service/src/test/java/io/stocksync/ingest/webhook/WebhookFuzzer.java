package io.stocksync.ingest.webhook;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.stream.Stream;

import io.stocksync.common.json.JsonMappers;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.JsonNodeFactory;
import tools.jackson.databind.node.ObjectNode;

/**
 * Makes garbled webhook deliveries from the captured WooCommerce deliveries (every
 * {@code wh-*} fixture, pings included) with a seeded {@link Random}, so that a failure
 * can be replayed. Each case applies one to three mutations; {@link #tried()} counts them
 * by kind.
 */
final class WebhookFuzzer {

	static final List<String> ORDER_TOPICS = List.of("order.created", "order.updated", "order.deleted",
			"order.restored");

	private static final List<String> WRONG_TOPICS = List.of("order.foo", "coupon.created", "customer.updated",
			"ORDER.UPDATED", "order.updated ", "", "product.deleted", "action.woocommerce_new_order", "order",
			"order.updated\tx", "\u00e9v\u00e9nement");

	private static final List<String> UNICODE = List.of("\u0000", "\ud800", "\udfff", "x\ud83d", "\ud83d\ude00",
			"\u202etxet", "\u200b", "\ufeff", "e\u0301\u0301\u0301", "\u4e2d\u6587SKU", "\uffff", "\n\r\t",
			"\u001b[31m", "'; drop table stock; --", "${jndi:ldap://x}", "%s%n%x");

	private static final List<String> NUMBERS = List.of("1e400", "-1e400", "99999999999999999999999999999",
			"-9223372036854775809", "9223372036854775807", "-1", "0", "1.5", "-0", "2147483648", "1E3", "0.0000001",
			"1000001");

	private static final List<String> DATES = List.of("0000-00-00T00:00:00", "+999999999-12-31T23:59:59",
			"2026-02-30T00:00:00", "1969-12-31T23:59:59", "2026-11-22T13:28:49+02:00", "2026-11-22", "yesterday",
			"2026-11-22T13:28:49.123456789Z", "9999-12-31T23:59:59Z", "");

	private static final List<String> FIELDS = List.of("id", "status", "line_items", "date_modified_gmt", "quantity",
			"sku", "meta_data", "product_id", "variation_id", "order_id", "qty", "line_item_id", "site_id", "value",
			"key");

	private final Random random;

	private final List<Seed> seeds;

	private final List<Seed> orderSeeds;

	private final Map<String, Integer> tried = new LinkedHashMap<>();

	WebhookFuzzer(long seed) {
		this.random = new Random(seed);
		this.seeds = loadSeeds();
		this.orderSeeds = this.seeds.stream().filter((candidate) -> candidate.topic().startsWith("order.")).toList();
	}

	/** A delivery to send: the topic header ({@code null}: none) and the body. */
	record Case(String topic, byte[] body, List<String> mutations) {
	}

	record Seed(String name, String topic, byte[] body) {
	}

	List<Seed> seeds() {
		return this.seeds;
	}

	Map<String, Integer> tried() {
		return this.tried;
	}

	Case next() {
		// Three in four start from an order delivery: product.* deliveries are ignored
		// whatever their body says.
		List<Seed> pool = (this.random.nextInt(4) == 0) ? this.seeds : this.orderSeeds;
		Seed seed = pool.get(this.random.nextInt(pool.size()));
		byte[] body = seed.body();
		List<String> mutations = new ArrayList<>();
		int count = 1 + this.random.nextInt(3);
		for (int i = 0; i < count; i++) {
			String kind = pick(List.of("truncate", "bit-flip", "splice", "invalid-utf8", "wrong-type", "huge-number",
					"deep-nesting", "unicode", "missing-field", "duplicate-key", "special-body", "simplified-format",
					"many-lines", "bad-date", "huge-string", "trailing-garbage"));
			body = mutate(kind, body);
			mutations.add(kind);
			this.tried.merge(kind, 1, Integer::sum);
		}
		String topic = seed.topic().equals("ping") ? pick(ORDER_TOPICS) : seed.topic();
		int roll = this.random.nextInt(10);
		if (roll == 0) {
			topic = pick(WRONG_TOPICS);
			mutations.add("wrong-topic");
			this.tried.merge("wrong-topic", 1, Integer::sum);
		}
		else if (roll == 1) {
			topic = null;
			mutations.add("no-topic-header");
			this.tried.merge("no-topic-header", 1, Integer::sum);
		}
		else if (roll == 2) {
			topic = pick(ORDER_TOPICS);
		}
		return new Case(topic, body, mutations);
	}

	private byte[] mutate(String kind, byte[] body) {
		return switch (kind) {
			case "truncate" -> java.util.Arrays.copyOf(body, this.random.nextInt(body.length + 1));
			case "bit-flip" -> bitFlip(body);
			case "splice" -> splice(body);
			case "invalid-utf8" -> insert(body,
					pick(List.of(new byte[] { (byte) 0xC0, (byte) 0x80 },
							new byte[] { (byte) 0xED, (byte) 0xA0, (byte) 0x80 }, new byte[] { (byte) 0xFF },
							new byte[] { (byte) 0xF8, (byte) 0x88, (byte) 0x80, (byte) 0x80, (byte) 0x80 },
							new byte[] { (byte) 0xE2, (byte) 0x82 }, new byte[] { 0 })));
			case "wrong-type", "huge-number", "unicode", "missing-field", "bad-date", "many-lines" -> json(kind, body);
			case "deep-nesting" -> deepNesting(body);
			case "duplicate-key" -> duplicateKey(body);
			case "special-body" -> pick(List.of("", " ", "null", "[]", "{}", "\"x\"", "123", "true", "{\"id\":",
					"\ufeff{\"id\":1,\"status\":\"processing\",\"line_items\":[]}", "{\"id\":1}{\"id\":2}",
					"[{\"id\":1}]", "webhook_id=5", "{\"id\":-5,\"status\":\"processing\",\"line_items\":[]}",
					"{\"id\":0,\"status\":\"processing\",\"line_items\":[]}"))
				.getBytes(StandardCharsets.UTF_8);
			case "simplified-format" -> simplified();
			case "huge-string" -> hugeString(body);
			case "trailing-garbage" -> concat(body, pick(List.of("}", "]]]", " x", "\u0000", ",{}", "\n\n{\"id\":9}"))
				.getBytes(StandardCharsets.UTF_8));
			default -> throw new IllegalArgumentException(kind);
		};
	}

	private byte[] json(String kind, byte[] body) {
		JsonNode root;
		try {
			root = JsonMappers.standard().readTree(body);
		}
		catch (RuntimeException ex) {
			return bitFlip(body); // already broken: garble further
		}
		if (root == null || !root.isObject()) {
			return body;
		}
		ObjectNode object = (ObjectNode) root;
		switch (kind) {
			case "wrong-type" -> replaceRandom(object, wrongValue());
			case "huge-number" -> {
				// Raw numbers such as 1e400 cannot be built as nodes: splice them in as
				// text, bare or quoted.
				String field = pick(
						List.of("id", "quantity", "order_id", "qty", "line_item_id", "product_id", "value"));
				String number = this.random.nextBoolean() ? pick(NUMBERS) : "\"" + pick(NUMBERS) + "\"";
				String json = escapeNonAscii(JsonMappers.standard().writeValueAsString(object));
				return json.replaceFirst("\"" + field + "\":(\"[^\"]*\"|[^,}\\]]*)", "\"" + field + "\":" + number)
					.getBytes(StandardCharsets.UTF_8);
			}
			case "unicode" -> {
				ObjectNode target = randomObject(object);
				String field = pick(List.of("sku", "status", "key", "value", "site_id", "date_modified_gmt", "name"));
				target.put(field, pick(UNICODE) + (this.random.nextBoolean() ? "WCP-MUG" : ""));
			}
			case "missing-field" -> {
				ObjectNode target = randomObject(object);
				target.remove(pick(FIELDS));
				if (this.random.nextBoolean()) {
					object.remove(pick(FIELDS));
				}
			}
			case "bad-date" -> object.put("date_modified_gmt", pick(DATES));
			case "many-lines" -> {
				ArrayNode lines = object.putArray("line_items");
				int count = pick(List.of(0, 1, 2001, 3000));
				for (int i = 0; i < count; i++) {
					lines.addObject().put("id", i + 1).put("sku", "S" + i).put("quantity", 1);
				}
			}
			default -> throw new IllegalArgumentException(kind);
		}
		// Jackson would refuse to write unpaired surrogates as UTF-8; write them escaped,
		// as PHP would.
		return escapeNonAscii(JsonMappers.standard().writeValueAsString(object)).getBytes(StandardCharsets.UTF_8);
	}

	private void replaceRandom(ObjectNode root, JsonNode value) {
		ObjectNode target = randomObject(root);
		List<String> names = new ArrayList<>(target.propertyNames());
		if (names.isEmpty()) {
			target.set("id", value);
			return;
		}
		target.set(pick(names), value);
	}

	/** The root, a line item, or a meta entry of a line item. */
	private ObjectNode randomObject(ObjectNode root) {
		JsonNode items = root.get("line_items");
		if (items != null && items.isArray() && !items.isEmpty() && this.random.nextBoolean()) {
			JsonNode item = items.get(this.random.nextInt(items.size()));
			if (item.isObject()) {
				JsonNode meta = item.get("meta_data");
				if (meta != null && meta.isArray() && !meta.isEmpty() && this.random.nextBoolean()
						&& meta.get(0).isObject()) {
					return (ObjectNode) meta.get(this.random.nextInt(meta.size()));
				}
				return (ObjectNode) item;
			}
		}
		return root;
	}

	private JsonNode wrongValue() {
		JsonNodeFactory nodes = JsonNodeFactory.instance;
		return switch (this.random.nextInt(8)) {
			case 0 -> nodes.stringNode(pick(List.of("", "abc", "12", " 7 ", "-3", "1.0", "0x10")));
			case 1 -> nodes.numberNode(this.random.nextLong());
			case 2 -> nodes.booleanNode(this.random.nextBoolean());
			case 3 -> nodes.nullNode();
			case 4 -> nodes.arrayNode().add(1).add("x");
			case 5 -> nodes.objectNode().put("id", 1);
			case 6 -> nodes.numberNode(this.random.nextDouble() * 1e12);
			default -> nodes.numberNode(new java.math.BigInteger("123456789012345678901234567890"));
		};
	}

	private byte[] deepNesting(byte[] body) {
		int depth = pick(List.of(200, 1500, 5000, 20000));
		String open = this.random.nextBoolean() ? "[" : "{\"a\":";
		String close = open.equals("[") ? "]" : "}";
		String nested = open.repeat(depth) + "1" + close.repeat(depth);
		if (this.random.nextBoolean()) {
			return nested.getBytes(StandardCharsets.UTF_8);
		}
		String json = new String(body, StandardCharsets.UTF_8);
		int at = json.indexOf("\"line_items\":");
		if (at < 0) {
			return ("{\"id\":1,\"status\":\"processing\",\"line_items\":" + nested + "}")
				.getBytes(StandardCharsets.UTF_8);
		}
		return (json.substring(0, at) + "\"deep\":" + nested + "," + json.substring(at))
			.getBytes(StandardCharsets.UTF_8);
	}

	private byte[] duplicateKey(byte[] body) {
		String json = new String(body, StandardCharsets.UTF_8);
		if (!json.startsWith("{")) {
			return body;
		}
		String duplicate = pick(
				List.of("\"id\":1,", "\"status\":\"cancelled\",", "\"line_items\":[],", "\"id\":\"x\","));
		return ("{" + duplicate + json.substring(1)).getBytes(StandardCharsets.UTF_8);
	}

	private byte[] simplified() {
		ObjectNode root = JsonNodeFactory.instance.objectNode();
		root.put("site_id", pick(List.of("shop1", "shop2", "", "SHOP1")));
		root.put("order_id", pick(List.of("17", "x", "-1", "99999999999999999999")));
		root.put("status", pick(List.of("processing", "cancelled", "", "\u00fcber")));
		ArrayNode lines = root.putArray("line_items");
		for (int i = 0; i < this.random.nextInt(4); i++) {
			ObjectNode line = lines.addObject();
			line.put("line_item_id", pick(List.of("1", "2", "a", "")));
			line.put("sku", pick(List.of("WCP-MUG", "", "\u00e4\u00f6\u00fc", " ")));
			line.put("qty", pick(List.of("2", "-1", "1.5", "1000000", "1000001", "")));
		}
		if (this.random.nextBoolean()) {
			root.put("date_modified_gmt", pick(DATES));
		}
		return JsonMappers.standard().writeValueAsBytes(root);
	}

	private byte[] hugeString(byte[] body) {
		int size = pick(List.of(1_000, 100_000, 300_000));
		String filler = "x".repeat(size);
		String json = new String(body, StandardCharsets.UTF_8);
		if (json.startsWith("{")) {
			return ("{\"filler\":\"" + filler + "\"," + json.substring(1)).getBytes(StandardCharsets.UTF_8);
		}
		return concat(body, filler.getBytes(StandardCharsets.UTF_8));
	}

	private byte[] bitFlip(byte[] body) {
		if (body.length == 0) {
			return new byte[] { (byte) this.random.nextInt(256) };
		}
		byte[] copy = body.clone();
		int flips = 1 + this.random.nextInt(8);
		for (int i = 0; i < flips; i++) {
			int at = this.random.nextInt(copy.length);
			copy[at] = (byte) (copy[at] ^ (1 << this.random.nextInt(8)));
		}
		return copy;
	}

	private byte[] splice(byte[] body) {
		if (body.length < 2) {
			return body;
		}
		int from = this.random.nextInt(body.length);
		int to = Math.min(body.length, from + 1 + this.random.nextInt(64));
		ByteArrayOutputStream out = new ByteArrayOutputStream();
		out.write(body, 0, from);
		switch (this.random.nextInt(3)) {
			case 0 -> {
				// delete
			}
			case 1 -> {
				out.write(body, from, to - from);
				out.write(body, from, to - from); // duplicate
			}
			default -> {
				byte[] noise = new byte[to - from];
				this.random.nextBytes(noise);
				out.write(noise, 0, noise.length);
			}
		}
		out.write(body, to, body.length - to);
		return out.toByteArray();
	}

	private byte[] insert(byte[] body, byte[] bytes) {
		int at = (body.length == 0) ? 0 : this.random.nextInt(body.length);
		ByteArrayOutputStream out = new ByteArrayOutputStream();
		out.write(body, 0, at);
		out.write(bytes, 0, bytes.length);
		out.write(body, at, body.length - at);
		return out.toByteArray();
	}

	private static byte[] concat(byte[] a, byte[] b) {
		byte[] both = java.util.Arrays.copyOf(a, a.length + b.length);
		System.arraycopy(b, 0, both, a.length, b.length);
		return both;
	}

	private static String escapeNonAscii(String json) {
		StringBuilder out = new StringBuilder(json.length());
		for (int i = 0; i < json.length(); i++) {
			char c = json.charAt(i);
			if (c > 0x7e) {
				out.append(String.format("\\u%04x", (int) c));
			}
			else {
				out.append(c);
			}
		}
		return out.toString();
	}

	private <T> T pick(List<T> values) {
		return values.get(this.random.nextInt(values.size()));
	}

	private static List<Seed> loadSeeds() {
		try {
			Path directory = Path.of(WebhookFuzzer.class.getResource("/wc-fixtures").toURI());
			try (Stream<Path> files = Files.list(directory)) {
				return files.map((file) -> file.getFileName().toString())
					.filter((name) -> name.startsWith("wh-") && name.endsWith(".json"))
					.sorted()
					.map((name) -> {
						WcFixture fixture = WcFixture.load(name.substring(0, name.length() - 5));
						return new Seed(name, fixture.topic(), fixture.rawBody());
					})
					.toList();
			}
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
		catch (URISyntaxException ex) {
			throw new IllegalStateException(ex);
		}
	}

}
