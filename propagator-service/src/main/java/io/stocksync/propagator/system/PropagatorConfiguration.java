package io.stocksync.propagator.system;

import java.nio.file.Path;
import java.time.Clock;

import io.stocksync.common.admin.BearerToken;
import io.stocksync.common.shop.Sites;
import okhttp3.OkHttpClient;

import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

@Configuration(proxyBeanMethods = false)
class PropagatorConfiguration {

	@Bean
	@ConditionalOnMissingBean
	Clock clock() {
		return Clock.systemUTC();
	}

	@Bean
	Sites sites(PropagatorProperties properties) {
		return Sites.load(Path.of(properties.sitesFile()));
	}

	@Bean
	BearerToken adminToken(PropagatorProperties properties) {
		return new BearerToken(properties.adminToken());
	}

	/* One client for every shop: they share the connection pool and dispatcher. */
	@Bean
	OkHttpClient okHttpClient(PropagatorProperties properties) {
		return new OkHttpClient.Builder().connectTimeout(properties.http().connectTimeout())
			.readTimeout(properties.http().readTimeout())
			.callTimeout(properties.http().callTimeout())
			.build();
	}

}
