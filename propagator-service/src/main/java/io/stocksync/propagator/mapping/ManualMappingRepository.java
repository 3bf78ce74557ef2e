package io.stocksync.propagator.mapping;

import java.sql.Timestamp;
import java.time.Instant;
import java.util.List;

import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;
import org.springframework.transaction.annotation.Transactional;

/** Operator-set mappings per shop (table {@code propagator_manual_mapping}). */
@Repository
class ManualMappingRepository {

	private final JdbcClient jdbc;

	ManualMappingRepository(JdbcClient jdbc) {
		this.jdbc = jdbc;
	}

	List<ManualMapping> forShop(String shopId) {
		return this.jdbc.sql("""
				select sku, product_id, variation_id
				  from propagator_manual_mapping
				 where shop_id = :shop
				 order by sku
				""")
			.param("shop", shopId)
			.query((rs, row) -> new ManualMapping(rs.getString("sku"), rs.getLong("product_id"),
					rs.getLong("variation_id")))
			.list();
	}

	/** Replaces the shop's manual mappings with the given ones, in one transaction. */
	@Transactional
	void replace(String shopId, List<ManualMapping> mappings, Instant now) {
		this.jdbc.sql("delete from propagator_manual_mapping where shop_id = :shop").param("shop", shopId).update();
		for (ManualMapping mapping : mappings) {
			this.jdbc.sql("""
					insert into propagator_manual_mapping (shop_id, sku, product_id, variation_id, updated_at)
					values (:shop, :sku, :productId, :variationId, :now)
					""")
				.param("shop", shopId)
				.param("sku", mapping.sku())
				.param("productId", mapping.productId())
				.param("variationId", mapping.variationId())
				.param("now", Timestamp.from(now))
				.update();
		}
	}

	/**
	 * A SKU mapped by hand to a product (variationId 0) or to a variation of the parent
	 * {@code productId}.
	 *
	 * @param sku the pool's SKU
	 * @param productId the product id, or the parent's id for a variation
	 * @param variationId the variation id, 0 for a product
	 */
	record ManualMapping(String sku, long productId, long variationId) {
	}

}
