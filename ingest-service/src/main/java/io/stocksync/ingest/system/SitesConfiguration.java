package io.stocksync.ingest.system;

import java.nio.file.Path;

import io.stocksync.common.admin.BearerToken;
import io.stocksync.common.shop.Sites;

import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

@Configuration(proxyBeanMethods = false)
class SitesConfiguration {

	@Bean
	Sites sites(IngestProperties properties) {
		return Sites.load(Path.of(properties.sitesFile()));
	}

	@Bean
	BearerToken adminToken(IngestProperties properties) {
		return new BearerToken(properties.adminToken());
	}

}
