package io.stocksync.propagator;

import java.util.Arrays;

import io.stocksync.propagator.mapping.MappingCli;

import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.boot.context.properties.ConfigurationPropertiesScan;
import org.springframework.scheduling.annotation.EnableScheduling;

@SpringBootApplication
@ConfigurationPropertiesScan
@EnableScheduling
public class PropagatorApplication {

	public static void main(String[] args) {
		if (args.length > 0 && args[0].equals("mappings")) {
			// The mapping check runs without the service: see MappingCli.
			System.exit(MappingCli.run(Arrays.asList(args).subList(1, args.length), System.getenv(), System.out,
					System.err));
		}
		SpringApplication.run(PropagatorApplication.class, args);
	}

}
