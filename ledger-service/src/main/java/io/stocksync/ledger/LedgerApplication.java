package io.stocksync.ledger;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

import org.springframework.boot.SpringApplication;
import org.springframework.boot.WebApplicationType;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.boot.context.properties.ConfigurationPropertiesScan;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.scheduling.annotation.EnableScheduling;

/**
 * The ledger service. {@code --rebuild} runs the rebuild command instead: no web server,
 * no listeners, no outbox relay; it replays the log into a fresh schema, prints the
 * differences to the live ledger and exits.
 */
@SpringBootApplication
@ConfigurationPropertiesScan
@EnableScheduling
public class LedgerApplication {

	public static void main(String[] args) {
		if (Arrays.asList(args).contains("--rebuild")) {
			List<String> command = new ArrayList<>(Arrays.asList(args));
			command.add("--stocksync.rebuild.cli=true");
			command.add("--spring.kafka.listener.auto-startup=false");
			command.add("--stocksync.outbox.relay-enabled=false");
			SpringApplication application = new SpringApplication(LedgerApplication.class);
			application.setWebApplicationType(WebApplicationType.NONE);
			ConfigurableApplicationContext context = application.run(command.toArray(String[]::new));
			System.exit(SpringApplication.exit(context));
		}
		SpringApplication.run(LedgerApplication.class, args);
	}

}
