package io.stocksync.ingest.webhook;

import java.util.Map;

/**
 * The answer to a webhook delivery, as {@link WebhookServlet} writes it: the status, any
 * extra headers (e.g. {@code Retry-After}) and the JSON body, already encoded (the common
 * answers are pre-encoded bytes); {@code null} for no body.
 *
 * @param status the HTTP status
 * @param headers extra response headers
 * @param body the JSON body, sent as {@code application/json}; {@code null} for none
 */
public record WebhookAnswer(int status, Map<String, String> headers, byte[] body) {

	/** An unexpected failure: 500 without a body. */
	public static final WebhookAnswer INTERNAL_ERROR = new WebhookAnswer(500, Map.of(), null);

	public static WebhookAnswer json(int status, byte[] body) {
		return new WebhookAnswer(status, Map.of(), body);
	}

}
