package io.stocksync.support.admin;

import io.stocksync.support.ServiceProperties;

import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnWebApplication;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.web.servlet.config.annotation.InterceptorRegistry;
import org.springframework.web.servlet.config.annotation.WebMvcConfigurer;

/**
 * Every {@code /admin/**} call needs {@code Authorization: Bearer $ADMIN_TOKEN}; webhooks
 * never accept it.
 */
@AutoConfiguration
@ConditionalOnClass(WebMvcConfigurer.class)
@ConditionalOnWebApplication(type = ConditionalOnWebApplication.Type.SERVLET)
@EnableConfigurationProperties(ServiceProperties.class)
public class AdminTokenAutoConfiguration {

	@Bean
	BearerToken adminToken(ServiceProperties properties) {
		return new BearerToken(properties.adminToken());
	}

	@Bean
	WebMvcConfigurer adminTokenGuard(BearerToken adminToken) {
		return new WebMvcConfigurer() {

			@Override
			public void addInterceptors(InterceptorRegistry registry) {
				registry.addInterceptor(new AdminTokenInterceptor(adminToken)).addPathPatterns("/admin/**");
			}

		};
	}

}
