package io.stocksync.ledger.outbox;

import java.time.Duration;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;

import org.springframework.stereotype.Component;

/**
 * Wakes the outbox relay: after a transaction that wrote outbox rows commits in this
 * process, and when PostgreSQL notifies that another ledger instance committed some
 * ({@link OutboxNotifications}). Many wake-ups before the relay looks count as one.
 */
@Component
class OutboxSignal {

	private final Semaphore wakeUps = new Semaphore(0);

	void wake() {
		// At most one permit: the relay drains everything there is whenever it wakes.
		if (this.wakeUps.availablePermits() == 0) {
			this.wakeUps.release();
		}
	}

	/** Waits for a wake-up or the timeout; returns whether it was woken. */
	boolean await(Duration timeout) throws InterruptedException {
		boolean woken = this.wakeUps.tryAcquire(timeout.toMillis(), TimeUnit.MILLISECONDS);
		this.wakeUps.drainPermits();
		return woken;
	}

}
