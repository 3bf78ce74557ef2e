package io.stocksync.ingest.system;

import io.micrometer.observation.ObservationPredicate;

import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.http.server.observation.ServerRequestObservationContext;

/**
 * No HTTP server observation for webhook deliveries: at thousands of deliveries per
 * second it was a noticeable share of a delivery's CPU (docs/benchmarks.md). The
 * {@code stocksync.webhooks} counters and the {@code stocksync.webhooks.ack} timer,
 * registered once per shop and outcome, measure them instead; every other endpoint keeps
 * {@code http.server.requests}.
 */
@Configuration(proxyBeanMethods = false)
class ObservationConfiguration {

	@Bean
	ObservationPredicate noWebhookRequestObservations() {
		return (name, context) -> !(context instanceof ServerRequestObservationContext request
				&& request.getCarrier() != null && request.getCarrier().getRequestURI().startsWith("/webhooks/"));
	}

}
