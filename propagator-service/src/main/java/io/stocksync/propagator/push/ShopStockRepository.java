package io.stocksync.propagator.push;

import java.time.Instant;
import java.util.Collection;
import java.util.List;

import org.springframework.jdbc.core.RowMapper;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

/**
 * What was last written to each shop for some SKUs, with the time the ledger committed
 * that version.
 */
@Repository
class ShopStockRepository {

	private static final RowMapper<LastWrite> LAST_WRITE = (rs, row) -> new LastWrite(rs.getString("shop_id"),
			rs.getString("sku"), rs.getLong("written_quantity"), rs.getLong("written_version"),
			rs.getLong("product_id"), rs.getLong("variation_id"), rs.getTimestamp("written_at").toInstant(),
			(rs.getTimestamp("committed_at") != null) ? rs.getTimestamp("committed_at").toInstant() : null);

	private final JdbcClient jdbc;

	ShopStockRepository(JdbcClient jdbc) {
		this.jdbc = jdbc;
	}

	List<LastWrite> lastWrites(Collection<String> skus) {
		if (skus.isEmpty()) {
			return List.of();
		}
		// committed_at only when the written version is the newest known: then
		// occurred_at is that version's commit.
		return this.jdbc.sql("""
				select w.shop_id, w.sku, w.written_quantity, w.written_version, w.product_id, w.variation_id,
				       w.written_at, case when s.version = w.written_version then s.occurred_at end as committed_at
				  from propagator_shop_sku w
				  left join propagator_stock s on s.sku = w.sku
				 where w.sku in (:skus)
				""").param("skus", List.copyOf(skus)).query(LAST_WRITE).list();
	}

	/**
	 * The last write of one SKU to one shop.
	 *
	 * @param shopId the shop
	 * @param sku the SKU
	 * @param quantity the quantity written
	 * @param version the truth version written
	 * @param productId product id written to
	 * @param variationId variation id, 0 for a product
	 * @param writtenAt when the shop confirmed it
	 * @param committedAt when the ledger committed that version, null if a newer one is
	 * known
	 */
	record LastWrite(String shopId, String sku, long quantity, long version, long productId, long variationId,
			Instant writtenAt, Instant committedAt) {
	}

}
