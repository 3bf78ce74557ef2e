package io.stocksync.console.system;

import java.util.List;
import java.util.Map;

/**
 * The answer of one admin API call, already parsed: JSON objects as maps, arrays as
 * lists. A service that did not answer gives {@code status} 0 and an {@code error}; pages
 * show that instead of failing.
 *
 * @param service the service's name (ingest, ledger, propagator)
 * @param status the HTTP status, 0 if the service did not answer
 * @param body the parsed JSON body, the text for a non-JSON answer, or null
 * @param error why the service did not answer, null if it did
 */
public record ApiResult(String service, int status, Object body, String error) {

	public boolean reachable() {
		return this.error == null;
	}

	public boolean ok() {
		return reachable() && this.status >= 200 && this.status < 300;
	}

	@SuppressWarnings("unchecked")
	public Map<String, Object> map() {
		return (this.body instanceof Map<?, ?> map) ? (Map<String, Object>) map : Map.of();
	}

	@SuppressWarnings("unchecked")
	public List<Object> list() {
		return (this.body instanceof List<?> list) ? (List<Object>) list : List.of();
	}

	@SuppressWarnings("unchecked")
	public List<Object> list(String key) {
		return (map().get(key) instanceof List<?> list) ? (List<Object>) list : List.of();
	}

	/**
	 * A list of objects as a map by one of their fields (e.g. reports by {@code shop});
	 * an object as it is.
	 */
	@SuppressWarnings("unchecked")
	public Map<String, Object> byKey(String key) {
		if (this.body instanceof Map<?, ?> map) {
			return (Map<String, Object>) map;
		}
		Map<String, Object> byKey = new java.util.LinkedHashMap<>();
		for (Object item : list()) {
			if (item instanceof Map<?, ?> map && map.get(key) != null) {
				byKey.put(String.valueOf(map.get(key)), item);
			}
		}
		return byKey;
	}

	/** The keys of the first object of a list answer, for a table's columns. */
	public List<String> columns() {
		return (!list().isEmpty() && list().get(0) instanceof Map<?, ?> first)
				? first.keySet().stream().map(String::valueOf).toList() : List.of();
	}

	public boolean isMap() {
		return this.body instanceof Map<?, ?>;
	}

	public boolean isList() {
		return this.body instanceof List<?>;
	}

	public String text() {
		return (this.body instanceof String text) ? text : "";
	}

	/**
	 * What went wrong, for a page: the service's own message, or why it did not answer;
	 * null if it went well.
	 */
	public String problem() {
		if (!reachable()) {
			return this.service + " is not reachable: " + this.error;
		}
		if (ok()) {
			return null;
		}
		Object message = map().get("message");
		Object error = map().get("error");
		String detail = (message != null) ? String.valueOf(message)
				: (error != null) ? String.valueOf(error) : (this.body instanceof String text) ? text.strip() : "";
		if (detail.length() > 200) {
			detail = detail.substring(0, 200) + "...";
		}
		return this.service + " answered " + this.status + (detail.isEmpty() ? "" : ": " + detail);
	}

}
