package io.stocksync.support.sites;

import java.nio.file.Path;
import java.time.Clock;

import io.stocksync.common.shop.Sites;
import io.stocksync.support.ServiceProperties;

import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;

/**
 * The shops from the sites file, and the clock every service tells time by (tests replace
 * it).
 */
@AutoConfiguration
@EnableConfigurationProperties(ServiceProperties.class)
public class SitesAutoConfiguration {

	@Bean
	@ConditionalOnMissingBean
	Sites sites(ServiceProperties properties) {
		return Sites.load(Path.of(properties.sitesFile()));
	}

	@Bean
	@ConditionalOnMissingBean
	Clock clock() {
		return Clock.systemUTC();
	}

}
