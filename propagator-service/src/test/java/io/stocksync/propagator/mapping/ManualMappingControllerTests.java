package io.stocksync.propagator.mapping;

import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import io.stocksync.common.shop.Sites;
import io.stocksync.propagator.mapping.ManualMappingRepository.ManualMapping;
import io.stocksync.woo.CatalogueItem;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.TestConfiguration;
import org.springframework.boot.webmvc.test.autoconfigure.WebMvcTest;
import org.springframework.context.annotation.Bean;
import org.springframework.http.MediaType;
import org.springframework.test.context.bean.override.mockito.MockitoBean;
import org.springframework.test.web.servlet.MockMvc;

import static org.assertj.core.api.Assertions.assertThat;
import static org.mockito.ArgumentMatchers.any;
import static org.mockito.ArgumentMatchers.anyList;
import static org.mockito.ArgumentMatchers.anyString;
import static org.mockito.BDDMockito.given;
import static org.mockito.BDDMockito.then;
import static org.mockito.Mockito.never;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.put;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.content;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.jsonPath;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

/**
 * The mapping CSV endpoints alone (no Kafka, no database): the token guard, CSV problems
 * by line, quoting.
 */
@WebMvcTest(controllers = ManualMappingController.class, properties = "stocksync.admin-token=t0ken")
class ManualMappingControllerTests {

	private static final String TOKEN = "Bearer t0ken";

	@Autowired
	private MockMvc mvc;

	@MockitoBean
	private MappingService mappings;

	@MockitoBean
	private ManualMappingRepository manual;

	@Test
	void needsTheAdminToken() throws Exception {
		this.mvc.perform(get("/admin/mappings/export").param("shop", "shop1"))
			.andExpect(status().isUnauthorized())
			.andExpect(jsonPath("$.error").value("unauthorized"));
		this.mvc
			.perform(put("/admin/mappings/manual").param("shop", "shop1")
				.contentType("text/csv")
				.content("sku,product_id,variation_id\nMUG,1,0\n")
				.header("Authorization", "Bearer wrong"))
			.andExpect(status().isUnauthorized());
		then(this.manual).should(never()).replace(anyString(), anyList(), any());
	}

	@Test
	void aBadFileNamesItsLineAndChangesNothing() throws Exception {
		this.mvc
			.perform(put("/admin/mappings/manual").param("shop", "shop1")
				.contentType("text/csv")
				.content("sku,product_id,variation_id\r\nMUG,1,0\r\n\"CAP, red\",abc,0\r\n")
				.header("Authorization", TOKEN))
			.andExpect(status().isBadRequest())
			.andExpect(jsonPath("$.error").value("invalid_csv"))
			.andExpect(jsonPath("$.message").value(org.hamcrest.Matchers.startsWith("line 3:")));
		then(this.manual).should(never()).replace(anyString(), anyList(), any());
	}

	@Test
	void storesAQuotedSkuFromASpreadsheet() throws Exception {
		given(this.mappings.refresh(any())).willThrow(new IllegalStateException("shop unreachable"));

		this.mvc
			.perform(put("/admin/mappings/manual").param("shop", "shop1")
				.contentType("text/csv")
				.content("\uFEFFsku,product_id,variation_id\r\n\"CAP, red\",12,7\r\n")
				.header("Authorization", TOKEN))
			.andExpect(status().isOk())
			.andExpect(jsonPath("$.manualMappings").value(1))
			.andExpect(jsonPath("$.refreshError").value("shop unreachable"));
		then(this.manual).should()
			.replace("shop1", List.of(new ManualMapping("CAP, red", 12, 7)), Instant.parse("2026-11-30T10:00:00Z"));
	}

	@Test
	void exportsQuotedFieldsAndAnUnknownShopIs404() throws Exception {
		CatalogueItem item = new CatalogueItem("CAP, red", 12, 7, "variation", true, 3L);
		given(this.mappings.current("shop1")).willReturn(Optional.of(new ShopMapping("shop1", Map.of(item.sku(), item),
				List.of(), List.of(), 0, Instant.parse("2026-11-30T09:00:00Z"))));
		given(this.manual.forShop("shop1")).willReturn(List.of(new ManualMapping("CAP, red", 12, 7)));

		this.mvc.perform(get("/admin/mappings/export").param("shop", "shop1").header("Authorization", TOKEN))
			.andExpect(status().isOk())
			.andExpect(content().contentTypeCompatibleWith(MediaType.parseMediaType("text/csv")))
			.andExpect(content().string("sku,product_id,variation_id,source\n\"CAP, red\",12,7,manual\n"));
		this.mvc.perform(get("/admin/mappings/export").param("shop", "nope").header("Authorization", TOKEN))
			.andExpect(status().isNotFound());
	}

	@Test
	void anExportSavedByASpreadsheetImportsAgainUnchanged() throws Exception {
		CatalogueItem manualItem = new CatalogueItem("CAP, red", 12, 7, "variation", true, 3L);
		CatalogueItem catalogueItem = new CatalogueItem("MUG", 13, 0, "simple", true, 4L);
		given(this.mappings.current("shop1")).willReturn(Optional
			.of(new ShopMapping("shop1", Map.of(manualItem.sku(), manualItem, catalogueItem.sku(), catalogueItem),
					List.of(), List.of(), 0, Instant.parse("2026-11-30T09:00:00Z"))));
		given(this.manual.forShop("shop1")).willReturn(List.of(new ManualMapping("CAP, red", 12, 7)));
		String exported = this.mvc
			.perform(get("/admin/mappings/export").param("shop", "shop1").header("Authorization", TOKEN))
			.andExpect(status().isOk())
			.andReturn()
			.getResponse()
			.getContentAsString();
		assertThat(exported).contains("\"CAP, red\",12,7,manual\n").contains("MUG,13,0,catalogue\n");

		// as a spreadsheet saves it: a byte order mark and CRLF line ends
		String saved = "\uFEFF" + exported.replace("\n", "\r\n");
		this.mvc
			.perform(put("/admin/mappings/manual").param("shop", "shop1")
				.contentType("text/csv")
				.content(saved)
				.header("Authorization", TOKEN))
			.andExpect(status().isOk())
			.andExpect(jsonPath("$.manualMappings").value(1));
		then(this.manual).should()
			.replace("shop1", List.of(new ManualMapping("CAP, red", 12, 7)), Instant.parse("2026-11-30T10:00:00Z"));
	}

	@TestConfiguration
	static class Beans {

		@Bean
		Sites sites() {
			return Sites.load(Path.of("src/test/resources/slice/sites.yml"));
		}

		@Bean
		Clock clock() {
			return Clock.fixed(Instant.parse("2026-11-30T10:00:00Z"), ZoneOffset.UTC);
		}

	}

}
