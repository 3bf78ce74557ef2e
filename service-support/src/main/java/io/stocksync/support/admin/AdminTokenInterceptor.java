package io.stocksync.support.admin;

import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

import org.springframework.web.servlet.HandlerInterceptor;

/**
 * Lets a request through only with {@code Authorization: Bearer $ADMIN_TOKEN}; otherwise
 * 401 with a JSON body. Each service registers it for {@code /admin/**}.
 */
public final class AdminTokenInterceptor implements HandlerInterceptor {

	private final BearerToken token;

	public AdminTokenInterceptor(BearerToken token) {
		this.token = token;
	}

	@Override
	public boolean preHandle(HttpServletRequest request, HttpServletResponse response, Object handler)
			throws Exception {
		if (this.token.matches(request.getHeader("Authorization"))) {
			return true;
		}
		response.setStatus(HttpServletResponse.SC_UNAUTHORIZED);
		response.setHeader("WWW-Authenticate", "Bearer");
		response.setContentType("application/json");
		response.setCharacterEncoding("UTF-8");
		String message = this.token.isConfigured() ? "admin endpoints need Authorization: Bearer <ADMIN_TOKEN>"
				: "admin endpoints are closed: ADMIN_TOKEN is not set";
		response.getWriter().write("{\"error\":\"unauthorized\",\"message\":\"" + message + "\"}");
		return false;
	}

}
