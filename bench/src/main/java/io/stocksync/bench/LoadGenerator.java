package io.stocksync.bench;

import java.io.IOException;
import java.lang.management.GarbageCollectorMXBean;
import java.lang.management.ManagementFactory;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.locks.LockSupport;

import io.stocksync.bench.Webhooks.Delivery;

/**
 * Sends prebuilt webhook deliveries to ingest over {@code connections} keep-alive
 * connections, either as fast as possible or open-loop at a target rate. At a target rate
 * the n-th delivery is due at {@code start + n / rate} and its latency is counted from
 * that due time, so a stalled server is not hidden by the generator waiting for it (no
 * coordinated omission). A pause of this JVM's own collector stalls every sender thread
 * and counts in the latencies just like a stalled server: a step calls
 * {@link #startClean()} before it reads the CPU counters it reports, and each run reports
 * the collections that still fell inside it ({@link OwnGc}).
 */
final class LoadGenerator {

	/** WooCommerce waits 60 s for an answer; so do we. */
	private static final int TIMEOUT_MILLIS = 60_000;

	private LoadGenerator() {
	}

	/** What happened to one delivery. */
	interface Listener {

		/** Called before the delivery is sent (from a sender thread). */
		default void sending(int index, Delivery delivery, long dueNanos) {
		}

		/** Called with the answer: status 0 is an I/O error or timeout. */
		void answered(int index, Delivery delivery, int status, String body, long dueNanos, long doneNanos);

	}

	/**
	 * Collects the bench's garbage so far (earlier phases, the deliveries just built), so
	 * that no collection of this JVM's falls inside the next run. Call it before reading
	 * the CPU counters of the step: the collection's CPU (the collector's threads of this
	 * JVM) is not the step's.
	 */
	static void startClean() {
		System.gc();
	}

	/** Runs until every delivery is answered. {@code rate <= 0}: as fast as possible. */
	static Result run(List<Delivery> deliveries, int port, int connections, double rate, Listener listener) {
		int n = deliveries.size();
		long[] latencies = new long[n];
		long[] dues = new long[n];
		int[] statuses = new int[n];
		AtomicInteger next = new AtomicInteger();
		OwnGc gcBefore = OwnGc.now();
		long start = System.nanoTime() + 20_000_000L;
		long startEpochMillis = System.currentTimeMillis() + 20;
		List<Thread> threads = new ArrayList<>();
		for (int c = 0; c < Math.max(1, connections); c++) {
			Thread thread = new Thread(() -> {
				try (HttpConnection connection = new HttpConnection(port, TIMEOUT_MILLIS)) {
					int i;
					while ((i = next.getAndIncrement()) < n) {
						long due = (rate > 0) ? start + (long) (i * 1_000_000_000d / rate) : System.nanoTime();
						long wait;
						while ((wait = due - System.nanoTime()) > 0) {
							LockSupport.parkNanos(wait);
						}
						Delivery delivery = deliveries.get(i);
						listener.sending(i, delivery, due);
						int status;
						String body;
						try {
							HttpConnection.Response response = connection.send(delivery.request());
							status = response.status();
							body = response.body();
						}
						catch (IOException | RuntimeException ex) {
							status = 0;
							body = ex.toString();
						}
						long done = System.nanoTime();
						latencies[i] = done - due;
						dues[i] = due - start;
						statuses[i] = status;
						listener.answered(i, delivery, status, body, due, done);
					}
				}
			}, "load-" + c);
			thread.setDaemon(true);
			threads.add(thread);
		}
		threads.forEach(Thread::start);
		for (Thread thread : threads) {
			try {
				thread.join();
			}
			catch (InterruptedException ex) {
				Thread.currentThread().interrupt();
				throw new IllegalStateException(ex);
			}
		}
		long elapsed = System.nanoTime() - start;
		return new Result(n, latencies, dues, statuses, startEpochMillis, Math.max(1, elapsed),
				OwnGc.now().since(gcBefore));
	}

	/**
	 * This JVM's collections (young and full) and their pause time, summed over its
	 * collectors.
	 *
	 * @param collections collections
	 * @param millis their pause time in milliseconds
	 */
	record OwnGc(long collections, long millis) {

		static OwnGc now() {
			long collections = 0;
			long millis = 0;
			for (GarbageCollectorMXBean collector : ManagementFactory.getGarbageCollectorMXBeans()) {
				collections += Math.max(0, collector.getCollectionCount());
				millis += Math.max(0, collector.getCollectionTime());
			}
			return new OwnGc(collections, millis);
		}

		OwnGc since(OwnGc before) {
			return new OwnGc(this.collections - before.collections, this.millis - before.millis);
		}

	}

	/**
	 * @param sent deliveries sent
	 * @param latenciesNanos per delivery, from due time to answer
	 * @param dueNanos per delivery, its due time after the run's start
	 * @param statuses per delivery, 0 for an I/O error
	 * @param startEpochMillis the run's start on the wall clock (to find it in the
	 * services' logs)
	 * @param elapsedNanos from the first due time to the last answer
	 * @param ownGc the bench's own collections while the deliveries went out (their
	 * pauses are in the latencies)
	 */
	record Result(int sent, long[] latenciesNanos, long[] dueNanos, int[] statuses, long startEpochMillis,
			long elapsedNanos, OwnGc ownGc) {

		long count(int status) {
			long count = 0;
			for (int s : this.statuses) {
				if (s == status) {
					count++;
				}
			}
			return count;
		}

		long okCount() {
			return count(200);
		}

		double okPerSecond() {
			return okCount() * 1e9 / this.elapsedNanos;
		}

		/** Latency percentiles of the 200 answers, in milliseconds. */
		Percentiles okLatencies() {
			long[] ok = new long[(int) okCount()];
			int j = 0;
			for (int i = 0; i < this.statuses.length; i++) {
				if (this.statuses[i] == 200) {
					ok[j++] = this.latenciesNanos[i];
				}
			}
			return Percentiles.ofNanos(ok);
		}

	}

}
