package io.stocksync.fakeshop;

import java.util.AbstractMap.SimpleEntry;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;

import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.JsonNodeFactory;
import tools.jackson.databind.node.ObjectNode;

/**
 * WordPress collection paging: {@code page} and {@code per_page} (1-100, default 10),
 * {@code X-WP-Total}, {@code X-WP-TotalPages} and the {@code prev}/{@code next} links.
 */
record Paging(int page, int perPage) {

	private static final JsonNodeFactory NODES = JsonNodeFactory.instance;

	static Paging of(Call call) {
		Integer perPage = Params.integer(call.params(), "per_page");
		if (perPage != null && (perPage < 1 || perPage > 100)) {
			throw WcError.invalidParam("per_page", "rest_out_of_bounds",
					"per_page must be between 1 (inclusive) and 100 (inclusive)", false);
		}
		Integer page = Params.integer(call.params(), "page");
		if (page != null && page < 1) {
			throw WcError.invalidParam("page", "rest_out_of_bounds", "page must be greater than or equal to 1", false);
		}
		return new Paging((page != null) ? page : 1, (perPage != null) ? perPage : 10);
	}

	<T> Response page(String homeUrl, Call call, List<T> items, Function<T, ObjectNode> render) {
		int total = items.size();
		int maxPages = (int) Math.ceil(total / (double) perPage());
		ArrayNode array = NODES.arrayNode();
		int from = (page() - 1) * perPage();
		for (int i = from; i < Math.min(total, from + perPage()); i++) {
			array.add(render.apply(items.get(i)));
		}
		Response response = Response.json(200, array);
		response.headers.add(new SimpleEntry<>("X-WP-Total", Integer.toString(total)));
		response.headers.add(new SimpleEntry<>("X-WP-TotalPages", Integer.toString(maxPages)));
		List<String> links = new ArrayList<>();
		if (page() > 1) {
			int prev = Math.min(page() - 1, maxPages);
			links.add("<" + PhpUrls.pageLink(homeUrl, call.request().rawPath(), call.request().queryList(), prev)
					+ ">; rel=\"prev\"");
		}
		if (maxPages > page()) {
			links.add("<" + PhpUrls.pageLink(homeUrl, call.request().rawPath(), call.request().queryList(), page() + 1)
					+ ">; rel=\"next\"");
		}
		if (!links.isEmpty()) {
			response.link = String.join(", ", links);
		}
		return response;
	}

}
