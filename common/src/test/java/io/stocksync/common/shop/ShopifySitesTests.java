package io.stocksync.common.shop;

import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalStateException;

class ShopifySitesTests {

	private static Sites parse(String yaml) {
		return Sites.parse(new ByteArrayInputStream(yaml.getBytes(StandardCharsets.UTF_8)), "test.yml");
	}

	@Test
	void shouldReadAShopifyStoreNextToAWooCommerceShopWithDefaults() {
		Sites sites = parse("""
				sites:
				  - id: woo
				    base-url: https://woo.example.com
				    consumer-key: ck_1
				    consumer-secret: cs_1
				    webhook-secret: wh_1
				  - id: b2c
				    platform: shopify
				    base-url: https://example.myshopify.com/
				    access-token: shpat_secret
				    webhook-secret: client_secret
				    buffer: 2
				  - id: outlet
				    platform: shopify
				    base-url: http://127.0.0.1:9000
				    access-token: shpat_2
				    webhook-secret: cs_2
				    location-id: 905684977
				    api-version: 2026-04
				""");

		ShopConfig woo = sites.find("woo").orElseThrow();
		assertThat(woo.platform()).isEqualTo(Platform.WOOCOMMERCE);
		assertThat(woo.isWooCommerce()).isTrue();
		ShopConfig b2c = sites.find("b2c").orElseThrow();
		assertThat(b2c.isShopify()).isTrue();
		assertThat(b2c.baseUrl()).isEqualTo("https://example.myshopify.com");
		assertThat(b2c.apiVersion()).isEqualTo(ShopConfig.DEFAULT_SHOPIFY_API_VERSION).isEqualTo("2026-01");
		assertThat(b2c.locationId()).isNull();
		assertThat(b2c.buffer()).isEqualTo(2);
		ShopConfig outlet = sites.find("outlet").orElseThrow();
		assertThat(outlet.locationId()).isEqualTo(905684977L);
		assertThat(outlet.apiVersion()).isEqualTo("2026-04");
	}

	@Test
	void shouldNameTheProblemOfAnIncompleteShopifySite() {
		assertThatIllegalStateException().isThrownBy(() -> parse("""
				sites:
				  - {id: s, platform: shopify, base-url: "https://s.myshopify.com", webhook-secret: w}
				""")).withMessageContaining("site s: access-token is required for platform: shopify");
		assertThatIllegalStateException().isThrownBy(() -> parse("""
				sites:
				  - {id: s, platform: shopify, base-url: "https://s.myshopify.com", access-token: t}
				""")).withMessageContaining("site s: webhook-secret is required");
		assertThatIllegalStateException().isThrownBy(() -> parse("""
				sites:
				  - {id: s, platform: shopify, base-url: "https://s.myshopify.com", access-token: t, webhook-secret: w,
				     api-version: "2026-02"}
				""")).withMessageContaining("api-version '2026-02'");
		assertThatIllegalStateException().isThrownBy(() -> parse("""
				sites:
				  - {id: s, platform: magento, base-url: "https://s.example", access-token: t, webhook-secret: w}
				""")).withMessageContaining("magento");
		assertThatIllegalStateException().isThrownBy(() -> parse("""
				sites:
				  - {id: w, base-url: "https://w.example", consumer-key: k, consumer-secret: s, webhook-secret: w,
				     access-token: t}
				""")).withMessageContaining("for platform: shopify only");
	}

	@Test
	void shouldNeverShowTheAccessTokenOrWebhookSecret() {
		ShopConfig shop = ShopConfig.shopify("b2c", "https://example.myshopify.com", "shpat_very_secret",
				"client_secret_value", 42L, null, 0, null);

		assertThat(shop.toString()).doesNotContain("shpat_very_secret", "client_secret_value")
			.contains("b2c", "platform=shopify", "2026-01", "locationId=42");
	}

}
