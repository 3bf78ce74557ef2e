package io.stocksync.ingest.system;

import org.springframework.context.annotation.Configuration;
import org.springframework.scheduling.annotation.EnableScheduling;

/**
 * The order poll and the webhook health check run on Boot's task scheduler
 * (spring.task.scheduling.pool.size).
 */
@Configuration(proxyBeanMethods = false)
@EnableScheduling
class SchedulingConfiguration {

}
