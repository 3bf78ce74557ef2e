package io.stocksync.ledger.report;

import java.sql.Timestamp;
import java.time.Clock;

import io.stocksync.common.event.StockPlanningRequested;
import io.stocksync.ledger.system.InvalidEventException;

import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/**
 * Stores a SKU's reorder planning (the last request wins). Public for the listener and
 * the rebuild.
 */
@Service
public class PlanningService {

	private final JdbcClient jdbc;

	private final Clock clock;

	PlanningService(JdbcClient jdbc, Clock clock) {
		this.jdbc = jdbc;
		this.clock = clock;
	}

	@Transactional
	public void apply(StockPlanningRequested request) {
		if (request.sku() == null || request.sku().isBlank() || request.leadTimeDays() < 0
				|| request.safetyStock() < 0) {
			throw new InvalidEventException("planning needs a SKU, leadTimeDays >= 0 and safetyStock >= 0");
		}
		this.jdbc.sql("""
				insert into stock_planning (sku, lead_time_days, safety_stock, updated_at)
				values (:sku, :leadTime, :safetyStock, :now)
				on conflict (sku) do update
				   set lead_time_days = excluded.lead_time_days, safety_stock = excluded.safety_stock,
				       updated_at = excluded.updated_at
				""")
			.param("sku", request.sku())
			.param("leadTime", request.leadTimeDays())
			.param("safetyStock", request.safetyStock())
			.param("now", Timestamp.from(this.clock.instant()))
			.update();
	}

}
