package io.stocksync.propagator.reconcile;

import java.time.Duration;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

import io.stocksync.propagator.system.PropagatorProperties;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.beans.factory.DisposableBean;
import org.springframework.boot.context.event.ApplicationReadyEvent;
import org.springframework.context.event.EventListener;
import org.springframework.stereotype.Component;

/**
 * Runs the drift check over all shops every {@code stocksync.reconcile.interval}
 * (measured from the end of one run to the start of the next), unless
 * {@code stocksync.reconcile.enabled=false}. It has its own thread: a run that takes long
 * (many shops, slow catalogues) must not hold up the other scheduled work.
 */
@Component
class ReconcileScheduler implements DisposableBean {

	private static final Logger logger = LoggerFactory.getLogger(ReconcileScheduler.class);

	private final ReconcileService reconcile;

	private final PropagatorProperties.Reconcile settings;

	private final ScheduledExecutorService scheduler = Executors.newSingleThreadScheduledExecutor((runnable) -> {
		Thread thread = new Thread(runnable, "propagator-reconcile-scheduler");
		thread.setDaemon(true);
		return thread;
	});

	ReconcileScheduler(ReconcileService reconcile, PropagatorProperties properties) {
		this.reconcile = reconcile;
		this.settings = properties.reconcile();
		if (this.settings.enabled() && (this.settings.interval().isZero() || this.settings.interval().isNegative())) {
			throw new IllegalStateException("stocksync.reconcile.interval must be positive (or set "
					+ "stocksync.reconcile.enabled=false), not " + this.settings.interval());
		}
	}

	@EventListener(ApplicationReadyEvent.class)
	void start() {
		if (!this.settings.enabled()) {
			logger.info("Scheduled drift checks are disabled (stocksync.reconcile.enabled=false)");
			return;
		}
		Duration interval = this.settings.interval();
		this.scheduler.scheduleWithFixedDelay(this::runAll, interval.toMillis(), interval.toMillis(),
				TimeUnit.MILLISECONDS);
		logger.info("Drift check of every shop every {}", interval);
	}

	/*
	 * An exception would cancel every later run of a scheduled executor: log it and keep
	 * the schedule.
	 */
	private void runAll() {
		try {
			this.reconcile.reconcileAll();
		}
		catch (RuntimeException ex) {
			logger.error("Scheduled drift check failed", ex);
		}
	}

	@Override
	public void destroy() {
		this.scheduler.shutdownNow();
	}

}
