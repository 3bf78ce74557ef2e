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
 * A service's time in garbage collection as a share of its uptime, from its own actuator
 * metrics ({@code jvm.gc.pause} total time over {@code process.uptime}). After a restart
 * (the first-order phase restarts the ledger and the propagator) it covers the running
 * process only.
 */
final class GcTime {

	private static final JsonMapper JSON = JsonMapper.builder().build();

	private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(3)).build();

	private final Stack stack;

	GcTime(Stack stack) {
		this.stack = stack;
	}

	/** GC pause time in percent of the uptime; empty when the service did not answer. */
	OptionalDouble percentOf(String service) {
		OptionalDouble paused = statistic(service, "jvm.gc.pause", "TOTAL_TIME");
		OptionalDouble uptime = statistic(service, "process.uptime", "VALUE");
		if (uptime.isEmpty() || uptime.getAsDouble() <= 0) {
			return OptionalDouble.empty();
		}
		// no pause recorded yet: the metric does not exist until the first collection
		return OptionalDouble.of(100 * paused.orElse(0) / uptime.getAsDouble());
	}

	private OptionalDouble statistic(String service, String metric, String statistic) {
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
