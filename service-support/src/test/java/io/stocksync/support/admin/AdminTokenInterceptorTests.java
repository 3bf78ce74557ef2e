package io.stocksync.support.admin;

import java.nio.charset.StandardCharsets;

import org.junit.jupiter.api.Test;

import org.springframework.mock.web.MockHttpServletRequest;
import org.springframework.mock.web.MockHttpServletResponse;

import static org.assertj.core.api.Assertions.assertThat;

class AdminTokenInterceptorTests {

	private final AdminTokenInterceptor interceptor = new AdminTokenInterceptor(new BearerToken("s3cret"));

	@Test
	void refusesAMissingTokenWithAUtf8JsonBody() throws Exception {
		MockHttpServletResponse response = new MockHttpServletResponse();

		boolean passed = this.interceptor.preHandle(new MockHttpServletRequest("GET", "/admin/stock"), response, null);

		assertThat(passed).isFalse();
		assertThat(response.getStatus()).isEqualTo(401);
		assertThat(response.getHeader("WWW-Authenticate")).isEqualTo("Bearer");
		assertThat(response.getContentType()).isEqualTo("application/json;charset=UTF-8");
		assertThat(response.getContentAsString(StandardCharsets.UTF_8)).contains("\"error\":\"unauthorized\"");
	}

	@Test
	void letsTheRightTokenThrough() throws Exception {
		MockHttpServletRequest request = new MockHttpServletRequest("GET", "/admin/stock");
		request.addHeader("Authorization", "Bearer s3cret");

		assertThat(this.interceptor.preHandle(request, new MockHttpServletResponse(), null)).isTrue();
	}

}
