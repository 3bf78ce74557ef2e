package io.stocksync.ingest.spool;

import org.springframework.boot.health.contributor.Health;
import org.springframework.boot.health.contributor.HealthIndicator;
import org.springframework.stereotype.Component;

/**
 * Shows the spool in {@code /actuator/health} ({@code pending} records not yet on Kafka).
 * Always UP: a spool that holds records is the service doing its job while Kafka is away,
 * so it must not take ingest out of readiness (a shop whose deliveries fail loses them).
 * Alert on the {@code stocksync.ingest.spool.pending} metric instead.
 */
@Component("spool")
class SpoolHealthIndicator implements HealthIndicator {

	private final DeliverySpool spool;

	SpoolHealthIndicator(DeliverySpool spool) {
		this.spool = spool;
	}

	@Override
	public Health health() {
		return Health.up()
			.withDetail("pending", this.spool.pending())
			.withDetail("directory", this.spool.directory().toString())
			.build();
	}

}
