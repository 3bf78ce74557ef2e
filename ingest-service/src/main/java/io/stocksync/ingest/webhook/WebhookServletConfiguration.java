package io.stocksync.ingest.webhook;

import io.stocksync.ingest.system.IngestProperties;
import org.springdoc.core.customizers.OpenApiCustomizer;

import org.springframework.boot.web.servlet.ServletRegistrationBean;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * {@code POST /webhooks/woocommerce/{shopId}} as its own servlet
 * ({@link WebhookServlet}), and its entry in the OpenAPI document, which springdoc builds
 * from MVC handlers only.
 */
@Configuration(proxyBeanMethods = false)
class WebhookServletConfiguration {

	static final String PATH = "/webhooks/woocommerce";

	@Bean
	ServletRegistrationBean<WebhookServlet> wooCommerceWebhookServlet(WooCommerceWebhooks endpoint,
			IngestProperties properties) {
		return WebhookServlet.registration("wooCommerceWebhooks", PATH, endpoint, properties.kafkaAckTimeout());
	}

	@Bean
	OpenApiCustomizer wooCommerceWebhookDocumentation() {
		return (openApi) -> openApi.path(PATH + "/{shopId}",
				WebhookOpenApi.post("receiveWooCommerceWebhook",
						"A WooCommerce webhook delivery (see ingest-service/README.md)", "X-WC-Webhook-Signature",
						"base64(HMAC-SHA256(the shop's webhook secret, raw body))", "X-WC-Webhook-Topic"));
	}

}
