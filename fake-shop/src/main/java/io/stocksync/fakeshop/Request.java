package io.stocksync.fakeshop;

import java.io.IOException;
import java.io.InputStream;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import com.sun.net.httpserver.HttpExchange;

/** One HTTP request as the REST API reads it (PHP's query decoding). */
record Request(String method, String rawPath, String rawQuery, List<Map.Entry<String, String>> queryList,
		Map<String, String> query, HttpExchange exchange, byte[] body) {

	String header(String name) {
		return this.exchange.getRequestHeaders().getFirst(name);
	}

	static Request read(HttpExchange exchange) throws IOException {
		byte[] body;
		try (InputStream in = exchange.getRequestBody()) {
			body = in.readAllBytes();
		}
		String rawQuery = exchange.getRequestURI().getRawQuery();
		List<Map.Entry<String, String>> queryList = PhpUrls.parseQuery(rawQuery);
		Map<String, String> query = new LinkedHashMap<>();
		for (Map.Entry<String, String> entry : queryList) {
			query.put(entry.getKey(), entry.getValue());
		}
		return new Request(exchange.getRequestMethod().toUpperCase(), exchange.getRequestURI().getRawPath(),
				(rawQuery != null) ? rawQuery : "", queryList, query, exchange, body);
	}

}
