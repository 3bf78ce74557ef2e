package io.stocksync.ingest.webhook;

import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Pattern;

import tools.jackson.databind.json.JsonMapper;

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

	private static final Pattern UNPRINTABLE = Pattern.compile("[^\\x20-\\x7e]");

	/** An unexpected failure: 500 without a body. */
	public static final WebhookAnswer INTERNAL_ERROR = new WebhookAnswer(500, Map.of(), null);

	public static WebhookAnswer json(int status, byte[] body) {
		return new WebhookAnswer(status, Map.of(), body);
	}

	/**
	 * The outcome of a delivery, the same for every platform:
	 * {@code {"status":"quarantined","orderId":7,"reason":"...","spooled":true}} (fields
	 * without a value left out), 202 for a quarantined delivery and 200 otherwise.
	 */
	public static WebhookAnswer outcome(OrderIntake.Result result, JsonMapper json) {
		Map<String, Object> answer = new LinkedHashMap<>();
		answer.put("status", result.outcome().name().toLowerCase(Locale.ROOT));
		if (result.orderId() != null) {
			answer.put("orderId", result.orderId());
		}
		if (result.reason() != null) {
			answer.put("reason", printable(result.reason(), 500));
		}
		if (result.spooled()) {
			answer.put("spooled", true);
		}
		int status = (result.outcome() == OrderIntake.Outcome.QUARANTINED) ? 202 : 200;
		return json(status, json.writeValueAsBytes(answer));
	}

	/**
	 * A value fit for an answer or a log line: printable ASCII only, cut after
	 * {@code limit} characters; {@code "-"} for null.
	 */
	public static String printable(String value, int limit) {
		if (value == null) {
			return "-";
		}
		String cut = (value.length() > limit) ? value.substring(0, limit) + "..." : value;
		for (int i = 0; i < cut.length(); i++) {
			char c = cut.charAt(i);
			if (c < 0x20 || c > 0x7e) {
				return UNPRINTABLE.matcher(cut).replaceAll("?");
			}
		}
		// the usual case, on every delivery (its topic): no regular expression compiled
		return cut;
	}

}
