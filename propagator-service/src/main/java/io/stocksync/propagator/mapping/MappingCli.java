package io.stocksync.propagator.mapping;

import java.io.PrintStream;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

import io.stocksync.common.json.JsonMappers;
import io.stocksync.common.shop.ShopConfig;
import io.stocksync.common.shop.Sites;
import io.stocksync.woo.WooClients;
import okhttp3.OkHttpClient;
import tools.jackson.databind.SerializationFeature;

/**
 * The mapping check from the command line, without starting the service (no Kafka, no
 * consumers):
 *
 * <pre>
 * java -jar propagator-service.jar mappings [shopId ...]
 * </pre>
 *
 * Reads the catalogue of each shop (all of them by default) from the sites file
 * ({@code STOCKSYNC_SITES_FILE}, default {@code config/sites.yml}) and prints one JSON
 * report per shop: SKUs mapped, duplicate SKUs, SKUs not stock-managed, items without SKU
 * and, when {@code DATABASE_URL} names the propagator's database, the pool SKUs the shop
 * does not list ({@code missing}). Exit status 0 when every shop was read, 1 otherwise, 2
 * for a usage error.
 */
public final class MappingCli {

	private MappingCli() {
	}

	public static int run(List<String> shopIds, Map<String, String> env, PrintStream out, PrintStream err) {
		Sites sites;
		try {
			sites = Sites.load(Path.of(env.getOrDefault("STOCKSYNC_SITES_FILE", "config/sites.yml")));
		}
		catch (IllegalStateException ex) {
			err.println(ex.getMessage());
			return 2;
		}
		List<ShopConfig> shops = new ArrayList<>();
		for (String id : shopIds) {
			ShopConfig shop = sites.find(id).orElse(null);
			if (shop == null) {
				err.println("unknown shop '" + id + "'; configured: " + sites.ids());
				return 2;
			}
			shops.add(shop);
		}
		if (shops.isEmpty()) {
			shops.addAll(sites.all());
		}
		Set<String> pool = poolSkus(env, err);
		OkHttpClient http = new OkHttpClient.Builder().connectTimeout(Duration.ofSeconds(5))
			.readTimeout(Duration.ofSeconds(30))
			.callTimeout(Duration.ofSeconds(60))
			.build();
		WooClients clients = new WooClients(http, Clock.systemUTC());
		int status = 0;
		List<Map<String, Object>> reports = new ArrayList<>();
		for (ShopConfig shop : shops) {
			Map<String, Object> report = new LinkedHashMap<>();
			report.put("shop", shop.id());
			try {
				ShopMapping mapping = ShopMapping.of(shop.id(), clients.forShop(shop).fetchCatalogue(),
						Clock.systemUTC().instant());
				report.put("skus", mapping.bySku().size());
				report.put("duplicateSkus", mapping.duplicateSkus());
				report.put("notStockManaged", mapping.notStockManaged());
				report.put("withoutSku", mapping.withoutSku());
				if (pool != null) {
					report.put("missing",
							pool.stream()
								.filter((sku) -> mapping.find(sku).isEmpty() && !mapping.duplicateSkus().contains(sku)
										&& !mapping.notStockManaged().contains(sku))
								.toList());
				}
			}
			catch (RuntimeException ex) {
				report.put("error", ex.getMessage());
				status = 1;
			}
			reports.add(report);
		}
		out.println(JsonMappers.standard()
			.rebuild()
			.enable(SerializationFeature.INDENT_OUTPUT)
			.build()
			.writeValueAsString(reports));
		http.dispatcher().executorService().shutdown();
		http.connectionPool().evictAll();
		return status;
	}

	/* The SKUs the propagator has seen stock changes for, or null without a database. */
	private static Set<String> poolSkus(Map<String, String> env, PrintStream err) {
		String url = env.get("DATABASE_URL");
		if (url == null || url.isBlank()) {
			return null;
		}
		try (Connection connection = DriverManager.getConnection(url, env.getOrDefault("DATABASE_USER", "stocksync"),
				env.getOrDefault("DATABASE_PASSWORD", ""));
				Statement statement = connection.createStatement();
				ResultSet rows = statement.executeQuery("select sku from propagator_stock")) {
			Set<String> skus = new TreeSet<>();
			while (rows.next()) {
				skus.add(rows.getString(1));
			}
			return skus;
		}
		catch (SQLException ex) {
			err.println("cannot read the pool SKUs from DATABASE_URL (" + ex.getMessage()
					+ "); reporting without missing SKUs");
			return null;
		}
	}

}
