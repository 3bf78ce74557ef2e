package io.stocksync.ledger.system;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.boot.ApplicationArguments;
import org.springframework.boot.ApplicationRunner;
import org.springframework.boot.SpringApplication;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.context.annotation.Profile;
import org.springframework.stereotype.Component;

/**
 * In the {@code migrate} profile the ledger only applies its Liquibase changelog (which
 * Boot does while starting) and exits 0, so a Kubernetes Job can migrate the schema
 * before the replicas roll out with Liquibase disabled.
 */
@Component
@Profile("migrate")
class MigrateOnlyRunner implements ApplicationRunner {

	private static final Logger logger = LoggerFactory.getLogger(MigrateOnlyRunner.class);

	private final ConfigurableApplicationContext context;

	MigrateOnlyRunner(ConfigurableApplicationContext context) {
		this.context = context;
	}

	@Override
	public void run(ApplicationArguments args) {
		logger.info("Schema migrated; exiting (profile migrate)");
		System.exit(SpringApplication.exit(this.context, () -> 0));
	}

}
