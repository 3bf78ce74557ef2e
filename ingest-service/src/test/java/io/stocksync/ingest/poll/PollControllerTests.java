package io.stocksync.ingest.poll;

import java.nio.file.Path;
import java.time.Instant;

import io.stocksync.common.shop.Sites;
import io.stocksync.ingest.shopify.ShopifyOrderPoller;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.TestConfiguration;
import org.springframework.boot.webmvc.test.autoconfigure.WebMvcTest;
import org.springframework.context.annotation.Bean;
import org.springframework.http.MediaType;
import org.springframework.test.context.bean.override.mockito.MockitoBean;
import org.springframework.test.web.servlet.MockMvc;

import static org.mockito.ArgumentMatchers.any;
import static org.mockito.ArgumentMatchers.eq;
import static org.mockito.BDDMockito.given;
import static org.mockito.BDDMockito.then;
import static org.mockito.Mockito.never;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.post;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.put;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.content;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.jsonPath;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

/**
 * The poll's admin endpoints alone (no Kafka, no shop; the pollers mocked): the token
 * guard, 400 for a watermark that is not an instant, 404 for an unknown shop, and moving
 * a watermark.
 */
@WebMvcTest(controllers = PollController.class, properties = "stocksync.admin-token=t0ken")
class PollControllerTests {

	private static final String TOKEN = "Bearer t0ken";

	@Autowired
	private MockMvc mvc;

	@MockitoBean
	private OrderPoller poller;

	@MockitoBean
	private ShopifyOrderPoller shopify;

	@Test
	void refusesAMissingOrWrongTokenWithAUtf8JsonBody() throws Exception {
		this.mvc.perform(post("/admin/sites/shop1/poll-orders"))
			.andExpect(status().isUnauthorized())
			.andExpect(content().contentType("application/json;charset=UTF-8"))
			.andExpect(jsonPath("$.error").value("unauthorized"));
		this.mvc.perform(get("/admin/sites/shop1/poll-watermark").header("Authorization", "Bearer wrong"))
			.andExpect(status().isUnauthorized());
		then(this.poller).should(never()).poll(any(), any());
	}

	@Test
	void answers400ForAWatermarkThatIsNotAnInstantAnd404ForAnUnknownShop() throws Exception {
		this.mvc
			.perform(put("/admin/sites/shop1/poll-watermark").header("Authorization", TOKEN)
				.contentType(MediaType.APPLICATION_JSON)
				.content("{\"watermark\":\"yesterday\"}"))
			.andExpect(status().isBadRequest())
			.andExpect(jsonPath("$.error").value("invalid_request"))
			.andExpect(jsonPath("$.message").value("watermark must be an ISO-8601 instant"));
		this.mvc.perform(post("/admin/sites/nope/poll-orders").header("Authorization", TOKEN))
			.andExpect(status().isNotFound())
			.andExpect(jsonPath("$.error").value("unknown_shop"));
		then(this.poller).should(never()).advanceWatermark(any(), any());
	}

	@Test
	void movesTheWatermarkForward() throws Exception {
		Instant cut = Instant.parse("2026-11-30T10:00:00Z");
		given(this.poller.advanceWatermark(any(), any()))
			.willReturn(new OrderPoller.WatermarkChange("shop1", Instant.parse("2026-11-29T10:00:00Z"), cut));

		this.mvc
			.perform(put("/admin/sites/shop1/poll-watermark").header("Authorization", TOKEN)
				.contentType(MediaType.APPLICATION_JSON)
				.content("{\"watermark\":\"2026-11-30T10:00:00Z\"}"))
			.andExpect(status().isOk())
			.andExpect(jsonPath("$.shopId").value("shop1"))
			.andExpect(jsonPath("$.watermark").value("2026-11-30T10:00:00Z"));
		then(this.poller).should().advanceWatermark(any(), eq(cut));
	}

	@TestConfiguration
	static class Beans {

		@Bean
		Sites sites() {
			return Sites.load(Path.of("src/test/resources/sites-test.yml"));
		}

	}

}
