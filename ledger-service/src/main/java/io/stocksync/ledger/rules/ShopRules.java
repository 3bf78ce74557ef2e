package io.stocksync.ledger.rules;

import java.sql.Timestamp;
import java.time.Instant;
import java.util.Collection;
import java.util.Map;
import java.util.TreeMap;

import io.stocksync.common.rules.SkuRule;

import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

/**
 * The per-SKU overrides of the shops' rules ({@code shop_sku_rule}). Read by the stock
 * ledger for every {@code StockChanged} it emits, so each event carries the overrides of
 * its SKU.
 */
@Repository
public class ShopRules {

	private final JdbcClient jdbc;

	ShopRules(JdbcClient jdbc) {
		this.jdbc = jdbc;
	}

	/**
	 * The overrides of the given SKUs: SKU → shop id → override. SKUs without any are
	 * absent.
	 */
	public Map<String, Map<String, SkuRule>> forSkus(Collection<String> skus) {
		Map<String, Map<String, SkuRule>> rules = new TreeMap<>();
		if (skus.isEmpty()) {
			return rules;
		}
		this.jdbc.sql("""
				select shop_id, sku, share, buffer, cap, hide_below, sync
				  from shop_sku_rule
				 where sku = any(cast(:skus as text[]))
				""").param("skus", skus.toArray(String[]::new)).query((rs) -> {
			rules.computeIfAbsent(rs.getString("sku"), (sku) -> new TreeMap<>())
				.put(rs.getString("shop_id"),
						new SkuRule(rs.getObject("share", Integer.class), rs.getObject("buffer", Integer.class),
								rs.getObject("cap", Integer.class), rs.getObject("hide_below", Integer.class),
								rs.getObject("sync", Boolean.class)));
		});
		return rules;
	}

	/** The overrides of one shop: SKU → override, in SKU order. */
	Map<String, SkuRule> forShop(String shopId) {
		Map<String, SkuRule> rules = new TreeMap<>();
		this.jdbc.sql("""
				select sku, share, buffer, cap, hide_below, sync
				  from shop_sku_rule
				 where shop_id = :shop
				""").param("shop", shopId).query((rs) -> {
			rules.put(rs.getString("sku"),
					new SkuRule(rs.getObject("share", Integer.class), rs.getObject("buffer", Integer.class),
							rs.getObject("cap", Integer.class), rs.getObject("hide_below", Integer.class),
							rs.getObject("sync", Boolean.class)));
		});
		return rules;
	}

	void save(String shopId, String sku, SkuRule rule, Instant now) {
		this.jdbc.sql("""
				insert into shop_sku_rule (shop_id, sku, share, buffer, cap, hide_below, sync, updated_at)
				values (:shop, :sku, :share, :buffer, :cap, :hideBelow, :sync, :now)
				on conflict (shop_id, sku) do update
				   set share = excluded.share, buffer = excluded.buffer, cap = excluded.cap,
				       hide_below = excluded.hide_below, sync = excluded.sync, updated_at = excluded.updated_at
				""")
			.param("shop", shopId)
			.param("sku", sku)
			.param("share", rule.share(), java.sql.Types.INTEGER)
			.param("buffer", rule.buffer(), java.sql.Types.INTEGER)
			.param("cap", rule.cap(), java.sql.Types.INTEGER)
			.param("hideBelow", rule.hideBelow(), java.sql.Types.INTEGER)
			.param("sync", rule.sync(), java.sql.Types.BOOLEAN)
			.param("now", Timestamp.from(now))
			.update();
	}

	void delete(String shopId, String sku) {
		this.jdbc.sql("delete from shop_sku_rule where shop_id = :shop and sku = :sku")
			.param("shop", shopId)
			.param("sku", sku)
			.update();
	}

}
