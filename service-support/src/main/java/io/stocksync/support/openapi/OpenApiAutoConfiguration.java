package io.stocksync.support.openapi;

import io.stocksync.support.ServiceProperties;
import io.swagger.v3.oas.models.Components;
import io.swagger.v3.oas.models.OpenAPI;
import io.swagger.v3.oas.models.info.Info;
import io.swagger.v3.oas.models.security.SecurityRequirement;
import io.swagger.v3.oas.models.security.SecurityScheme;
import org.springdoc.core.customizers.OpenApiCustomizer;

import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;

/**
 * The OpenAPI document ({@code /v3/api-docs}, UI at {@code /docs}): titled after
 * {@code spring.application.name}, described by {@code stocksync.api-description}; every
 * {@code /admin} operation needs the bearer token.
 */
@AutoConfiguration
@ConditionalOnClass({ OpenAPI.class, OpenApiCustomizer.class })
@EnableConfigurationProperties(ServiceProperties.class)
public class OpenApiAutoConfiguration {

	private static final String ADMIN_TOKEN = "adminToken";

	@Bean
	@ConditionalOnMissingBean
	OpenAPI openApi(@Value("${spring.application.name:service}") String name, ServiceProperties properties) {
		return new OpenAPI()
			.info(new Info().title("stock-sync " + name).version("v1").description(properties.apiDescription()))
			.components(new Components().addSecuritySchemes(ADMIN_TOKEN,
					new SecurityScheme().type(SecurityScheme.Type.HTTP).scheme("bearer").description("ADMIN_TOKEN")));
	}

	@Bean
	OpenApiCustomizer adminOperationsNeedTheToken() {
		return (openApi) -> openApi.getPaths()
			.entrySet()
			.stream()
			.filter((path) -> path.getKey().startsWith("/admin"))
			.flatMap((path) -> path.getValue().readOperations().stream())
			.forEach((operation) -> operation.addSecurityItem(new SecurityRequirement().addList(ADMIN_TOKEN)));
	}

}
