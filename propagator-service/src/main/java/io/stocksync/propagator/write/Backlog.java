package io.stocksync.propagator.write;

import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.Map;

/**
 * Whether one shop's consumer is behind on the main topic, from what it reports per
 * partition (records still to read after the one it hands over). A partition with at
 * least {@code threshold} records to read, or with a record to read after one produced
 * before the shop's last resume, starts a hold; while any partition is still behind (any
 * record to read), the writer holds its writes (for at most {@code hold} at a time) so
 * that a backlog is written as each SKU's newest truth once. Fewer records are a steady
 * stream of fresh records, not a backlog: under a constant order rate the consumer is
 * nearly always a few records behind, and holding then would write each shop only once
 * per {@code hold}. What waited for a resume is a backlog whatever its size, on every
 * partition. Not thread-safe: its writer holds its lock.
 */
final class Backlog {

	/*
	 * A stand-in partition: "just resumed, the consumer has not said yet how far behind
	 * it is".
	 */
	static final int RESUMED = -1;

	private final Duration hold;

	private final long threshold;

	/* partition -> (records still to read, when reported) */
	private final Map<Integer, Behind> behind = new HashMap<>();

	private Instant holdingSince;

	/* The last resume: what was produced before it waited for it. */
	private Instant resumedAt;

	Backlog(Duration hold, long threshold) {
		this.hold = hold;
		this.threshold = threshold;
	}

	/**
	 * The consumer's position on a partition.
	 * @param remaining records still to read after the one handed over
	 * @param producedAt when the record handed over was produced ({@code null}: unknown)
	 * @return whether this report started a hold
	 */
	boolean report(int partition, long remaining, Instant producedAt, Instant now) {
		this.behind.remove(RESUMED); // the consumer speaks for itself now
		if (remaining > 0
				&& (this.holdingSince != null || remaining >= this.threshold || waitedForResume(producedAt))) {
			this.behind.put(partition, new Behind(remaining, now));
			if (this.holdingSince == null) {
				this.holdingSince = now;
				return true;
			}
			return false;
		}
		this.behind.remove(partition);
		return false;
	}

	/**
	 * The shop was resumed with changes waiting: hold until the consumer reports where it
	 * stands (or the hold passes).
	 */
	void resumed(Instant now) {
		this.behind.put(RESUMED, new Behind(1, now));
		this.resumedAt = now;
		if (this.holdingSince == null) {
			this.holdingSince = now;
		}
	}

	/**
	 * Whether a backlog is being held; stale reports (a revoked partition) are dropped.
	 */
	boolean holding(Instant now) {
		if (this.holdingSince == null) {
			return false;
		}
		this.behind.values().removeIf((b) -> b.reportedAt.plus(this.hold).isBefore(now));
		if (this.behind.isEmpty()) {
			this.holdingSince = null;
			return false;
		}
		return now.isBefore(this.holdingSince.plus(this.hold));
	}

	/** When the current hold runs out (only while {@link #holding}). */
	Instant holdEnds() {
		return this.holdingSince.plus(this.hold);
	}

	/**
	 * Called when a round goes out without a hold: if the hold ran out while still
	 * behind, what was gathered is written now, and a new hold starts.
	 */
	void roundStarted(Instant now) {
		if (this.holdingSince != null) {
			this.holdingSince = now;
		}
	}

	/*
	 * Produced before the last resume: it waited for it, as did the rest of what came
	 * while the shop was paused.
	 */
	private boolean waitedForResume(Instant producedAt) {
		return producedAt != null && this.resumedAt != null && producedAt.isBefore(this.resumedAt);
	}

	private record Behind(long remaining, Instant reportedAt) {
	}

}
