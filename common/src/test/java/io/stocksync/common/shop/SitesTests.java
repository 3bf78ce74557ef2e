package io.stocksync.common.shop;

import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalStateException;

class SitesTests {

	private static Sites parse(String yaml) {
		return Sites.parse(new ByteArrayInputStream(yaml.getBytes(StandardCharsets.UTF_8)), "test.yml");
	}

	@Test
	void shouldReadShopsWithDefaultsForAuthAndBuffer() {
		Sites sites = parse("""
				sites:
				  - id: shop1
				    base-url: https://shop1.example.com/
				    consumer-key: ck_1
				    consumer-secret: cs_1
				    webhook-secret: wh_1
				  - id: shop2
				    base-url: http://127.0.0.1:8080
				    consumer-key: ck_2
				    consumer-secret: cs_2
				    webhook-secret: wh_2
				    buffer: 3
				""");

		assertThat(sites.all()).extracting(ShopConfig::id).containsExactly("shop1", "shop2");
		ShopConfig shop1 = sites.find("shop1").orElseThrow();
		assertThat(shop1.baseUrl()).isEqualTo("https://shop1.example.com");
		assertThat(shop1.auth()).isEqualTo(ShopAuth.BASIC);
		ShopConfig shop2 = sites.find("shop2").orElseThrow();
		assertThat(shop2.auth()).isEqualTo(ShopAuth.OAUTH1);
		assertThat(shop2.buffer()).isEqualTo(3);
	}

	@Test
	void shouldReadAnOptionalCapAndRejectANegativeOne() {
		Sites sites = parse("""
				sites:
				  - {id: a, base-url: "http://x", consumer-key: k, consumer-secret: s, webhook-secret: w, cap: 25}
				  - {id: b, base-url: "http://y", consumer-key: k, consumer-secret: s, webhook-secret: w}
				""");

		assertThat(sites.find("a").orElseThrow().cap()).isEqualTo(25);
		assertThat(sites.find("b").orElseThrow().cap()).isNull();
		assertThatIllegalStateException().isThrownBy(() -> parse("""
				sites:
				  - {id: a, base-url: "http://x", consumer-key: k, consumer-secret: s, webhook-secret: w, cap: -1}
				""")).withMessageContaining("cap");
	}

	@Test
	void shouldReadShareAndHideBelowAndRejectValuesOutOfRange() {
		Sites sites = parse(
				"""
						sites:
						  - {id: a, base-url: "http://x", consumer-key: k, consumer-secret: s, webhook-secret: w, share: 50, hide-below: 5}
						  - {id: b, base-url: "http://y", consumer-key: k, consumer-secret: s, webhook-secret: w}
						""");

		assertThat(sites.find("a").orElseThrow().share()).isEqualTo(50);
		assertThat(sites.find("a").orElseThrow().hideBelow()).isEqualTo(5);
		assertThat(sites.find("b").orElseThrow().share()).isNull();
		assertThat(sites.find("b").orElseThrow().hideBelow()).isNull();
		assertThatIllegalStateException().isThrownBy(() -> parse("""
				sites:
				  - {id: a, base-url: "http://x", consumer-key: k, consumer-secret: s, webhook-secret: w, share: 150}
				""")).withMessageContaining("share");
		assertThatIllegalStateException()
			.isThrownBy(() -> parse(
					"""
							sites:
							  - {id: a, base-url: "http://x", consumer-key: k, consumer-secret: s, webhook-secret: w, hide-below: -1}
							"""))
			.withMessageContaining("hide-below");
	}

	@Test
	void shouldNeverShowSecretsInToString() {
		ShopConfig shop = new ShopConfig("shop1", "https://a.example", "ck_visible", "cs_secret", "wh_secret", null, 0);

		assertThat(shop.toString()).doesNotContain("cs_secret", "wh_secret", "ck_visible").contains("shop1");
	}

	@Test
	void shouldRejectDuplicateIdsAndUnknownKeys() {
		assertThatIllegalStateException().isThrownBy(() -> parse("""
				sites:
				  - {id: a, base-url: "http://x", consumer-key: k, consumer-secret: s, webhook-secret: w}
				  - {id: a, base-url: "http://y", consumer-key: k, consumer-secret: s, webhook-secret: w}
				""")).withMessageContaining("configured twice");
		assertThatIllegalStateException().isThrownBy(() -> parse("""
				sites:
				  - {id: a, base-url: "http://x", consumer-key: k, consumer-secret: s, webhook-secret: w, colour: red}
				""")).withMessageContaining("colour");
	}

	@Test
	void shouldRejectBaseUrlWithoutHttpScheme() {
		assertThatIllegalStateException().isThrownBy(() -> parse("""
				sites:
				  - {id: a, base-url: "ftp://x", consumer-key: k, consumer-secret: s, webhook-secret: w}
				""")).withMessageContaining("http");
	}

}
