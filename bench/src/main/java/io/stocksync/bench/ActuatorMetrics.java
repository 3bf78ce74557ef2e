package io.stocksync.bench;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.OptionalDouble;

import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * Reads one statistic of a service's metric from its actuator
 * ({@code /actuator/metrics/<name>}, summed over every tag).
 */
final class ActuatorMetrics {

	private static final JsonMapper JSON = JsonMapper.builder().build();

	private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(3)).build();

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
		HttpRequest request = HttpRequest.newBuilder(URI.create(this.stack.url(service, "/actuator/metrics/" + metric)))
			.timeout(Duration.ofSeconds(10))
			.header("Authorization", "Bearer " + Stack.ADMIN_TOKEN)
			.build();
		try {
			HttpResponse<String> response = this.http.send(request, HttpResponse.BodyHandlers.ofString());
			if (response.statusCode() != 200) {
				return OptionalDouble.empty();
			}
			for (JsonNode measurement : JSON.readTree(response.body()).path("measurements")) {
				if (statistic.equals(measurement.path("statistic").asString())) {
					return OptionalDouble.of(measurement.path("value").asDouble());
				}
			}
			return OptionalDouble.empty();
		}
		catch (IOException ex) {
			return OptionalDouble.empty();
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			return OptionalDouble.empty();
		}
	}

}
