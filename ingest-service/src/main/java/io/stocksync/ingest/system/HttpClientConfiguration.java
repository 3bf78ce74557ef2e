package io.stocksync.ingest.system;

import okhttp3.OkHttpClient;

import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * The one HTTP client towards the shops (order poll, webhook registration and health).
 */
@Configuration(proxyBeanMethods = false)
class HttpClientConfiguration {

	@Bean(destroyMethod = "")
	OkHttpClient okHttpClient(IngestProperties properties) {
		IngestProperties.Http http = properties.http();
		return new OkHttpClient.Builder().connectTimeout(http.connectTimeout())
			.readTimeout(http.readTimeout())
			.callTimeout(http.callTimeout())
			.build();
	}

}
