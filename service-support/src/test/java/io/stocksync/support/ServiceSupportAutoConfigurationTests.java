package io.stocksync.support;

import java.time.Clock;

import io.stocksync.common.shop.Sites;
import io.stocksync.support.admin.AdminTokenAutoConfiguration;
import io.stocksync.support.admin.BearerToken;
import io.stocksync.support.kafka.KafkaHealthAutoConfiguration;
import io.stocksync.support.openapi.OpenApiAutoConfiguration;
import io.stocksync.support.sites.SitesAutoConfiguration;
import io.stocksync.support.woo.WooClientsAutoConfiguration;
import io.stocksync.woo.WooClients;
import io.swagger.v3.oas.models.OpenAPI;
import okhttp3.OkHttpClient;
import org.junit.jupiter.api.Test;

import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.health.contributor.HealthIndicator;
import org.springframework.boot.kafka.autoconfigure.KafkaAutoConfiguration;
import org.springframework.boot.test.context.runner.WebApplicationContextRunner;

import static org.assertj.core.api.Assertions.assertThat;

class ServiceSupportAutoConfigurationTests {

	private final WebApplicationContextRunner runner = new WebApplicationContextRunner()
		.withConfiguration(AutoConfigurations.of(SitesAutoConfiguration.class, AdminTokenAutoConfiguration.class,
				OpenApiAutoConfiguration.class, KafkaHealthAutoConfiguration.class, KafkaAutoConfiguration.class,
				WooClientsAutoConfiguration.class))
		.withPropertyValues("spring.application.name=ledger-service", "stocksync.admin-token=s3cret",
				"stocksync.api-description=The pool", "stocksync.sites-file=src/test/resources/sites.yml");

	@Test
	void givesEveryServiceItsSharedWiring() {
		this.runner.run((context) -> {
			assertThat(context).hasNotFailed();
			assertThat(context.getBean(BearerToken.class).matches("Bearer s3cret")).isTrue();
			assertThat(context.getBean(Sites.class).find("shop1")).isPresent();
			assertThat(context).hasSingleBean(Clock.class);
			assertThat(context.getBean(OpenAPI.class).getInfo().getTitle()).isEqualTo("stock-sync ledger-service");
			assertThat(context.getBean(OpenAPI.class).getInfo().getDescription()).isEqualTo("The pool");
			assertThat(context.getBean("kafka")).isInstanceOf(HealthIndicator.class);
		});
	}

	@Test
	void leavesKafkaOutOfHealthWhereTheServiceSaysSo() {
		this.runner.withPropertyValues("stocksync.kafka-health=false")
			.run((context) -> assertThat(context).doesNotHaveBean("kafka"));
	}

	@Test
	void keepsATestsOwnClock() {
		Clock fixed = Clock.fixed(java.time.Instant.parse("2026-11-30T10:00:00Z"), java.time.ZoneOffset.UTC);
		this.runner.withBean(Clock.class, () -> fixed)
			.run((context) -> assertThat(context.getBean(Clock.class)).isSameAs(fixed));
	}

	@Test
	void givesOneWooClientsCacheOverTheServicesOwnHttpClient() {
		this.runner.withBean(OkHttpClient.class, OkHttpClient::new).run((context) -> {
			WooClients clients = context.getBean(WooClients.class);
			Sites sites = context.getBean(Sites.class);
			assertThat(clients.forShop(sites.find("shop1").orElseThrow()))
				.isSameAs(clients.forShop(sites.find("shop1").orElseThrow()));
		});
	}

	@Test
	void makesNoWooClientsWithoutAnHttpClient() {
		this.runner.run((context) -> assertThat(context).doesNotHaveBean(WooClients.class));
	}

	@Test
	void anEmptyTokenOpensNothing() {
		this.runner.withPropertyValues("stocksync.admin-token=")
			.run((context) -> assertThat(context.getBean(BearerToken.class).isConfigured()).isFalse());
	}

}
