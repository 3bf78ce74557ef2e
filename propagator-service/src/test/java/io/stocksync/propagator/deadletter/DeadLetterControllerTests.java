package io.stocksync.propagator.deadletter;

import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Map;

import io.stocksync.common.shop.Sites;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.TestConfiguration;
import org.springframework.boot.webmvc.test.autoconfigure.WebMvcTest;
import org.springframework.context.annotation.Bean;
import org.springframework.test.context.bean.override.mockito.MockitoBean;
import org.springframework.test.web.servlet.MockMvc;

import static org.mockito.ArgumentMatchers.any;
import static org.mockito.BDDMockito.given;
import static org.mockito.BDDMockito.then;
import static org.mockito.Mockito.never;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.post;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.content;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.jsonPath;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

/**
 * The DLT endpoints alone (no Kafka, no database; the service mocked): the token guard,
 * 404 for an unknown shop before anything is replayed, the list and the replay.
 */
@WebMvcTest(controllers = DeadLetterController.class, properties = "stocksync.admin-token=t0ken")
class DeadLetterControllerTests {

	private static final String TOKEN = "Bearer t0ken";

	@Autowired
	private MockMvc mvc;

	@MockitoBean
	private DeadLetterService deadLetters;

	@Test
	void refusesAMissingOrWrongTokenWithAUtf8JsonBody() throws Exception {
		this.mvc.perform(post("/admin/dlt/replay"))
			.andExpect(status().isUnauthorized())
			.andExpect(content().contentType("application/json;charset=UTF-8"))
			.andExpect(jsonPath("$.error").value("unauthorized"));
		this.mvc.perform(get("/admin/dlt").header("Authorization", "Bearer wrong"))
			.andExpect(status().isUnauthorized());
		then(this.deadLetters).should(never()).replay(any(), any());
	}

	@Test
	void answers404ForAnUnknownShopAndReplaysNothing() throws Exception {
		this.mvc.perform(post("/admin/dlt/replay").param("shop", "nope").header("Authorization", TOKEN))
			.andExpect(status().isNotFound())
			.andExpect(jsonPath("$.error").value("unknown_shop"))
			.andExpect(jsonPath("$.message").value("no shop with id 'nope'"));
		this.mvc.perform(get("/admin/dlt").param("shop", "nope").header("Authorization", TOKEN))
			.andExpect(status().isNotFound());
		then(this.deadLetters).should(never()).replay(any(), any());
	}

	@Test
	void listsAndReplaysTheEntriesOfAShop() throws Exception {
		given(this.deadLetters.list("shop1", false))
			.willReturn(List.of(new DeadLetter("shop1", "MUG", 7L, "400 invalid product", 6, 1,
					"t.stock-changed-shop1-dlt", 0, 12, Instant.parse("2026-11-30T10:00:00Z"), null)));
		given(this.deadLetters.replay("shop1", "MUG"))
			.willReturn(Map.of("replayed", List.of(Map.of("shop", "shop1", "sku", "MUG")), "failed", List.of()));

		this.mvc.perform(get("/admin/dlt").param("shop", "shop1").header("Authorization", TOKEN))
			.andExpect(status().isOk())
			.andExpect(jsonPath("$[0].sku").value("MUG"))
			.andExpect(jsonPath("$[0].reason").value("400 invalid product"))
			.andExpect(jsonPath("$[0].attempts").value(6));
		this.mvc
			.perform(
					post("/admin/dlt/replay").param("shop", "shop1").param("sku", "MUG").header("Authorization", TOKEN))
			.andExpect(status().isOk())
			.andExpect(jsonPath("$.replayed[0].sku").value("MUG"))
			.andExpect(jsonPath("$.failed").isEmpty());
	}

	@TestConfiguration
	static class Beans {

		@Bean
		Sites sites() {
			return Sites.load(Path.of("src/test/resources/slice/sites.yml"));
		}

	}

}
