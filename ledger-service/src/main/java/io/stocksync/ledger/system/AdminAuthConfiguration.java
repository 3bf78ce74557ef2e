package io.stocksync.ledger.system;

import io.stocksync.common.admin.AdminTokenInterceptor;
import io.stocksync.common.admin.BearerToken;

import org.springframework.context.annotation.Configuration;
import org.springframework.web.servlet.config.annotation.InterceptorRegistry;
import org.springframework.web.servlet.config.annotation.WebMvcConfigurer;

/** Every {@code /admin/**} call needs {@code Authorization: Bearer $ADMIN_TOKEN}; webhooks never accept it. */
@Configuration(proxyBeanMethods = false)
class AdminAuthConfiguration implements WebMvcConfigurer {

	private final BearerToken token;

	AdminAuthConfiguration(BearerToken token) {
		this.token = token;
	}

	@Override
	public void addInterceptors(InterceptorRegistry registry) {
		registry.addInterceptor(new AdminTokenInterceptor(this.token)).addPathPatterns("/admin/**");
	}

}
