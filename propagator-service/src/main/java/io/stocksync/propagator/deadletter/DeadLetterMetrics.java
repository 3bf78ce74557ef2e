package io.stocksync.propagator.deadletter;

import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.binder.MeterBinder;
import io.stocksync.common.shop.ShopConfig;
import io.stocksync.common.shop.Sites;

import org.springframework.stereotype.Component;

/**
 * {@code stocksync.propagator.dlt.open{shop}}: dead letters of a shop not replayed yet
 * (read at scrape time).
 */
@Component
class DeadLetterMetrics implements MeterBinder {

	private final Sites sites;

	private final DeadLetterRepository repository;

	DeadLetterMetrics(Sites sites, DeadLetterRepository repository) {
		this.sites = sites;
		this.repository = repository;
	}

	@Override
	public void bindTo(MeterRegistry registry) {
		for (ShopConfig shop : this.sites.all()) {
			Gauge.builder("stocksync.propagator.dlt.open", () -> open(shop.id()))
				.description("dead letters not replayed yet")
				.tag("shop", shop.id())
				.register(registry);
		}
	}

	private double open(String shopId) {
		try {
			return this.repository.countOpen(shopId);
		}
		catch (RuntimeException ex) {
			return Double.NaN; // database away: readiness says so
		}
	}

}
