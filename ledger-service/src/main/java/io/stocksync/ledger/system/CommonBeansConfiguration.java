package io.stocksync.ledger.system;

import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;

import io.stocksync.common.admin.BearerToken;
import io.stocksync.common.shop.Sites;
import okhttp3.OkHttpClient;

import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

@Configuration(proxyBeanMethods = false)
class CommonBeansConfiguration {

	@Bean
	@ConditionalOnMissingBean
	Clock clock() {
		return Clock.systemUTC();
	}

	@Bean
	Sites sites(LedgerProperties properties) {
		return Sites.load(Path.of(properties.sitesFile()));
	}

	@Bean
	BearerToken adminToken(LedgerProperties properties) {
		return new BearerToken(properties.adminToken());
	}

	/* Used by the stock import to read a shop's catalogue. */
	@Bean
	OkHttpClient okHttpClient() {
		return new OkHttpClient.Builder().connectTimeout(Duration.ofSeconds(5))
			.readTimeout(Duration.ofSeconds(30))
			.callTimeout(Duration.ofSeconds(60))
			.build();
	}

}
