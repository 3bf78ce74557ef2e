package io.stocksync.ingest.system;

import java.time.Duration;

import jakarta.validation.constraints.NotBlank;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.util.unit.DataSize;
import org.springframework.validation.annotation.Validated;

/**
 * Settings of ingest-service.
 *
 * @param sitesFile the YAML file that lists the shops ({@code STOCKSYNC_SITES_FILE})
 * @param adminToken bearer token of the admin endpoints ({@code ADMIN_TOKEN})
 * @param topics topic names
 * @param maxBodySize largest webhook body accepted (413 above it)
 * @param kafkaAckTimeout how long a webhook waits for Kafka to acknowledge before it is answered 503
 */
@Validated
@ConfigurationProperties("stocksync")
public record IngestProperties(@NotBlank @DefaultValue("config/sites.yml") String sitesFile, String adminToken,
		@DefaultValue Topics topics, @DefaultValue("1MB") DataSize maxBodySize,
		@DefaultValue("10s") Duration kafkaAckTimeout) {

	/**
	 * @param orderEvents where order snapshots go
	 * @param quarantine where verified but unusable deliveries go
	 */
	public record Topics(@DefaultValue("stocksync.order-events") String orderEvents,
			@DefaultValue("stocksync.ingest-quarantine") String quarantine) {
	}

}
