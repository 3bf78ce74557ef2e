package io.stocksync.fakeshop;

import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;

/**
 * Runs one or more fake shops until the process is stopped, for the local run command.
 *
 * <pre>
 * FakeShopMain [--shop ID[:PORT]]... [--ck KEY --cs SECRET] [--webhook-secret SECRET] [--async] [--empty]
 *              [--costs SINGLE_MS:BATCH_ITEM_MS] [--webhook TOPIC=URL]...
 * </pre>
 *
 * Without {@code --shop} one shop {@code shop1} on a random port starts. Each shop gets
 * the fixtures' demo catalogue (WCP-MUG 20, WCP-CAP 15, WCP-POSTER 30, WCP-TSHIRT with
 * WCP-TSHIRT-S 10 / WCP-TSHIRT-M 8) unless {@code --empty}. {@code --webhook} registers
 * an active webhook on every shop; {@code {id}} in the URL is replaced by the shop id.
 * {@code --costs 70:27} makes REST writes as slow as a real WooCommerce on 2 cores (70 ms
 * per single write, 27 ms per batch item). Prints a {@code sites.yml} snippet with each
 * shop's URL and credentials.
 */
public final class FakeShopMain {

	private FakeShopMain() {
	}

	public static void main(String[] args) throws InterruptedException {
		Map<String, Integer> shops = new LinkedHashMap<>();
		Map<String, String> webhooks = new LinkedHashMap<>();
		String consumerKey = null;
		String consumerSecret = null;
		String webhookSecret = null;
		boolean async = false;
		boolean empty = false;
		Duration singleWriteCost = Duration.ZERO;
		Duration batchItemCost = Duration.ZERO;
		for (int i = 0; i < args.length; i++) {
			switch (args[i]) {
				case "--shop" -> {
					String[] parts = value(args, ++i).split(":", 2);
					shops.put(parts[0], (parts.length > 1) ? Integer.parseInt(parts[1]) : 0);
				}
				case "--ck" -> consumerKey = value(args, ++i);
				case "--cs" -> consumerSecret = value(args, ++i);
				case "--webhook-secret" -> webhookSecret = value(args, ++i);
				case "--async" -> async = true;
				case "--empty" -> empty = true;
				case "--costs" -> {
					String[] parts = value(args, ++i).split(":", 2);
					if (parts.length != 2) {
						throw new IllegalArgumentException("--costs needs SINGLE_WRITE_MS:BATCH_ITEM_MS, e.g. 70:27");
					}
					singleWriteCost = Duration.ofMillis(Long.parseLong(parts[0]));
					batchItemCost = Duration.ofMillis(Long.parseLong(parts[1]));
				}
				case "--webhook" -> {
					String[] parts = value(args, ++i).split("=", 2);
					if (parts.length != 2) {
						throw new IllegalArgumentException("--webhook needs TOPIC=URL");
					}
					webhooks.put(parts[0], parts[1]);
				}
				case "-h", "--help" -> {
					System.out.println("usage: FakeShopMain [--shop ID[:PORT]]... [--ck KEY --cs SECRET] "
							+ "[--webhook-secret SECRET] [--async] [--empty] [--costs SINGLE_MS:BATCH_ITEM_MS] "
							+ "[--webhook TOPIC=URL]...");
					return;
				}
				default -> throw new IllegalArgumentException("unknown argument " + args[i]);
			}
		}
		if (shops.isEmpty()) {
			shops.put("shop1", 0);
		}
		List<FakeShop> started = new ArrayList<>();
		StringBuilder sites = new StringBuilder("sites:\n");
		for (Map.Entry<String, Integer> entry : shops.entrySet()) {
			FakeShopOptions options = FakeShopOptions.defaults(entry.getKey())
				.withPort(entry.getValue())
				.withAsyncWebhooks(async);
			if (consumerKey != null && consumerSecret != null) {
				options = options.withCredentials(consumerKey, consumerSecret);
			}
			if (webhookSecret != null) {
				options = options.withWebhookSecret(webhookSecret);
			}
			FakeShop shop = FakeShop.start(options);
			shop.setCosts(singleWriteCost, batchItemCost);
			started.add(shop);
			if (!empty) {
				seed(shop);
			}
			webhooks.forEach((topic, url) -> shop.registerWebhook(topic, url.replace("{id}", shop.id())));
			sites.append(shop.sitesEntry());
		}
		System.out.print(sites);
		for (FakeShop shop : started) {
			System.out.println("# " + shop.id() + ": GET " + shop.baseUrl() + "/stock, POST " + shop.baseUrl()
					+ "/checkout?sku=WCP-MUG&qty=2");
		}
		System.out.flush();
		CountDownLatch stopped = new CountDownLatch(1);
		Runtime.getRuntime().addShutdownHook(new Thread(() -> {
			started.forEach(FakeShop::close);
			stopped.countDown();
		}, "fake-shop-shutdown"));
		stopped.await();
	}

	/** The catalogue of the captured fixtures. */
	static void seed(FakeShop shop) {
		shop.addSimpleProduct("WCP-MUG", "Test Mug", "12.50", 20);
		shop.addSimpleProduct("WCP-CAP", "Test Cap", "15.00", 15);
		shop.addSimpleProduct("WCP-POSTER", "Test Poster", "8.00", 30);
		Map<String, Integer> sizes = new LinkedHashMap<>();
		sizes.put("WCP-TSHIRT-S", 10);
		sizes.put("WCP-TSHIRT-M", 8);
		shop.addVariableProduct("WCP-TSHIRT", sizes);
	}

	private static String value(String[] args, int index) {
		if (index >= args.length) {
			throw new IllegalArgumentException(args[index - 1] + " needs a value");
		}
		return args[index];
	}

}
