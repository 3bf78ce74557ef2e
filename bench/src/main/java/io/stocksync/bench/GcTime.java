package io.stocksync.bench;

import java.util.OptionalDouble;

/**
 * A service's time in garbage collection as a share of its uptime, from its own actuator
 * metrics ({@code jvm.gc.pause} total time over {@code process.uptime}). After a restart
 * (the first-order phase restarts the ledger and the propagator) it covers the running
 * process only.
 */
final class GcTime {

	private final ActuatorMetrics metrics;

	GcTime(Stack stack) {
		this.metrics = new ActuatorMetrics(stack);
	}

	/** GC pause time in percent of the uptime; empty when the service did not answer. */
	OptionalDouble percentOf(String service) {
		OptionalDouble paused = this.metrics.statistic(service, "jvm.gc.pause", "TOTAL_TIME");
		OptionalDouble uptime = this.metrics.statistic(service, "process.uptime", "VALUE");
		if (uptime.isEmpty() || uptime.getAsDouble() <= 0) {
			return OptionalDouble.empty();
		}
		// no pause recorded yet: the metric does not exist until the first collection
		return OptionalDouble.of(100 * paused.orElse(0) / uptime.getAsDouble());
	}

}
