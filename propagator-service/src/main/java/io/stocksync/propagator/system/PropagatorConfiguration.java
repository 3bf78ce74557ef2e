package io.stocksync.propagator.system;

import okhttp3.OkHttpClient;

import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

@Configuration(proxyBeanMethods = false)
class PropagatorConfiguration {

	/* One client for every shop: they share the connection pool and dispatcher. */
	@Bean
	OkHttpClient okHttpClient(PropagatorProperties properties) {
		return new OkHttpClient.Builder().connectTimeout(properties.http().connectTimeout())
			.readTimeout(properties.http().readTimeout())
			.callTimeout(properties.http().callTimeout())
			.build();
	}

}
