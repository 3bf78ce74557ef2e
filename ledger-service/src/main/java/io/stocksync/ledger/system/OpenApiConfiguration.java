package io.stocksync.ledger.system;

import io.swagger.v3.oas.models.Components;
import io.swagger.v3.oas.models.OpenAPI;
import io.swagger.v3.oas.models.info.Info;
import io.swagger.v3.oas.models.security.SecurityRequirement;
import io.swagger.v3.oas.models.security.SecurityScheme;
import org.springdoc.core.customizers.OpenApiCustomizer;

import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/** The OpenAPI document ({@code /v3/api-docs}, UI at {@code /docs}); every {@code /admin} operation needs the bearer token. */
@Configuration(proxyBeanMethods = false)
class OpenApiConfiguration {

	private static final String ADMIN_TOKEN = "adminToken";

	@Bean
	OpenAPI openApi() {
		return new OpenAPI()
			.info(new Info().title("stock-sync ledger-service")
				.version("v1")
				.description("The stock pool: stock levels, history, oversells, adjustments, onboarding import, rebuild; "
						+ "kits, per-shop rule overrides, reorder planning and reports (sales, reorder, low stock)."))
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
