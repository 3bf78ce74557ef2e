package io.stocksync.ingest;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.Collections;
import java.util.Set;

import jakarta.servlet.ServletContext;

import org.springframework.mock.web.MockHttpServletRequest;
import org.springframework.mock.web.MockHttpServletResponse;
import org.springframework.test.web.servlet.MockMvc;
import org.springframework.test.web.servlet.MvcResult;
import org.springframework.test.web.servlet.RequestBuilder;
import org.springframework.test.web.servlet.ResultActions;
import org.springframework.test.web.servlet.ResultHandler;
import org.springframework.test.web.servlet.ResultMatcher;
import org.springframework.test.web.servlet.SmartRequestBuilder;
import org.springframework.web.context.WebApplicationContext;
import org.springframework.web.servlet.FlashMap;
import org.springframework.web.servlet.HandlerInterceptor;
import org.springframework.web.servlet.ModelAndView;

import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.asyncDispatch;

/**
 * MockMvc-style requests whose answers may be asynchronous, with MockMvc's result
 * matchers on the response the client gets.
 * <p>
 * The webhook endpoints ({@code /webhooks/**}) are servlets of their own, not Spring MVC
 * handlers, which MockMvc (bound to the {@code DispatcherServlet}) cannot reach: their
 * requests are sent over real HTTP to the test's running server (the test class needs a
 * {@code webEnvironment} with a port) and the response is handed to the matchers. Other
 * requests go through MockMvc; when they started async processing, the answer is awaited
 * and dispatched.
 */
public final class AsyncMvc {

	private static final HttpClient CLIENT = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();

	/** Set by the HTTP client itself. */
	private static final Set<String> RESTRICTED_HEADERS = Set.of("connection", "content-length", "expect", "host",
			"upgrade");

	private AsyncMvc() {
	}

	public static ResultActions perform(MockMvc mvc, RequestBuilder request) throws Exception {
		WebApplicationContext context = mvc.getDispatcherServlet().getWebApplicationContext();
		ServletContext servletContext = mvc.getDispatcherServlet().getServletContext();
		MockHttpServletRequest built = request.buildRequest(servletContext);
		if (request instanceof SmartRequestBuilder smart) {
			built = smart.postProcessRequest(built);
		}
		if (built.getRequestURI().startsWith("/webhooks/")) {
			String port = context.getEnvironment().getProperty("local.server.port");
			if (port == null) {
				throw new IllegalStateException(
						"the webhook endpoints are servlets of their own: run the test with a server (RANDOM_PORT)");
			}
			return actions(overHttp(built, port));
		}
		MvcResult result = mvc.perform(request).andReturn();
		if (result.getRequest().isAsyncStarted()) {
			return mvc.perform(asyncDispatch(result));
		}
		return actions(result);
	}

	private static MvcResult overHttp(MockHttpServletRequest request, String port) throws Exception {
		String query = (request.getQueryString() != null) ? "?" + request.getQueryString() : "";
		byte[] content = request.getContentAsByteArray();
		HttpRequest.Builder http = HttpRequest
			.newBuilder(URI.create("http://127.0.0.1:" + port + request.getRequestURI() + query))
			.method(request.getMethod(), (content != null) ? HttpRequest.BodyPublishers.ofByteArray(content)
					: HttpRequest.BodyPublishers.noBody());
		for (String name : Collections.list(request.getHeaderNames())) {
			if (!RESTRICTED_HEADERS.contains(name.toLowerCase())) {
				for (String value : Collections.list(request.getHeaders(name))) {
					http.header(name, value);
				}
			}
		}
		HttpResponse<byte[]> answer = CLIENT.send(http.build(), HttpResponse.BodyHandlers.ofByteArray());
		MockHttpServletResponse response = new MockHttpServletResponse();
		response.setStatus(answer.statusCode());
		answer.headers().map().forEach((name, values) -> values.forEach((value) -> response.addHeader(name, value)));
		response.getOutputStream().write(answer.body());
		return new HttpResult(request, response);
	}

	private static ResultActions actions(MvcResult result) {
		return new ResultActions() {

			@Override
			public ResultActions andExpect(ResultMatcher matcher) throws Exception {
				matcher.match(result);
				return this;
			}

			@Override
			public ResultActions andDo(ResultHandler handler) throws Exception {
				handler.handle(result);
				return this;
			}

			@Override
			public MvcResult andReturn() {
				return result;
			}

		};
	}

	/** A request answered over HTTP: no handler, no model, the client's response. */
	private record HttpResult(MockHttpServletRequest request, MockHttpServletResponse response) implements MvcResult {

		@Override
		public MockHttpServletRequest getRequest() {
			return this.request;
		}

		@Override
		public MockHttpServletResponse getResponse() {
			return this.response;
		}

		@Override
		public Object getHandler() {
			return null;
		}

		@Override
		public HandlerInterceptor[] getInterceptors() {
			return null;
		}

		@Override
		public ModelAndView getModelAndView() {
			return null;
		}

		@Override
		public Exception getResolvedException() {
			return null;
		}

		@Override
		public FlashMap getFlashMap() {
			return new FlashMap();
		}

		@Override
		public Object getAsyncResult() {
			return null;
		}

		@Override
		public Object getAsyncResult(long timeToWait) {
			return null;
		}

	}

}
