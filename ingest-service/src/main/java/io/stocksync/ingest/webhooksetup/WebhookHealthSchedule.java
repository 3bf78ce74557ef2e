package io.stocksync.ingest.webhooksetup;

import java.time.Duration;

import io.stocksync.ingest.system.IngestProperties;

import org.springframework.context.annotation.Configuration;
import org.springframework.scheduling.annotation.SchedulingConfigurer;
import org.springframework.scheduling.config.FixedDelayTask;
import org.springframework.scheduling.config.ScheduledTaskRegistrar;

/**
 * Runs the webhook health check of every shop every
 * {@code stocksync.webhook-health.interval}.
 */
@Configuration(proxyBeanMethods = false)
class WebhookHealthSchedule implements SchedulingConfigurer {

	private final WebhookHealthCheck check;

	private final IngestProperties.WebhookHealth settings;

	WebhookHealthSchedule(WebhookHealthCheck check, IngestProperties properties) {
		this.check = check;
		this.settings = properties.webhookHealth();
	}

	@Override
	public void configureTasks(ScheduledTaskRegistrar registrar) {
		if (this.settings.enabled()) {
			Duration interval = this.settings.interval();
			Duration first = (interval.compareTo(Duration.ofSeconds(20)) < 0) ? interval : Duration.ofSeconds(20);
			registrar.addFixedDelayTask(new FixedDelayTask(this.check::checkAll, interval, first));
		}
	}

}
