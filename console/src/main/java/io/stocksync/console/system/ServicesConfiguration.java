package io.stocksync.console.system;

import java.net.http.HttpClient;
import java.time.Clock;

import tools.jackson.databind.json.JsonMapper;

import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

@Configuration(proxyBeanMethods = false)
class ServicesConfiguration {

	@Bean
	Clock clock() {
		return Clock.systemUTC();
	}

	@Bean
	Services services(ConsoleProperties properties, JsonMapper json, Clock clock) {
		HttpClient http = HttpClient.newBuilder()
			.connectTimeout(properties.connectTimeout())
			.followRedirects(HttpClient.Redirect.NEVER)
			.build();
		return new Services(api("ingest", properties.ingestUrl(), properties, http, json, clock),
				api("ledger", properties.ledgerUrl(), properties, http, json, clock),
				api("propagator", properties.propagatorUrl(), properties, http, json, clock));
	}

	private static AdminApi api(String name, String url, ConsoleProperties properties, HttpClient http, JsonMapper json,
			Clock clock) {
		return new AdminApi(name, url, properties.adminToken(), http, json, properties.readTimeout(),
				properties.downFor(), clock);
	}

}
