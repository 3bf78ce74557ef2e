package io.stocksync.ingest.webhook;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.CompletableFuture;

import jakarta.servlet.AsyncEvent;
import jakarta.servlet.AsyncListener;
import jakarta.servlet.http.HttpServletRequest;
import org.junit.jupiter.api.Test;

import org.springframework.mock.web.MockAsyncContext;
import org.springframework.mock.web.MockHttpServletRequest;
import org.springframework.mock.web.MockHttpServletResponse;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * How {@link WebhookServlet} answers: at once when the answer is known, asynchronously
 * (written by the thread that completes it, then completed, no dispatch) when it is not,
 * 503 when it does not come in time, and never twice.
 */
class WebhookServletTests {

	private static final byte[] ACCEPTED = "{\"status\":\"accepted\",\"orderId\":7}"
		.getBytes(StandardCharsets.US_ASCII);

	private final CompletableFuture<WebhookAnswer> answer = new CompletableFuture<>();

	private final WebhookServlet servlet = new WebhookServlet(new WebhookEndpoint() {

		@Override
		public CompletableFuture<WebhookAnswer> receive(String shopId, HttpServletRequest request) {
			return WebhookServletTests.this.answer;
		}

		@Override
		public WebhookAnswer timedOut(String shopId) {
			return new WebhookAnswer(503, Map.of("Retry-After", "30"),
					("{\"error\":\"not_stored\",\"shop\":\"" + shopId + "\"}").getBytes(StandardCharsets.US_ASCII));
		}

	}, Duration.ofSeconds(30));

	private final MockHttpServletRequest request = delivery("/shop1");

	private final MockHttpServletResponse response = new MockHttpServletResponse();

	@Test
	void shouldWriteAnAnswerKnownAtOnceWithoutGoingAsync() throws Exception {
		this.answer.complete(WebhookAnswer.json(200, ACCEPTED));

		this.servlet.service(this.request, this.response);

		assertThat(this.request.isAsyncStarted()).isFalse();
		assertThat(this.response.getStatus()).isEqualTo(200);
		assertThat(this.response.getContentType()).isEqualTo("application/json");
		assertThat(this.response.getContentLength()).isEqualTo(ACCEPTED.length);
		assertThat(this.response.getContentAsByteArray()).isEqualTo(ACCEPTED);
	}

	@Test
	void shouldWriteTheAnswerWhenItIsStoredAndCompleteTheRequest() throws Exception {
		this.servlet.service(this.request, this.response);

		assertThat(this.request.isAsyncStarted()).isTrue();
		assertThat(this.response.getContentAsByteArray()).isEmpty();
		assertThat(this.request.getAsyncContext().getTimeout()).isEqualTo(30_000);

		this.answer.complete(WebhookAnswer.json(200, ACCEPTED));

		assertThat(this.request.isAsyncStarted()).as("completed").isFalse();
		assertThat(((MockAsyncContext) this.request.getAsyncContext()).getDispatchedPath()).as("no dispatch").isNull();
		assertThat(this.response.getStatus()).isEqualTo(200);
		assertThat(this.response.getContentType()).isEqualTo("application/json");
		assertThat(this.response.getContentAsByteArray()).isEqualTo(ACCEPTED);
	}

	@Test
	void shouldAnswerNotStoredWhenTheAnswerDoesNotComeInTime() throws Exception {
		this.servlet.service(this.request, this.response);

		for (AsyncListener listener : listeners()) {
			listener.onTimeout(new AsyncEvent(this.request.getAsyncContext()));
		}
		this.answer.complete(WebhookAnswer.json(200, ACCEPTED));

		assertThat(this.request.isAsyncStarted()).isFalse();
		assertThat(this.response.getStatus()).isEqualTo(503);
		assertThat(this.response.getHeader("Retry-After")).isEqualTo("30");
		assertThat(this.response.getContentAsString()).isEqualTo("{\"error\":\"not_stored\",\"shop\":\"shop1\"}");
	}

	@Test
	void shouldEndTheRequestOnAConnectionErrorAndWriteNothingAfterIt() throws Exception {
		this.servlet.service(this.request, this.response);

		for (AsyncListener listener : listeners()) {
			listener.onError(new AsyncEvent(this.request.getAsyncContext(), new java.io.IOException("reset")));
		}
		this.answer.complete(WebhookAnswer.json(200, ACCEPTED));

		assertThat(this.request.isAsyncStarted()).isFalse();
		assertThat(this.response.getContentAsByteArray()).isEmpty();
	}

	@Test
	void shouldAnswer500WithoutABodyIfTheAnswerFails() throws Exception {
		this.servlet.service(this.request, this.response);

		this.answer.completeExceptionally(new IllegalStateException("a bug"));

		assertThat(this.request.isAsyncStarted()).isFalse();
		assertThat(this.response.getStatus()).isEqualTo(500);
		assertThat(this.response.getContentAsByteArray()).isEmpty();
	}

	@Test
	void shouldAnswer404ForOtherPathsAnd405ForOtherMethods() throws Exception {
		for (String pathInfo : new String[] { null, "/", "/shop1/extra", "/shop1/" }) {
			MockHttpServletResponse notFound = new MockHttpServletResponse();
			this.servlet.service(delivery(pathInfo), notFound);
			assertThat(notFound.getStatus()).as(pathInfo).isEqualTo(404);
		}
		MockHttpServletRequest get = delivery("/shop1");
		get.setMethod("GET");
		this.servlet.service(get, this.response);

		assertThat(this.response.getStatus()).isEqualTo(405);
		assertThat(this.response.getHeader("Allow")).isEqualTo("POST");
		assertThat(get.isAsyncStarted()).isFalse();
	}

	private Iterable<AsyncListener> listeners() {
		return ((MockAsyncContext) this.request.getAsyncContext()).getListeners();
	}

	private static MockHttpServletRequest delivery(String pathInfo) {
		MockHttpServletRequest request = new MockHttpServletRequest("POST",
				"/webhooks/woocommerce" + ((pathInfo != null) ? pathInfo : ""));
		request.setServletPath("/webhooks/woocommerce");
		request.setPathInfo(pathInfo);
		request.setAsyncSupported(true);
		return request;
	}

}
