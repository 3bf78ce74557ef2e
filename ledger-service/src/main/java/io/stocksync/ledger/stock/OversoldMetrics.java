package io.stocksync.ledger.stock;

import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.binder.MeterBinder;

import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;

/**
 * {@code stocksync.ledger.oversold.skus}: SKUs whose on_hand is below zero right now
 * (read at scrape time); the orders behind them are at {@code GET /admin/oversells}.
 */
@Component
class OversoldMetrics implements MeterBinder {

	private final JdbcClient jdbc;

	OversoldMetrics(JdbcClient jdbc) {
		this.jdbc = jdbc;
	}

	@Override
	public void bindTo(MeterRegistry registry) {
		Gauge.builder("stocksync.ledger.oversold.skus", this::oversold)
			.description("SKUs with on_hand below zero")
			.register(registry);
	}

	private double oversold() {
		try {
			return this.jdbc.sql("select count(*) from stock where on_hand < 0").query(Long.class).single();
		}
		catch (RuntimeException ex) {
			return Double.NaN; // database away: readiness says so
		}
	}

}
