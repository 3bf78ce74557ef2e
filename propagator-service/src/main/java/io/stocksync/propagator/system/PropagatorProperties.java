package io.stocksync.propagator.system;

import java.time.Duration;

import jakarta.validation.constraints.NotBlank;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.validation.annotation.Validated;

/**
 * Settings of propagator-service.
 *
 * @param sitesFile the YAML file that lists the shops ({@code STOCKSYNC_SITES_FILE})
 * @param adminToken bearer token of the admin endpoints ({@code ADMIN_TOKEN})
 * @param topics topic names
 * @param http timeouts of calls to the shops
 * @param push how failed pushes are retried
 * @param mappingRefreshInterval how often each shop's catalogue is read again for the SKU mapping
 */
@Validated
@ConfigurationProperties("stocksync")
public record PropagatorProperties(@NotBlank @DefaultValue("config/sites.yml") String sitesFile, String adminToken,
		@DefaultValue Topics topics, @DefaultValue Http http, @DefaultValue Push push,
		@DefaultValue("10m") Duration mappingRefreshInterval) {

	/** @param stockChanged the stock changes consumed, one consumer group per shop */
	public record Topics(@DefaultValue("stocksync.stock-changed") String stockChanged) {
	}

	/**
	 * @param connectTimeout TCP connect timeout
	 * @param readTimeout socket read timeout
	 * @param callTimeout whole-call timeout
	 */
	public record Http(@DefaultValue("5s") Duration connectTimeout, @DefaultValue("30s") Duration readTimeout,
			@DefaultValue("60s") Duration callTimeout) {
	}

	/**
	 * @param initialBackoff first pause after a failed push to a shop
	 * @param maxBackoff longest pause between retries; a shop that stays down is retried at this pace
	 * @param groupIdPrefix consumer group of shop X is this prefix followed by X
	 */
	public record Push(@DefaultValue("1s") Duration initialBackoff, @DefaultValue("30s") Duration maxBackoff,
			@DefaultValue("propagator-") String groupIdPrefix) {
	}

}
