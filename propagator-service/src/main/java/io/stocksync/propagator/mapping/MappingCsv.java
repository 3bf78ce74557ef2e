package io.stocksync.propagator.mapping;

import java.io.IOException;
import java.io.StringReader;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import io.stocksync.propagator.mapping.ManualMappingRepository.ManualMapping;
import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVParser;
import org.apache.commons.csv.CSVPrinter;
import org.apache.commons.csv.CSVRecord;

/**
 * The mapping CSV as spreadsheets write it (RFC 4180 through commons-csv): a header
 * {@code sku,product_id,variation_id}, quoted fields (a SKU may hold a comma or a quote),
 * a UTF-8 byte order mark and {@code \r\n} line ends are all accepted; problems are
 * reported with the line they are on. The export quotes what needs quoting and adds a
 * fourth column {@code source}; an import may carry it too, and then takes the
 * {@code manual} lines and skips the {@code catalogue} ones (the catalogue says them
 * anyway), so an export imports again unchanged.
 */
final class MappingCsv {

	static final String[] HEADER = { "sku", "product_id", "variation_id" };

	private static final String SOURCE = "source";

	private static final Pattern START_LINE = Pattern.compile("startline ([\\d,]+)");

	private static final CSVFormat READ = CSVFormat.RFC4180.builder()
		.setIgnoreEmptyLines(true)
		.setIgnoreSurroundingSpaces(true)
		.get();

	private static final CSVFormat WRITE = CSVFormat.RFC4180.builder().setRecordSeparator('\n').get();

	private MappingCsv() {
	}

	/** The entries of an import, or the first problem with its line number. */
	static Parsed parse(String csv) {
		String text = (csv.startsWith("\uFEFF")) ? csv.substring(1) : csv;
		List<ManualMapping> entries = new ArrayList<>();
		Set<String> seen = new HashSet<>();
		long lastLine = 0;
		try (CSVParser parser = CSVParser.parse(new StringReader(text), READ)) {
			boolean header = true;
			int fields = HEADER.length;
			for (CSVRecord record : parser) {
				lastLine = record.getParser().getCurrentLineNumber();
				String line = "line " + lastLine;
				if (header) {
					if (!isHeader(record)) {
						return Parsed.problem(line + ": the header must be '" + String.join(",", HEADER) + "'");
					}
					fields = record.size();
					header = false;
					continue;
				}
				if (record.size() != fields) {
					return Parsed.problem(line + ": expected " + fields + " fields (sku,product_id,variation_id"
							+ ((fields > HEADER.length) ? ",source" : "") + "), found " + record.size());
				}
				if (fields > HEADER.length && "catalogue".equalsIgnoreCase(record.get(HEADER.length))) {
					continue;
				}
				String sku = record.get(0);
				if (sku.isEmpty() || !seen.add(sku)) {
					return Parsed.problem(line + ": SKU '" + sku + "' is empty or repeated");
				}
				try {
					long productId = Long.parseLong(record.get(1));
					long variationId = Long.parseLong(record.get(2));
					if (productId <= 0 || variationId < 0) {
						return Parsed.problem(line + ": ids must be positive (variation_id 0 for a product)");
					}
					entries.add(new ManualMapping(sku, productId, variationId));
				}
				catch (NumberFormatException ex) {
					return Parsed.problem(line + ": product_id and variation_id must be whole numbers");
				}
			}
			if (header) {
				return Parsed.problem("line 1: the header must be '" + String.join(",", HEADER) + "'");
			}
			return new Parsed(entries, null);
		}
		catch (IOException | UncheckedIOException | IllegalStateException ex) {
			// commons-csv reports a broken quote as an IOException/UncheckedIOException
			// with "(startline N)" in its message
			Matcher start = START_LINE.matcher(String.valueOf(ex.getMessage()));
			String line = start.find() ? start.group(1).replace(",", "") : Long.toString(lastLine + 1);
			return Parsed.problem("line " + line + ": malformed CSV: " + ex.getMessage());
		}
	}

	private static boolean isHeader(CSVRecord record) {
		if (record.size() != HEADER.length
				&& !(record.size() == HEADER.length + 1 && SOURCE.equalsIgnoreCase(record.get(HEADER.length)))) {
			return false;
		}
		for (int i = 0; i < HEADER.length; i++) {
			if (!HEADER[i].equalsIgnoreCase(record.get(i))) {
				return false;
			}
		}
		return true;
	}

	/**
	 * Writes rows (each a list of fields) under the given header, quoting where needed.
	 */
	static String write(List<String> header, List<List<Object>> rows) {
		StringWriter out = new StringWriter();
		try (CSVPrinter printer = new CSVPrinter(out, WRITE)) {
			printer.printRecord(header);
			for (List<Object> row : rows) {
				printer.printRecord(row);
			}
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
		return out.toString();
	}

	record Parsed(List<ManualMapping> entries, String problem) {

		static Parsed problem(String problem) {
			return new Parsed(List.of(), problem);
		}

	}

}
