package io.stocksync.fakeshop;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

import io.stocksync.fakeshop.ShopState.Events;
import io.stocksync.fakeshop.ShopState.Webhook;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * {@code /webhooks} and {@code /webhooks/{id}}: list, create (an active one is pinged
 * after it is saved), update and delete (force only) webhooks.
 */
final class WebhooksResource {

	private final ShopState state;

	private final Renderer renderer;

	private final WebhookDispatcher dispatcher;

	WebhooksResource(ShopState state, Renderer renderer, WebhookDispatcher dispatcher) {
		this.state = state;
		this.renderer = renderer;
		this.dispatcher = dispatcher;
	}

	void register(Routes routes) {
		routes.add("GET", "/webhooks", RouteKind.LIST, this::listWebhooks);
		routes.add("POST", "/webhooks", RouteKind.CREATE, this::createWebhook);
		routes.add("GET", "/webhooks/(\\d+)", RouteKind.VIEW, this::getWebhook);
		routes.add("POST|PUT|PATCH", "/webhooks/(\\d+)", RouteKind.EDIT, this::updateWebhook);
		routes.add("DELETE", "/webhooks/(\\d+)", RouteKind.DELETE, this::deleteWebhook);
	}

	private Response listWebhooks(Call call, Events events) {
		Paging paging = Paging.of(call);
		List<Webhook> webhooks = new ArrayList<>(this.state.webhooks.values());
		webhooks.sort(Comparator.comparing((Webhook webhook) -> webhook.created)
			.thenComparingLong((webhook) -> webhook.id)
			.reversed());
		String status = call.string("status");
		if (status != null && !status.equals("all")) {
			webhooks.removeIf((webhook) -> !webhook.status.equals(status));
		}
		return paging.page(this.state.baseUrl, call, webhooks, this.renderer::webhook);
	}

	private Response createWebhook(Call call, Events events) {
		JsonNode body = call.params();
		String topic = Params.text(body, "topic", "");
		if (!validTopic(topic)) {
			throw new WcError(400, "woocommerce_rest_shop_webhook_invalid_topic",
					"Webhook topic is required and must be valid.");
		}
		String url = Params.text(body, "delivery_url", "");
		if (!url.startsWith("http://") && !url.startsWith("https://")) {
			throw new WcError(400, "woocommerce_rest_shop_webhook_invalid_delivery_url",
					"Webhook delivery URL must be a valid URL starting with http:// or https://.");
		}
		Webhook webhook = this.state.createWebhook(Params.text(body, "name", null), topic, url,
				Params.text(body, "secret", null), Params.text(body, "status", "active"));
		Response response = Response.created(this.renderer.webhook(webhook), Routes.PREFIX + "/webhooks/" + webhook.id);
		if (webhook.status.equals("active")) {
			// The ping goes out synchronously inside this request, after the webhook is
			// saved.
			long id = webhook.id;
			response.after = () -> this.dispatcher.ping(id, url);
		}
		return response;
	}

	private static boolean validTopic(String topic) {
		return topic.matches("(order|product|customer|coupon)\\.(created|updated|deleted|restored)")
				|| topic.startsWith("action.");
	}

	private Webhook webhook(Call call) {
		Webhook webhook = this.state.webhooks.get(call.id(1));
		if (webhook == null) {
			throw new WcError(404, "woocommerce_rest_shop_webhook_invalid_id", "Invalid ID.");
		}
		return webhook;
	}

	private Response getWebhook(Call call, Events events) {
		return Response.json(200, this.renderer.webhook(webhook(call)));
	}

	private Response updateWebhook(Call call, Events events) {
		Webhook webhook = webhook(call);
		JsonNode body = call.params();
		if (body.has("topic")) {
			String topic = Params.text(body, "topic", "");
			if (!validTopic(topic)) {
				throw new WcError(400, "woocommerce_rest_shop_webhook_invalid_topic",
						"Webhook topic is required and must be valid.");
			}
			webhook.topic = topic;
		}
		if (body.has("name")) {
			webhook.name = Params.text(body, "name", webhook.name);
		}
		if (body.has("delivery_url")) {
			webhook.deliveryUrl = Params.text(body, "delivery_url", webhook.deliveryUrl);
		}
		if (body.has("secret")) {
			webhook.secret = Params.text(body, "secret", webhook.secret);
		}
		if (body.has("status")) {
			String status = Params.text(body, "status", webhook.status);
			if (!List.of("active", "paused", "disabled").contains(status)) {
				throw WcError.invalidParam("status", "rest_not_in_enum",
						"status is not one of active, paused, and disabled.", true);
			}
			if (status.equals("active") && !webhook.status.equals("active")) {
				webhook.failureCount = 0;
			}
			webhook.status = status;
		}
		webhook.modified = this.state.now();
		return Response.json(200, this.renderer.webhook(webhook));
	}

	private Response deleteWebhook(Call call, Events events) {
		Webhook webhook = webhook(call);
		if (!Params.bool(call.params(), "force", false)) {
			throw new WcError(501, "woocommerce_rest_trash_not_supported", "Webhooks do not support trashing.");
		}
		ObjectNode body = this.renderer.webhook(webhook);
		this.state.webhooks.remove(webhook.id);
		return Response.json(200, body);
	}

}
