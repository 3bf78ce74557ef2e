package io.stocksync.bench;

import java.util.OptionalDouble;

import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * Reads one statistic of a service's metric from its actuator
 * ({@code /actuator/metrics/<name>}, summed over every tag), through {@link Stack#admin}.
 */
final class ActuatorMetrics {

	private static final JsonMapper JSON = JsonMapper.builder().build();

	private final Stack stack;

	ActuatorMetrics(Stack stack) {
		this.stack = stack;
	}

	/**
	 * The statistic ({@code COUNT}, {@code TOTAL_TIME}, {@code VALUE}, ...); empty when
	 * the service did not answer or has no such metric yet (a counter exists from its
	 * first increment).
	 */
	OptionalDouble statistic(String service, String metric, String statistic) {
		String body;
		try {
			body = this.stack.admin(service, "GET", "/actuator/metrics/" + metric);
		}
		catch (IllegalStateException ex) {
			return OptionalDouble.empty();
		}
		for (JsonNode measurement : JSON.readTree(body).path("measurements")) {
			if (statistic.equals(measurement.path("statistic").asString())) {
				return OptionalDouble.of(measurement.path("value").asDouble());
			}
		}
		return OptionalDouble.empty();
	}

}
