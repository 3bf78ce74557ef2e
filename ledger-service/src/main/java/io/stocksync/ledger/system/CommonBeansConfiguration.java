package io.stocksync.ledger.system;

import java.time.Duration;

import okhttp3.OkHttpClient;

import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

@Configuration(proxyBeanMethods = false)
class CommonBeansConfiguration {

	/* Used by the stock import to read a shop's catalogue. */
	@Bean
	OkHttpClient okHttpClient() {
		return new OkHttpClient.Builder().connectTimeout(Duration.ofSeconds(5))
			.readTimeout(Duration.ofSeconds(30))
			.callTimeout(Duration.ofSeconds(60))
			.build();
	}

}
