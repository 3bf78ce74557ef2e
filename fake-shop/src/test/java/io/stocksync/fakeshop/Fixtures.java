package io.stocksync.fakeshop;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.URL;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.List;
import java.util.stream.Stream;

import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * The captured WooCommerce 9.9.5 exchanges, copied to
 * {@code src/test/resources/wc-fixtures}.
 */
final class Fixtures {

	static final JsonMapper MAPPER = JsonMapper.builder().build();

	static final String CAPTURED_HOME = "http://127.0.0.1:8080";

	static final String CAPTURED_KEY = "ck_8e42c20e43841697519d148e5012e085f0640eae";

	static final String CAPTURED_SECRET = "cs_1c8f30f790c1f0936f37f280706cec07304bbaf7";

	private Fixtures() {
	}

	static JsonNode load(String name) {
		try (InputStream in = Fixtures.class.getResourceAsStream("/wc-fixtures/" + name)) {
			if (in == null) {
				throw new IllegalArgumentException("no fixture " + name);
			}
			return MAPPER.readTree(in);
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
	}

	static List<String> names(String prefix) {
		URL dir = Fixtures.class.getResource("/wc-fixtures");
		try (Stream<Path> files = Files.list(Paths.get(dir.toURI()))) {
			return files.map((file) -> file.getFileName().toString())
				.filter((name) -> name.startsWith(prefix) && name.endsWith(".json"))
				.sorted()
				.toList();
		}
		catch (Exception ex) {
			throw new IllegalStateException(ex);
		}
	}

	/** A header of a fixture ([name, value] pairs). */
	static String header(JsonNode headers, String name) {
		for (JsonNode pair : headers) {
			if (pair.get(0).asString().equalsIgnoreCase(name)) {
				return pair.get(1).asString();
			}
		}
		return null;
	}

	/**
	 * Keys of every object, recursively, in order: two JSON documents with the same shape
	 * give the same string.
	 */
	static String shape(JsonNode node) {
		StringBuilder out = new StringBuilder();
		shape(node, out);
		return out.toString();
	}

	private static void shape(JsonNode node, StringBuilder out) {
		if (node.isObject()) {
			out.append('{');
			node.properties().forEach((entry) -> {
				out.append(entry.getKey()).append(':');
				shape(entry.getValue(), out);
				out.append(',');
			});
			out.append('}');
		}
		else if (node.isArray()) {
			out.append('[');
			if (!node.isEmpty()) {
				shape(node.get(0), out);
			}
			out.append(']');
		}
	}

}
