package io.stocksync.support;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * What every service reads the same way.
 *
 * @param sitesFile the YAML file that lists the shops ({@code STOCKSYNC_SITES_FILE})
 * @param adminToken the bearer token of {@code /admin/**} ({@code ADMIN_TOKEN}); while
 * empty, admin endpoints answer 401
 * @param apiDescription the description of the service's OpenAPI document
 * @param kafkaHealth whether Kafka's health is part of readiness (off where a service
 * must stay ready without Kafka, like ingest, which spools)
 */
@ConfigurationProperties("stocksync")
public record ServiceProperties(@DefaultValue("config/sites.yml") String sitesFile, String adminToken,
		@DefaultValue("") String apiDescription, @DefaultValue("true") boolean kafkaHealth) {

	@Override
	public String toString() {
		return "ServiceProperties[sitesFile=" + this.sitesFile + ", adminToken=***]";
	}

}
