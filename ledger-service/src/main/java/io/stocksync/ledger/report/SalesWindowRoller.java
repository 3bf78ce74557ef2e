package io.stocksync.ledger.report;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.stereotype.Component;

/**
 * Moves the report windows to the new day soon after midnight (UTC), so that the first
 * report of a day does not pay for it. A no-op on every other run; a failed run is
 * retried on the next.
 */
@Component
class SalesWindowRoller {

	private static final Logger logger = LoggerFactory.getLogger(SalesWindowRoller.class);

	private final SalesBook sales;

	SalesWindowRoller(SalesBook sales) {
		this.sales = sales;
	}

	@Scheduled(initialDelayString = "${stocksync.reports.roll-interval:5m}",
			fixedDelayString = "${stocksync.reports.roll-interval:5m}")
	void roll() {
		try {
			this.sales.roll();
		}
		catch (RuntimeException ex) { // e.g. the database is away: the next run tries
										// again
			logger.warn("Could not move the sales report windows to today: {}", ex.getMessage());
		}
	}

}
