package io.stocksync.ledger.outbox;

import java.time.Duration;

/**
 * One loop on a daemon thread of its own, for a
 * {@link org.springframework.context.SmartLifecycle} that works in the background (the
 * outbox relay, the outbox {@code LISTEN}): started with the application, and on stop
 * told to end ({@link #isRunning()} turns false), its thread interrupted, and waited for
 * up to a grace period. The loop asks {@link #isRunning()} whether to go on.
 */
final class DaemonLoop {

	private final String threadName;

	private final Runnable loop;

	private final Duration stopGrace;

	private volatile Thread thread;

	private volatile boolean running;

	/**
	 * @param threadName the thread's name
	 * @param loop what the thread runs; it returns once {@link #isRunning()} is false or
	 * it was interrupted
	 * @param stopGrace how long {@link #stop()} waits for the loop to end; zero: not at
	 * all
	 */
	DaemonLoop(String threadName, Runnable loop, Duration stopGrace) {
		this.threadName = threadName;
		this.loop = loop;
		this.stopGrace = stopGrace;
	}

	void start() {
		this.running = true;
		Thread started = new Thread(this.loop, this.threadName);
		started.setDaemon(true);
		this.thread = started;
		started.start();
	}

	void stop() {
		this.running = false;
		Thread started = this.thread;
		if (started == null) {
			return;
		}
		started.interrupt();
		if (this.stopGrace.isZero()) {
			return;
		}
		try {
			started.join(this.stopGrace.toMillis());
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
		}
	}

	boolean isRunning() {
		return this.running;
	}

}
