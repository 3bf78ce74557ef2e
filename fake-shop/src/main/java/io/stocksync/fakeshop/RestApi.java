package io.stocksync.fakeshop;

import java.io.IOException;
import java.io.OutputStream;
import java.time.Instant;
import java.util.Map;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpHandler;
import io.stocksync.fakeshop.ShopState.Result;
import tools.jackson.databind.node.ObjectNode;

/**
 * The HTTP side of the fake shop: routes {@code /wp-json/wc/v3/...} to the resources
 * (products, variations, batch, orders, webhooks) like WooCommerce (OAuth 1.0a, WordPress
 * error bodies and headers), and the demo endpoints to {@link DemoEndpoints}.
 * <p>
 * Checks run in WordPress' order: OAuth errors, then route, then JSON body, then
 * permission (anonymous requests get {@code woocommerce_rest_cannot_*}), then the
 * handler. A handler runs under the state's write lock; the webhooks it fired are sent
 * after the lock is released.
 * <p>
 * A request that reaches a handler is logged under that lock too, so whoever sees its
 * effect on the shop (a stock, an order) also finds it in the {@link RequestLog}; other
 * requests are logged when answered.
 */
final class RestApi implements HttpHandler {

	private final ShopState state;

	private final OAuth1Verifier oauth;

	private final WebhookDispatcher dispatcher;

	private final RequestLog log;

	private final Faults faults;

	private final Costs costs;

	private final DemoEndpoints demo;

	private final Routes routes = new Routes();

	RestApi(ShopState state, Renderer renderer, OAuth1Verifier oauth, WebhookDispatcher dispatcher, RequestLog log,
			Faults faults, Costs costs, DemoEndpoints demo) {
		this.state = state;
		this.oauth = oauth;
		this.dispatcher = dispatcher;
		this.log = log;
		this.faults = faults;
		this.costs = costs;
		this.demo = demo;
		ProductsResource products = new ProductsResource(state, renderer);
		VariationsResource variations = new VariationsResource(state, renderer, products);
		products.register(this.routes);
		variations.register(this.routes);
		new BatchResource(state, renderer, products, variations).register(this.routes);
		new OrdersResource(state, renderer).register(this.routes);
		new WebhooksResource(state, renderer, dispatcher).register(this.routes);
	}

	@Override
	public void handle(HttpExchange exchange) throws IOException {
		try (exchange) {
			Arrival arrival = new Arrival(Request.read(exchange), this.log.now());
			Response response;
			try {
				response = dispatch(arrival);
			}
			catch (RuntimeException ex) {
				response = error(asWcError(ex));
			}
			arrival.answered(response.status);
			send(exchange, response);
		}
	}

	private Response dispatch(Arrival arrival) {
		Request request = arrival.request;
		String path = request.rawPath();
		if (path.equals("/checkout") || path.equals("/stock") || path.equals("/")) {
			return this.demo.storefront(request);
		}
		if (path.equals("/__faults")) {
			return this.demo.faults(request);
		}
		if (!path.startsWith("/wp-json/")) {
			return Response.text(404, "Not Found");
		}
		Response fault = this.faults.take();
		if (fault != null) {
			return fault;
		}
		boolean authenticated = this.oauth.authenticate(request.method(), path, request.query(),
				request.header("Authorization"));
		Routes.Match match = this.routes.find(request.method(), path);
		if (match == null) {
			throw new WcError(404, "rest_no_route", "No route was found matching the URL and request method.");
		}
		ObjectNode params = Params.of(request);
		if (!authenticated) {
			throw match.route().kind().forbidden();
		}
		this.costs.apply(match.route().kind(), params);
		Call call = new Call(request, match.matcher(), params);
		Result<Response> result = this.state.write((events) -> {
			try {
				Response answer = match.route().handler().handle(call, events);
				arrival.answered(answer.status);
				return answer;
			}
			catch (RuntimeException ex) {
				arrival.answered(asWcError(ex).status());
				throw ex;
			}
		});
		this.dispatcher.dispatch(result.deliveries());
		Response response = result.value();
		if (response.after != null) {
			response.after.run();
		}
		response.allow = this.routes.allow(path);
		return response;
	}

	/**
	 * The WordPress error a failed request is answered with: its own, or the critical
	 * error page's 500 for anything a handler did not mean to throw.
	 */
	private static WcError asWcError(RuntimeException ex) {
		return (ex instanceof WcError error) ? error
				: new WcError(500, "internal_server_error", "There has been a critical error on this website.");
	}

	private static Response error(WcError error) {
		Response response = Response.json(error.status(), error.body());
		response.authError = error.status() == 401;
		return response;
	}

	private void send(HttpExchange exchange, Response response) throws IOException {
		var headers = exchange.getResponseHeaders();
		headers.add("Server", "fake-shop (nginx/1.22.1 compatible)");
		headers.add("Content-Type", response.contentType);
		if (response.contentType.startsWith("application/json")) {
			headers.add("X-Robots-Tag", "noindex");
			headers.add("Link", (response.link != null) ? response.link
					: "<" + this.state.baseUrl + "/wp-json/>; rel=\"https://api.w.org/\"");
			headers.add("X-Content-Type-Options", "nosniff");
			headers.add("Access-Control-Expose-Headers", "X-WP-Total, X-WP-TotalPages, Link");
			headers.add("Access-Control-Allow-Headers",
					"Authorization, X-WP-Nonce, Content-Disposition, Content-MD5, Content-Type");
			for (Map.Entry<String, String> header : response.headers) {
				headers.add(header.getKey(), header.getValue());
			}
			if (response.location != null) {
				headers.add("Location", this.state.baseUrl + response.location);
			}
			if (response.authError) {
				headers.add("Vary", "Origin");
			}
			else {
				if (response.allow != null && !response.allow.isEmpty()) {
					headers.add("Allow", response.allow);
				}
				headers.add("Expires", "Wed, 11 Jan 1984 05:00:00 GMT");
				headers.add("Cache-Control", "no-cache, must-revalidate, max-age=0, no-store, private");
			}
		}
		else {
			for (Map.Entry<String, String> header : response.headers) {
				headers.add(header.getKey(), header.getValue());
			}
		}
		exchange.sendResponseHeaders(response.status, (response.body.length == 0) ? -1 : response.body.length);
		if (response.body.length > 0) {
			try (OutputStream out = exchange.getResponseBody()) {
				out.write(response.body);
			}
		}
	}

	/**
	 * A request and when it arrived (not when its simulated cost was spent), logged once.
	 */
	private final class Arrival {

		private final Request request;

		private final Instant receivedAt;

		private boolean logged;

		private Arrival(Request request, Instant receivedAt) {
			this.request = request;
			this.receivedAt = receivedAt;
		}

		void answered(int status) {
			if (!this.logged) {
				this.logged = true;
				RestApi.this.log.record(this.request.method(), this.request.rawPath(), this.request.rawQuery(), status,
						this.receivedAt);
			}
		}

	}

}
