package io.stocksync.fakeshop;

import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import io.stocksync.fakeshop.ShopState.Events;

/**
 * The REST API's route table under {@value #PREFIX}: method, path pattern, kind and
 * handler, in registration order (which is also the order of the {@code Allow} header).
 */
final class Routes {

	static final String PREFIX = "/wp-json/wc/v3";

	private final List<Route> routes = new ArrayList<>();

	/**
	 * @param methods one method or several joined by {@code |}
	 * @param path the pattern after {@link #PREFIX}; groups are the ids of
	 * {@link Call#id(int)}
	 */
	void add(String methods, String path, RouteKind kind, Handler handler) {
		for (String method : methods.split("\\|")) {
			this.routes.add(new Route(method, Pattern.compile(PREFIX + path), kind, handler));
		}
	}

	/** The first route for that method and path, or null. */
	Match find(String method, String path) {
		for (Route candidate : this.routes) {
			Matcher matcher = candidate.pattern().matcher(path);
			if (matcher.matches() && candidate.method().equals(method)) {
				return new Match(candidate, matcher);
			}
		}
		return null;
	}

	/** The methods the path answers, for the {@code Allow} header. */
	String allow(String path) {
		List<String> methods = new ArrayList<>();
		for (Route route : this.routes) {
			if (route.pattern().matcher(path).matches() && !methods.contains(route.method())) {
				methods.add(route.method());
			}
		}
		return String.join(", ", methods);
	}

	/** Runs under the shop state's write lock; {@code events} collects the webhooks. */
	@FunctionalInterface
	interface Handler {

		Response handle(Call call, Events events);

	}

	record Route(String method, Pattern pattern, RouteKind kind, Handler handler) {
	}

	record Match(Route route, Matcher matcher) {
	}

}
