package io.stocksync.console.system;

import java.io.IOException;
import java.time.Duration;

import jakarta.servlet.DispatcherType;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.http.HttpMethod;
import org.springframework.security.config.annotation.web.builders.HttpSecurity;
import org.springframework.security.core.Authentication;
import org.springframework.security.core.userdetails.UserDetailsService;
import org.springframework.security.crypto.factory.PasswordEncoderFactories;
import org.springframework.security.crypto.password.PasswordEncoder;
import org.springframework.security.provisioning.InMemoryUserDetailsManager;
import org.springframework.security.web.SecurityFilterChain;
import org.springframework.security.web.authentication.SavedRequestAwareAuthenticationSuccessHandler;
import org.springframework.security.web.authentication.SimpleUrlAuthenticationFailureHandler;
import org.springframework.security.web.authentication.UsernamePasswordAuthenticationFilter;
import org.springframework.web.filter.OncePerRequestFilter;

/**
 * Form login at {@code /login}, CSRF on every form, every page needs a login, reading
 * needs {@code viewer} or {@code operator} and every action (any non-GET request) needs
 * {@code operator}. Logins are throttled per user name and per address
 * ({@link LoginThrottle}). A Content-Security-Policy allows only the console's own
 * scripts and styles, as a second line behind the escaping of every value the pages show.
 */
@Configuration(proxyBeanMethods = false)
class SecurityConfiguration {

	@Bean
	SecurityFilterChain console(HttpSecurity http, LoginThrottle throttle) throws Exception {
		http.authorizeHttpRequests((requests) -> requests
			// The 403 page is reached by a forward that keeps the refused request's
			// method.
			.dispatcherTypeMatchers(DispatcherType.FORWARD, DispatcherType.ERROR)
			.permitAll()
			.requestMatchers("/login", "/css/**", "/js/**", "/favicon.ico", "/favicon.svg", "/error", "/livez",
					"/readyz", "/actuator/health", "/actuator/health/**")
			.permitAll()
			.requestMatchers(HttpMethod.GET, "/**")
			.hasAnyRole(ConsoleUsers.VIEWER, ConsoleUsers.OPERATOR)
			.anyRequest()
			.hasRole(ConsoleUsers.OPERATOR))
			.formLogin((form) -> form.loginPage("/login")
				.successHandler(new ThrottleClearingSuccessHandler(throttle))
				.failureHandler(new ThrottleCountingFailureHandler(throttle))
				.permitAll())
			.logout((logout) -> logout.logoutSuccessUrl("/login?logout").deleteCookies("JSESSIONID"))
			.exceptionHandling((exceptions) -> exceptions.accessDeniedPage("/denied"))
			.headers((headers) -> headers.contentSecurityPolicy((csp) -> csp.policyDirectives(
					"default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; object-src 'none'; "
							+ "base-uri 'none'; frame-ancestors 'none'; form-action 'self'")))
			.addFilterBefore(new ThrottleFilter(throttle), UsernamePasswordAuthenticationFilter.class);
		return http.build();
	}

	@Bean
	UserDetailsService users(ConsoleProperties properties) {
		return new InMemoryUserDetailsManager(ConsoleUsers.from(properties));
	}

	@Bean
	PasswordEncoder passwordEncoder() {
		return PasswordEncoderFactories.createDelegatingPasswordEncoder();
	}

	/** Refuses a login POST while its user name or address must still wait. */
	static final class ThrottleFilter extends OncePerRequestFilter {

		private final LoginThrottle throttle;

		ThrottleFilter(LoginThrottle throttle) {
			this.throttle = throttle;
		}

		@Override
		protected boolean shouldNotFilter(HttpServletRequest request) {
			return !("POST".equals(request.getMethod())
					&& (request.getContextPath() + "/login").equals(request.getRequestURI()));
		}

		@Override
		protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
				throws ServletException, IOException {
			Duration wait = this.throttle.waitBefore(request.getParameter("username"), request.getRemoteAddr());
			if (!wait.isZero()) {
				response.sendRedirect(request.getContextPath() + "/login?throttled=" + Math.max(1, wait.toSeconds()));
				return;
			}
			chain.doFilter(request, response);
		}

	}

	static final class ThrottleCountingFailureHandler extends SimpleUrlAuthenticationFailureHandler {

		private final LoginThrottle throttle;

		ThrottleCountingFailureHandler(LoginThrottle throttle) {
			super("/login?error");
			this.throttle = throttle;
		}

		@Override
		public void onAuthenticationFailure(HttpServletRequest request, HttpServletResponse response,
				org.springframework.security.core.AuthenticationException exception)
				throws IOException, ServletException {
			this.throttle.failed(request.getParameter("username"), request.getRemoteAddr());
			super.onAuthenticationFailure(request, response, exception);
		}

	}

	static final class ThrottleClearingSuccessHandler extends SavedRequestAwareAuthenticationSuccessHandler {

		private final LoginThrottle throttle;

		ThrottleClearingSuccessHandler(LoginThrottle throttle) {
			this.throttle = throttle;
			setDefaultTargetUrl("/");
		}

		@Override
		public void onAuthenticationSuccess(HttpServletRequest request, HttpServletResponse response,
				Authentication authentication) throws IOException, ServletException {
			this.throttle.succeeded(authentication.getName());
			super.onAuthenticationSuccess(request, response, authentication);
		}

	}

}
