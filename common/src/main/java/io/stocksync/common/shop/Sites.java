package io.stocksync.common.shop;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

import com.fasterxml.jackson.annotation.JsonProperty;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.DeserializationFeature;
import tools.jackson.dataformat.yaml.YAMLMapper;

/**
 * The configured shops, read from the sites file ({@code STOCKSYNC_SITES_FILE}, default
 * {@code config/sites.yml}):
 *
 * <pre>
 * sites:
 *   - id: shop1
 *     base-url: https://shop1.example.com
 *     consumer-key: ck_...
 *     consumer-secret: cs_...
 *     webhook-secret: ...
 *     auth: basic     # optional
 *     buffer: 0       # optional
 *     cap: 50         # optional
 *     share: 50       # optional, percent
 *     hide-below: 5   # optional
 *     hand-edits: restore  # optional: restore (default) | adopt
 * </pre>
 */
public final class Sites {

	private static final YAMLMapper YAML = YAMLMapper.builder()
		.enable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
		.disable(DeserializationFeature.FAIL_ON_NULL_FOR_PRIMITIVES)
		.build();

	private final Map<String, ShopConfig> byId;

	public Sites(List<ShopConfig> shops) {
		Map<String, ShopConfig> map = new LinkedHashMap<>();
		for (ShopConfig shop : shops) {
			if (map.putIfAbsent(shop.id(), shop) != null) {
				throw new IllegalArgumentException("site id '" + shop.id() + "' is configured twice");
			}
		}
		this.byId = Map.copyOf(map);
		this.order = List.copyOf(map.keySet());
	}

	private final List<String> order;

	/** Reads the sites file; a missing file is an error with the path in the message. */
	public static Sites load(Path file) {
		if (!Files.isRegularFile(file)) {
			throw new IllegalStateException("sites file " + file.toAbsolutePath()
					+ " not found (set STOCKSYNC_SITES_FILE to the YAML file that lists the shops)");
		}
		try (InputStream in = Files.newInputStream(file)) {
			return parse(in, file.toString());
		}
		catch (IOException ex) {
			throw new IllegalStateException("cannot read sites file " + file.toAbsolutePath() + ": " + ex.getMessage(),
					ex);
		}
	}

	static Sites parse(InputStream in, String name) {
		try {
			SitesFile parsed = YAML.readValue(in, SitesFile.class);
			if (parsed == null || parsed.sites() == null) {
				return new Sites(List.of());
			}
			return new Sites(parsed.sites());
		}
		catch (JacksonException | IllegalArgumentException | NullPointerException ex) {
			throw new IllegalStateException("invalid sites file " + name + ": " + ex.getMessage(), ex);
		}
	}

	public Optional<ShopConfig> find(String shopId) {
		return Optional.ofNullable(this.byId.get(shopId));
	}

	public List<ShopConfig> all() {
		return this.order.stream().map(this.byId::get).toList();
	}

	public Set<String> ids() {
		return new HashSet<>(this.order);
	}

	record SitesFile(@JsonProperty("sites") List<ShopConfig> sites) {
	}

}
