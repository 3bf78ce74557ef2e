package io.stocksync.fakeshop.shopify;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;

/**
 * Runs one fake Shopify store until the process is stopped, for the local run command.
 *
 * <pre>
 * FakeShopifyMain [--id ID] [--port PORT] [--client-secret SECRET] [--webhook-url URL] [--empty]
 * </pre>
 *
 * The store gets the demo catalogue of the fake WooCommerce shops (WCP-MUG 20, WCP-CAP
 * 15, WCP-POSTER 30, WCP-TSHIRT-S 10, WCP-TSHIRT-M 8) unless {@code --empty}, and
 * subscribes {@code --webhook-url} to {@code orders/create}, {@code orders/updated},
 * {@code orders/cancelled}, {@code refunds/create} and {@code inventory_levels/update}.
 * Prints a {@code sites.yml} entry for it.
 */
public final class FakeShopifyMain {

	static final List<String> TOPICS = List.of("orders/create", "orders/updated", "orders/cancelled", "refunds/create",
			"inventory_levels/update");

	private FakeShopifyMain() {
	}

	public static void main(String[] args) throws InterruptedException {
		String id = "shopify1";
		int port = 0;
		String clientSecret = "fake-shopify-client-secret";
		List<String> webhookUrls = new ArrayList<>();
		boolean empty = false;
		for (int i = 0; i < args.length; i++) {
			switch (args[i]) {
				case "--id" -> id = args[++i];
				case "--port" -> port = Integer.parseInt(args[++i]);
				case "--client-secret" -> clientSecret = args[++i];
				case "--webhook-url" -> webhookUrls.add(args[++i]);
				case "--empty" -> empty = true;
				default -> throw new IllegalArgumentException("unknown option " + args[i]);
			}
		}
		FakeShopify store = FakeShopify.builder().port(port).clientSecret(clientSecret).start();
		if (!empty) {
			Map.of("WCP-MUG", 20, "WCP-CAP", 15, "WCP-POSTER", 30, "WCP-TSHIRT-S", 10, "WCP-TSHIRT-M", 8)
				.entrySet()
				.stream()
				.sorted(Map.Entry.comparingByKey())
				.forEach((entry) -> store.addVariant(entry.getKey(), entry.getValue()));
		}
		for (String url : webhookUrls) {
			for (String topic : TOPICS) {
				store.subscribe(topic, url.replace("{id}", id));
			}
		}
		System.out.println("# fake Shopify store " + id + " (Admin API " + FakeShopify.MODELLED_VERSION + ") on "
				+ store.baseUrl());
		System.out.println("  - id: " + id);
		System.out.println("    platform: shopify");
		System.out.println("    base-url: " + store.baseUrl());
		System.out.println("    access-token: " + store.accessToken());
		System.out.println("    webhook-secret: " + clientSecret);
		System.out.flush();
		Runtime.getRuntime().addShutdownHook(new Thread(store::close));
		new CountDownLatch(1).await();
	}

}
