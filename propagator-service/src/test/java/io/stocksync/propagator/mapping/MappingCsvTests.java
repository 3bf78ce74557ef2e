package io.stocksync.propagator.mapping;

import java.util.List;

import io.stocksync.propagator.mapping.ManualMappingRepository.ManualMapping;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class MappingCsvTests {

	@Test
	void readsWhatASpreadsheetWrites() {
		String csv = "\uFEFFsku,product_id,variation_id\r\n" + "\"MUG, large\",12,0\r\n"
				+ "\"CAP \"\"red\"\"\",13,7\r\n" + "\r\n" + "PLAIN,14,0\r\n";

		MappingCsv.Parsed parsed = MappingCsv.parse(csv);

		assertThat(parsed.problem()).isNull();
		assertThat(parsed.entries()).containsExactly(new ManualMapping("MUG, large", 12, 0),
				new ManualMapping("CAP \"red\"", 13, 7), new ManualMapping("PLAIN", 14, 0));
	}

	@Test
	void anExportImportsAgainUnchanged() {
		List<List<Object>> rows = List.of(List.of("MUG, large", 12L, 0L), List.of("CAP \"red\"", 13L, 7L),
				List.of("LINE\nBREAK", 15L, 0L));

		String exported = MappingCsv.write(List.of(MappingCsv.HEADER), rows);
		MappingCsv.Parsed parsed = MappingCsv.parse(exported);

		assertThat(exported).contains("\"MUG, large\"").contains("\"CAP \"\"red\"\"\"");
		assertThat(parsed.problem()).isNull();
		assertThat(parsed.entries()).containsExactly(new ManualMapping("MUG, large", 12, 0),
				new ManualMapping("CAP \"red\"", 13, 7), new ManualMapping("LINE\nBREAK", 15, 0));
	}

	@Test
	void takesTheManualLinesOfAnExportWithItsSourceColumn() {
		String export = "\uFEFFsku,product_id,variation_id,source\r\n\"CAP, red\",12,7,manual\r\nMUG,13,0,catalogue\r\n";

		MappingCsv.Parsed parsed = MappingCsv.parse(export);

		assertThat(parsed.problem()).isNull();
		assertThat(parsed.entries()).containsExactly(new ManualMapping("CAP, red", 12, 7));
		assertThat(MappingCsv.parse("sku,product_id,variation_id,source\nMUG,13,0\n").problem()).startsWith("line 2:")
			.contains("expected 4 fields");
		assertThat(MappingCsv.parse("sku,product_id,variation_id,origin\nMUG,13,0,x\n").problem())
			.startsWith("line 1:");
	}

	@Test
	void namesTheLineOfAProblem() {
		assertThat(MappingCsv.parse("sku,product_id,variation_id\nMUG,12,0\nCAP,x,0\n").problem()).startsWith("line 3:")
			.contains("whole numbers");
		assertThat(MappingCsv.parse("sku,product_id,variation_id\r\nMUG,12,0\r\nMUG,13,0\r\n").problem())
			.startsWith("line 3:")
			.contains("repeated");
		assertThat(MappingCsv.parse("sku,product_id,variation_id\nMUG,12\n").problem()).startsWith("line 2:")
			.contains("expected 3 fields");
		assertThat(MappingCsv.parse("sku;product_id;variation_id\nMUG;12;0\n").problem()).startsWith("line 1:");
		assertThat(MappingCsv.parse("").problem()).startsWith("line 1:");
	}

	@Test
	void aBrokenQuoteIsAProblemNotACrash() {
		assertThat(MappingCsv.parse("sku,product_id,variation_id\nMUG,12,0\n\"CAP,13,0\n").problem())
			.startsWith("line 3:")
			.contains("malformed CSV");
	}

}
