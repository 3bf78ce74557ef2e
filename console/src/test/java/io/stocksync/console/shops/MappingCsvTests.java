package io.stocksync.console.shops;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class MappingCsvTests {

	private static final String CURRENT = """
			sku,product_id,variation_id,source
			WCP-MUG,11,0,catalogue
			OLD-MANUAL,40,0,manual
			""";

	@Test
	void shouldReportEveryWrongLineWithItsNumber() {
		MappingCsv.Preview preview = MappingCsv.preview("""
				sku,product_id,variation_id
				WCP-MUG,12,0
				BROKEN,abc,0
				WCP-MUG,13,0
				ONLY-TWO,5
				NEG,-1,0
				""", CURRENT);

		assertThat(preview.valid()).isFalse();
		assertThat(preview.errors()).extracting(MappingCsv.LineError::line).containsExactly(3, 4, 5, 6);
		assertThat(preview.errors().get(1).problem()).contains("repeated");
	}

	@Test
	void shouldRefuseAFileWithoutTheHeader() {
		MappingCsv.Preview preview = MappingCsv.preview("WCP-MUG,12,0\n", CURRENT);

		assertThat(preview.errors()).extracting(MappingCsv.LineError::line).containsExactly(1);
	}

	@Test
	void shouldShowWhatChangesAgainstTheCurrentMapping() {
		MappingCsv.Preview preview = MappingCsv
			.preview("sku,product_id,variation_id\r\nWCP-MUG,12,0\r\nNEW-SKU,7,8\r\n", CURRENT);

		assertThat(preview.valid()).isTrue();
		assertThat(preview.changes()).extracting(MappingCsv.Change::sku, MappingCsv.Change::kind)
			.containsExactlyInAnyOrder(org.assertj.core.groups.Tuple.tuple("WCP-MUG", "changed"),
					org.assertj.core.groups.Tuple.tuple("NEW-SKU", "new"),
					org.assertj.core.groups.Tuple.tuple("OLD-MANUAL", "removed"));
	}

}
