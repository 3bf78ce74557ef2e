package io.stocksync.ingest.poll;

import java.time.Duration;

import io.stocksync.ingest.system.IngestProperties;

import org.springframework.context.annotation.Configuration;
import org.springframework.scheduling.annotation.SchedulingConfigurer;
import org.springframework.scheduling.config.FixedDelayTask;
import org.springframework.scheduling.config.ScheduledTaskRegistrar;

/**
 * Runs the order poll of every shop every {@code stocksync.poll.interval} (unless
 * {@code stocksync.poll.enabled} is false), the first time shortly after start:
 * deliveries that failed while ingest was down are lost, so a start is exactly when a
 * poll is due.
 */
@Configuration(proxyBeanMethods = false)
class PollSchedule implements SchedulingConfigurer {

	private final OrderPoller poller;

	private final IngestProperties.Poll settings;

	PollSchedule(OrderPoller poller, IngestProperties properties) {
		this.poller = poller;
		this.settings = properties.poll();
	}

	@Override
	public void configureTasks(ScheduledTaskRegistrar registrar) {
		if (this.settings.enabled()) {
			Duration interval = this.settings.interval();
			Duration first = (interval.compareTo(Duration.ofSeconds(30)) < 0) ? interval : Duration.ofSeconds(30);
			registrar.addFixedDelayTask(new FixedDelayTask(() -> this.poller.pollAll("schedule"), interval, first));
		}
	}

}
