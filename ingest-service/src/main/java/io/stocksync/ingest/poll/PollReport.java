package io.stocksync.ingest.poll;

import java.time.Instant;

/**
 * What one order poll of one shop did.
 *
 * @param shopId the shop
 * @param trigger why it ran ({@code schedule}, {@code admin}, {@code webhook-health})
 * @param modifiedAfter the instant asked for ({@code modified_after}: the watermark minus
 * the overlap)
 * @param orders orders the shop returned (distinct ids)
 * @param published orders published as snapshots (on Kafka or in the spool)
 * @param spooled of those, how many went to the spool because Kafka was away
 * @param unchanged orders already published in that state (e.g. by their webhook)
 * @param quarantined orders that could not be used, parked with the reason
 * @param watermark the watermark after the poll
 * @param error why the poll failed ({@code null} when it did not); the watermark then
 * stays where it was
 * @param startedAt when it started
 * @param finishedAt when it ended
 */
public record PollReport(String shopId, String trigger, Instant modifiedAfter, int orders, int published, int spooled,
		int unchanged, int quarantined, Instant watermark, String error, Instant startedAt, Instant finishedAt) {

	public boolean succeeded() {
		return this.error == null;
	}

}
