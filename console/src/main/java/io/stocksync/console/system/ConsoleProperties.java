package io.stocksync.console.system;

import java.time.Duration;

import jakarta.validation.Valid;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotBlank;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.validation.annotation.Validated;

/**
 * Settings of the console.
 *
 * @param ingestUrl base URL of ingest-service ({@code STOCKSYNC_INGEST_URL})
 * @param ledgerUrl base URL of ledger-service ({@code STOCKSYNC_LEDGER_URL})
 * @param propagatorUrl base URL of propagator-service ({@code STOCKSYNC_PROPAGATOR_URL})
 * @param adminToken the services' admin bearer token ({@code ADMIN_TOKEN}); used
 * server-side only
 * @param users {@code name:{bcrypt}hash:ROLE,...} ({@code CONSOLE_USERS}); roles
 * {@code viewer}, {@code operator}
 * @param user a single operator for local runs ({@code CONSOLE_USER}), with
 * {@code password}
 * @param password its password in clear ({@code CONSOLE_PASSWORD}), hashed with bcrypt at
 * start
 * @param connectTimeout TCP connect timeout of a call to a service
 * @param readTimeout whole-call timeout of a page's call to a service
 * @param jobTimeout whole-call timeout of a long job (rebuild, drift check of all shops,
 * mapping refresh, import)
 * @param downFor after a service did not answer, how long further calls fail at once
 * instead of waiting again
 * @param login the login throttle
 */
@ConfigurationProperties("stocksync.console")
@Validated
public record ConsoleProperties(@NotBlank @DefaultValue("http://localhost:8081") String ingestUrl,
		@NotBlank @DefaultValue("http://localhost:8082") String ledgerUrl,
		@NotBlank @DefaultValue("http://localhost:8083") String propagatorUrl, String adminToken, String users,
		String user, String password, @DefaultValue("2s") Duration connectTimeout,
		@DefaultValue("5s") Duration readTimeout, @DefaultValue("15m") Duration jobTimeout,
		@DefaultValue("5s") Duration downFor, @Valid @DefaultValue Login login) {

	/**
	 * Repeated wrong passwords slow down: after {@code freeFailures} failures of one user
	 * name or one address, each further attempt must wait {@code firstDelay}, doubling
	 * per failure up to {@code maxDelay}; failures older than {@code forgetAfter} are
	 * forgotten.
	 *
	 * @param freeFailures failures allowed without delay
	 * @param firstDelay first delay
	 * @param maxDelay longest delay
	 * @param forgetAfter how long a failure counts
	 */
	public record Login(@Min(1) @DefaultValue("3") int freeFailures, @DefaultValue("2s") Duration firstDelay,
			@DefaultValue("5m") Duration maxDelay, @DefaultValue("30m") Duration forgetAfter) {
	}

}
