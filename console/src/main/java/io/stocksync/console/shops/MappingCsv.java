package io.stocksync.console.shops;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Checks a manual-mapping CSV ({@code sku,product_id,variation_id}) line by line, the
 * same rules as the propagator's import but reporting every wrong line, and compares it
 * with the shop's current mapping (its export) to show what would change.
 */
final class MappingCsv {

	static final String HEADER = "sku,product_id,variation_id";

	private MappingCsv() {
	}

	static Preview preview(String csv, String currentExport) {
		List<LineError> errors = new ArrayList<>();
		Map<String, long[]> entries = new LinkedHashMap<>();
		String[] lines = csv.replace("\r", "").split("\n", -1);
		if (lines.length == 0 || !lines[0].replace("\uFEFF", "").trim().equalsIgnoreCase(HEADER)) {
			errors.add(new LineError(1, "the first line must be the header '" + HEADER + "'"));
		}
		Set<String> seen = new HashSet<>();
		for (int i = 1; i < lines.length; i++) {
			String line = lines[i].trim();
			int number = i + 1;
			if (line.isEmpty()) {
				continue;
			}
			String[] fields = line.split(",", -1);
			if (fields.length != 3 || line.contains("\"")) {
				errors.add(new LineError(number, "expected 3 fields sku,product_id,variation_id without quotes"));
				continue;
			}
			String sku = fields[0].trim();
			if (sku.isEmpty()) {
				errors.add(new LineError(number, "the SKU is empty"));
				continue;
			}
			if (!seen.add(sku)) {
				errors.add(new LineError(number, "SKU '" + sku + "' is repeated"));
				continue;
			}
			try {
				long productId = Long.parseLong(fields[1].trim());
				long variationId = Long.parseLong(fields[2].trim());
				if (productId <= 0 || variationId < 0) {
					errors.add(new LineError(number, "ids must be positive (variation_id 0 for a product)"));
					continue;
				}
				entries.put(sku, new long[] { productId, variationId });
			}
			catch (NumberFormatException ex) {
				errors.add(new LineError(number, "product_id and variation_id must be whole numbers"));
			}
		}
		Map<String, String[]> current = new HashMap<>();
		String[] exported = currentExport.replace("\r", "").split("\n");
		for (int i = 1; i < exported.length; i++) {
			String[] fields = exported[i].split(",", -1);
			if (fields.length >= 4) {
				current.put(fields[0], fields);
			}
		}
		List<Change> changes = new ArrayList<>();
		entries.forEach((sku, ids) -> {
			String[] now = current.get(sku);
			String was = (now != null) ? now[1] + "/" + now[2] + " (" + now[3] + ")" : "not mapped";
			String becomes = ids[0] + "/" + ids[1] + " (manual)";
			String kind = (now == null) ? "new" : (now[1].equals(String.valueOf(ids[0]))
					&& now[2].equals(String.valueOf(ids[1])) && "manual".equals(now[3])) ? "unchanged" : "changed";
			changes.add(new Change(sku, kind, was, becomes));
		});
		current.forEach((sku, now) -> {
			if ("manual".equals(now[3]) && !entries.containsKey(sku)) {
				changes.add(new Change(sku, "removed", now[1] + "/" + now[2] + " (manual)", "catalogue, if listed"));
			}
		});
		return new Preview(errors, changes, entries.size());
	}

	/**
	 * @param errors each wrong line; nothing may be stored while there is one
	 * @param changes what storing the file would change
	 * @param entries the file's mappings
	 */
	record Preview(List<LineError> errors, List<Change> changes, int entries) {

		static Preview tooLarge(int maxBytes) {
			return new Preview(List.of(new LineError(0, "the file is larger than " + maxBytes + " bytes")), List.of(),
					0);
		}

		public boolean valid() {
			return this.errors.isEmpty();
		}

	}

	/**
	 * @param line the line number (1 is the header)
	 * @param problem what is wrong
	 */
	record LineError(int line, String problem) {
	}

	/**
	 * @param sku the SKU
	 * @param kind new, changed, unchanged or removed
	 * @param was its mapping now (product/variation and source)
	 * @param becomes its mapping after storing the file
	 */
	record Change(String sku, String kind, String was, String becomes) {
	}

}
