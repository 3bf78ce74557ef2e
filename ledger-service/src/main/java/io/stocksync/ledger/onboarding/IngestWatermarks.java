package io.stocksync.ledger.onboarding;

import java.io.IOException;
import java.time.Instant;
import java.util.Map;

import io.stocksync.common.json.JsonMappers;
import io.stocksync.support.ServiceProperties;
import okhttp3.MediaType;
import okhttp3.OkHttpClient;
import okhttp3.Request;
import okhttp3.RequestBody;
import okhttp3.Response;

import org.springframework.stereotype.Component;

/**
 * Hands ingest the order poll's watermark at the cut ({@code PUT
 * /admin/sites/{shopId}/poll-watermark} with the admin token): ingest keeps the later of
 * its own and this one, so the first poll after the baseline starts there and not
 * earlier. Not needed for exactness (an older state of an order in the baseline changes
 * nothing in the ledger), it saves re-reading orders the baseline already holds.
 */
@Component
class IngestWatermarks {

	private static final MediaType JSON = MediaType.get("application/json");

	private final OkHttpClient http;

	private final OnboardingProperties settings;

	private final ServiceProperties properties;

	IngestWatermarks(OkHttpClient http, OnboardingProperties settings, ServiceProperties properties) {
		this.http = http;
		this.settings = settings;
		this.properties = properties;
	}

	/**
	 * @return {@code null} when ingest took it, otherwise why not
	 */
	String handOver(String shopId, Instant watermark) {
		String base = this.settings.ingestUrl();
		if (base == null || base.isBlank()) {
			return "not handed over: stocksync.onboarding.ingest-url is not set";
		}
		String body = JsonMappers.standard().writeValueAsString(Map.of("watermark", watermark.toString()));
		Request request = new Request.Builder()
			.url(base.replaceAll("/+$", "") + "/admin/sites/" + shopId + "/poll-watermark")
			.header("Authorization", "Bearer " + this.properties.adminToken())
			.put(RequestBody.create(body, JSON))
			.build();
		try (Response response = this.http.newCall(request).execute()) {
			return response.isSuccessful() ? null : "ingest answered " + response.code();
		}
		catch (IOException ex) {
			return "ingest not reachable: " + ex.getMessage();
		}
	}

}
