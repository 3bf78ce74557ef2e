package io.stocksync.propagator;

import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.boot.context.properties.ConfigurationPropertiesScan;
import org.springframework.scheduling.annotation.EnableScheduling;

@SpringBootApplication
@ConfigurationPropertiesScan
@EnableScheduling
public class PropagatorApplication {

	public static void main(String[] args) {
		SpringApplication.run(PropagatorApplication.class, args);
	}

}
