package io.stocksync.fakeshop;

import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.AbstractMap.SimpleEntry;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** PHP's and WordPress' URL handling: query decoding and the paging links. */
final class PhpUrls {

	private PhpUrls() {
	}

	/**
	 * PHP {@code $_GET} decoding: split on {@code &}, then at the first {@code =},
	 * {@code +} means space.
	 */
	static List<Map.Entry<String, String>> parseQuery(String rawQuery) {
		List<Map.Entry<String, String>> result = new ArrayList<>();
		if (rawQuery == null || rawQuery.isEmpty()) {
			return result;
		}
		for (String pair : rawQuery.split("&")) {
			if (pair.isEmpty()) {
				continue;
			}
			int eq = pair.indexOf('=');
			String key = phpUrlDecode((eq >= 0) ? pair.substring(0, eq) : pair);
			String value = (eq >= 0) ? phpUrlDecode(pair.substring(eq + 1)) : "";
			result.add(new SimpleEntry<>(key, value));
		}
		return result;
	}

	static String pageLink(String homeUrl, String rawPath, List<Map.Entry<String, String>> queryList, int page) {
		Map<String, String> query = new LinkedHashMap<>();
		for (Map.Entry<String, String> param : queryList) {
			query.put(param.getKey(), param.getValue());
		}
		List<String> raw = new ArrayList<>();
		query.forEach((key, value) -> raw.add(key + "=" + value));
		String base = String.join("&", raw).replaceAll("=(&|$)", "$1");
		Map<String, String> reparsed = new LinkedHashMap<>();
		if (!base.isEmpty()) {
			for (String pair : base.split("&")) {
				int eq = pair.indexOf('=');
				String key = phpUrlDecode((eq >= 0) ? pair.substring(0, eq) : pair);
				String value = (eq >= 0) ? phpUrlDecode(pair.substring(eq + 1)) : "";
				reparsed.put(key, phpUrlEncode(value));
			}
		}
		reparsed.put("page", Integer.toString(page));
		List<String> pairs = new ArrayList<>();
		reparsed.forEach((key, value) -> pairs.add(key + "=" + value));
		String queryString = String.join("&", pairs).replaceAll("=(&|$)", "$1");
		return homeUrl + rawPath + "?" + queryString;
	}

	static String phpUrlEncode(String value) {
		StringBuilder out = new StringBuilder();
		for (byte b : value.getBytes(StandardCharsets.UTF_8)) {
			int c = b & 0xff;
			if ((c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '-' || c == '.'
					|| c == '_') {
				out.append((char) c);
			}
			else if (c == ' ') {
				out.append('+');
			}
			else {
				out.append('%')
					.append(Character.toUpperCase(Character.forDigit(c >> 4, 16)))
					.append(Character.toUpperCase(Character.forDigit(c & 0xf, 16)));
			}
		}
		return out.toString();
	}

	static String phpUrlDecode(String value) {
		try {
			return URLDecoder.decode(value, StandardCharsets.UTF_8);
		}
		catch (IllegalArgumentException ex) {
			return value;
		}
	}

}
