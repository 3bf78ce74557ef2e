package io.stocksync.ledger.adjustment;

import java.time.Instant;

import io.stocksync.common.event.AdjustmentType;
import io.stocksync.common.event.BackordersChangeRequested;
import io.stocksync.common.event.StockAdjustmentRequested;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.webmvc.test.autoconfigure.WebMvcTest;
import org.springframework.http.MediaType;
import org.springframework.test.context.bean.override.mockito.MockitoBean;
import org.springframework.test.web.servlet.MockMvc;
import org.springframework.test.web.servlet.ResultActions;

import static org.hamcrest.Matchers.containsString;
import static org.mockito.ArgumentMatchers.any;
import static org.mockito.ArgumentMatchers.anyBoolean;
import static org.mockito.ArgumentMatchers.anyLong;
import static org.mockito.ArgumentMatchers.anyString;
import static org.mockito.BDDMockito.given;
import static org.mockito.BDDMockito.then;
import static org.mockito.Mockito.never;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.post;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.put;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.content;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.jsonPath;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

/**
 * {@code POST /admin/stock/{sku}/adjust} and {@code PUT /admin/stock/{sku}/backorders}
 * alone (no Kafka, no database; the publisher mocked): the token guard, a 400 that says
 * what is wrong, and the 202.
 */
@WebMvcTest(controllers = AdjustmentController.class, properties = "stocksync.admin-token=t0ken")
class AdjustmentControllerTests {

	private static final String TOKEN = "Bearer t0ken";

	@Autowired
	private MockMvc mvc;

	@MockitoBean
	private AdjustmentPublisher publisher;

	@Test
	void refusesAMissingOrWrongTokenWithAUtf8JsonBody() throws Exception {
		adjust("{\"type\":\"set\",\"quantity\":3,\"idempotencyKey\":\"k\"}", null).andExpect(status().isUnauthorized())
			.andExpect(content().contentType("application/json;charset=UTF-8"))
			.andExpect(jsonPath("$.error").value("unauthorized"));
		adjust("{\"type\":\"set\",\"quantity\":3,\"idempotencyKey\":\"k\"}", "Bearer wrong")
			.andExpect(status().isUnauthorized())
			.andExpect(jsonPath("$.message").value(containsString("ADMIN_TOKEN")));
		then(this.publisher).should(never()).publish(anyString(), any(), anyLong(), any(), any());
	}

	@Test
	void answers400WithWhatIsWrongAndPublishesNothing() throws Exception {
		adjust("{\"type\":\"double\",\"quantity\":3,\"idempotencyKey\":\"k\"}", TOKEN)
			.andExpect(status().isBadRequest())
			.andExpect(jsonPath("$.error").value("invalid_request"))
			.andExpect(jsonPath("$.message").value("type must be one of set, add, remove"));
		adjust("{\"type\":\"add\",\"quantity\":-1,\"idempotencyKey\":\"k\"}", TOKEN).andExpect(status().isBadRequest())
			.andExpect(jsonPath("$.message").value("quantity must be a whole number >= 0"));
		adjust("{\"type\":\"add\",\"quantity\":1}", TOKEN).andExpect(status().isBadRequest())
			.andExpect(jsonPath("$.message").value(containsString("idempotencyKey is required")));
		this.mvc
			.perform(put("/admin/stock/MUG/backorders").header("Authorization", TOKEN)
				.contentType(MediaType.APPLICATION_JSON)
				.content("{\"reason\":\"no answer\"}"))
			.andExpect(status().isBadRequest())
			.andExpect(jsonPath("$.message").value("allowed must be true or false"));
		then(this.publisher).should(never()).publish(anyString(), any(), anyLong(), any(), any());
		then(this.publisher).should(never()).publishBackorders(anyString(), anyBoolean(), any());
	}

	@Test
	void acceptsAnAdjustmentOnceKafkaHasIt() throws Exception {
		given(this.publisher.publish("MUG", AdjustmentType.ADD, 10, "goods received", "demo-add-10"))
			.willReturn(new StockAdjustmentRequested(1, "event-1", "MUG", AdjustmentType.ADD, 10, "goods received",
					"demo-add-10", Instant.parse("2026-11-30T10:00:00Z")));

		adjust("{\"type\":\"ADD\",\"quantity\":10,\"reason\":\"goods received\",\"idempotencyKey\":\"demo-add-10\"}",
				TOKEN)
			.andExpect(status().isAccepted())
			.andExpect(jsonPath("$.status").value("accepted"))
			.andExpect(jsonPath("$.sku").value("MUG"))
			.andExpect(jsonPath("$.idempotencyKey").value("demo-add-10"))
			.andExpect(jsonPath("$.eventId").value("event-1"));
	}

	@Test
	void acceptsABackordersSwitch() throws Exception {
		given(this.publisher.publishBackorders("MUG", true, "preorder")).willReturn(new BackordersChangeRequested(1,
				"event-2", "MUG", true, "preorder", Instant.parse("2026-11-30T10:00:00Z")));

		this.mvc
			.perform(put("/admin/stock/MUG/backorders").header("Authorization", TOKEN)
				.contentType(MediaType.APPLICATION_JSON)
				.content("{\"allowed\":true,\"reason\":\"preorder\"}"))
			.andExpect(status().isAccepted())
			.andExpect(jsonPath("$.backorders").value(true))
			.andExpect(jsonPath("$.eventId").value("event-2"));
	}

	private ResultActions adjust(String json, String authorization) throws Exception {
		var request = post("/admin/stock/MUG/adjust").contentType(MediaType.APPLICATION_JSON).content(json);
		if (authorization != null) {
			request.header("Authorization", authorization);
		}
		return this.mvc.perform(request);
	}

}
