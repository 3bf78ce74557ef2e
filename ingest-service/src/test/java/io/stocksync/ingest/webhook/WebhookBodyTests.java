package io.stocksync.ingest.webhook;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;

import org.junit.jupiter.api.Test;

import org.springframework.mock.web.MockHttpServletRequest;

import static org.assertj.core.api.Assertions.assertThat;

class WebhookBodyTests {

	private static final byte[] ORDER = WcFixture.load("wh-007-order_updated-orderA-processing").rawBody();

	@Test
	void shouldReadABodyOfItsDeclaredLength() throws IOException {
		assertThat(WebhookBody.read(request(ORDER, ORDER.length), 1024 * 1024)).isEqualTo(ORDER);
	}

	@Test
	void shouldReadABodyWithoutADeclaredLengthUpToTheLimit() throws IOException {
		assertThat(WebhookBody.read(request(ORDER, -1), ORDER.length)).isEqualTo(ORDER);
		assertThat(WebhookBody.read(request(ORDER, -1), ORDER.length - 1)).isNull();
	}

	@Test
	void shouldReadALargeBodyAsItArrives() throws IOException {
		byte[] large = new byte[WebhookBody.EXACT_READ_BYTES + 1000];
		Arrays.fill(large, (byte) ' ');

		assertThat(WebhookBody.read(request(large, large.length), 1024 * 1024)).isEqualTo(large);
		// declared larger than it is: what arrived, as for a small body
		assertThat(WebhookBody.read(request(large, 1024 * 1024), 1024 * 1024)).isEqualTo(large);
	}

	@Test
	void shouldRefuseABodyDeclaredLongerThanTheLimitWithoutReadingIt() throws IOException {
		MockHttpServletRequest request = request(ORDER, ORDER.length);

		assertThat(WebhookBody.read(request, ORDER.length - 1)).isNull();
		assertThat(request.getInputStream().readAllBytes()).isEqualTo(ORDER);
	}

	@Test
	void shouldKeepWhatArrivedWhenTheClientSendsLessThanItDeclared() throws IOException {
		byte[] half = "{\"id\":20,".getBytes(StandardCharsets.UTF_8);

		assertThat(WebhookBody.read(request(half, 100), 1024)).isEqualTo(half);
	}

	private static MockHttpServletRequest request(byte[] body, long declaredLength) {
		MockHttpServletRequest request = new MockHttpServletRequest("POST", "/webhooks/woocommerce/shop1") {

			@Override
			public long getContentLengthLong() {
				return declaredLength;
			}

		};
		request.setContent(body);
		return request;
	}

}
