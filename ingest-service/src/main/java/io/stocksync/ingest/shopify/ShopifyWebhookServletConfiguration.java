package io.stocksync.ingest.shopify;

import io.stocksync.ingest.system.IngestProperties;
import io.stocksync.ingest.webhook.WebhookOpenApi;
import io.stocksync.ingest.webhook.WebhookServlet;
import org.springdoc.core.customizers.OpenApiCustomizer;

import org.springframework.boot.web.servlet.ServletRegistrationBean;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * {@code POST /webhooks/shopify/{shopId}} as its own servlet ({@link WebhookServlet}),
 * and its entry in the OpenAPI document, which springdoc builds from MVC handlers only.
 */
@Configuration(proxyBeanMethods = false)
class ShopifyWebhookServletConfiguration {

	static final String PATH = "/webhooks/shopify";

	@Bean
	ServletRegistrationBean<WebhookServlet> shopifyWebhookServlet(ShopifyWebhooks endpoint,
			IngestProperties properties) {
		return WebhookServlet.registration("shopifyWebhooks", PATH, endpoint, properties.kafkaAckTimeout());
	}

	@Bean
	OpenApiCustomizer shopifyWebhookDocumentation() {
		return (openApi) -> openApi.path(PATH + "/{shopId}", WebhookOpenApi.post("receiveShopifyWebhook",
				"A Shopify webhook delivery (see ingest-service/README.md, Shopify webhooks)", "X-Shopify-Hmac-Sha256",
				"base64(HMAC-SHA256(the store's webhook secret, raw body))", "X-Shopify-Topic"));
	}

}
