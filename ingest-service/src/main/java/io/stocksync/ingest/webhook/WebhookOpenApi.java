package io.stocksync.ingest.webhook;

import io.swagger.v3.oas.models.Operation;
import io.swagger.v3.oas.models.PathItem;
import io.swagger.v3.oas.models.media.Content;
import io.swagger.v3.oas.models.media.MediaType;
import io.swagger.v3.oas.models.media.ObjectSchema;
import io.swagger.v3.oas.models.media.StringSchema;
import io.swagger.v3.oas.models.parameters.HeaderParameter;
import io.swagger.v3.oas.models.parameters.PathParameter;
import io.swagger.v3.oas.models.parameters.RequestBody;
import io.swagger.v3.oas.models.responses.ApiResponse;
import io.swagger.v3.oas.models.responses.ApiResponses;

/**
 * The OpenAPI description of a webhook endpoint served by a {@link WebhookServlet}, which
 * springdoc does not see (it reads Spring MVC's handler mappings).
 */
public final class WebhookOpenApi {

	private WebhookOpenApi() {
	}

	/**
	 * {@code POST .../{shopId}}, signed in {@code signatureHeader}, with the topic in
	 * {@code topicHeader}.
	 */
	public static PathItem post(String operationId, String summary, String signatureHeader, String signatureDescription,
			String topicHeader) {
		Content json = new Content().addMediaType("application/json", new MediaType().schema(new ObjectSchema()));
		Operation operation = new Operation().operationId(operationId)
			.addTagsItem("webhooks")
			.summary(summary)
			.addParametersItem(new PathParameter().name("shopId").required(true).schema(new StringSchema()))
			.addParametersItem(new HeaderParameter().name(signatureHeader)
				.required(false)
				.description(signatureDescription)
				.schema(new StringSchema()))
			.addParametersItem(new HeaderParameter().name(topicHeader).required(false).schema(new StringSchema()))
			.requestBody(new RequestBody().required(true).content(json))
			.responses(new ApiResponses()
				.addApiResponse("200", response("stored (Kafka or the spool), reported, ignored", json))
				.addApiResponse("202", response("verified but unusable: parked in quarantine", json))
				.addApiResponse("401", response("unknown shop or a signature that does not verify", json))
				.addApiResponse("413", response("body larger than stocksync.max-body-size", json))
				.addApiResponse("503", response("neither Kafka nor the spool stored it (Retry-After)", json)));
		return new PathItem().post(operation);
	}

	private static ApiResponse response(String description, Content content) {
		return new ApiResponse().description(description).content(content);
	}

}
