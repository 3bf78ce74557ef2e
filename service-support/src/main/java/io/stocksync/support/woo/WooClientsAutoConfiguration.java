package io.stocksync.support.woo;

import java.time.Clock;

import io.stocksync.support.sites.SitesAutoConfiguration;
import io.stocksync.woo.WooClients;
import okhttp3.OkHttpClient;

import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.context.annotation.Bean;

/**
 * The service's {@link WooClients}: one WooCommerce client per shop over the service's
 * own {@link OkHttpClient} bean (each service sets its timeouts there).
 */
@AutoConfiguration(after = SitesAutoConfiguration.class)
@ConditionalOnClass({ WooClients.class, OkHttpClient.class })
public class WooClientsAutoConfiguration {

	@Bean
	@ConditionalOnMissingBean
	@ConditionalOnBean(OkHttpClient.class)
	WooClients wooClients(OkHttpClient http, Clock clock) {
		return new WooClients(http, clock);
	}

}
