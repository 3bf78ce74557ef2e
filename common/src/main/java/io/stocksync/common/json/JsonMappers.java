package io.stocksync.common.json;

import tools.jackson.databind.DeserializationFeature;
import tools.jackson.databind.json.JsonMapper;

/**
 * The one JSON mapper setup every service uses for events: ISO-8601 instants, unknown
 * properties ignored (events change by adding fields only, so consumers must tolerate
 * fields they do not know).
 */
public final class JsonMappers {

	private static final JsonMapper STANDARD = JsonMapper.builder()
		.disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
		.build();

	private JsonMappers() {
	}

	public static JsonMapper standard() {
		return STANDARD;
	}

}
