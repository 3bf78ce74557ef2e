package io.stocksync.propagator.handedit;

import java.sql.Timestamp;
import java.util.List;

import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

/** The hand edits seen on the shops ({@code propagator_hand_edit}). */
@Repository
class HandEditRepository {

	private final JdbcClient jdbc;

	HandEditRepository(JdbcClient jdbc) {
		this.jdbc = jdbc;
	}

	void recordHandEdit(HandEdit edit) {
		this.jdbc.sql("""
				insert into propagator_hand_edit (shop_id, sku, product_id, variation_id, found, last_written, expected,
				                                  action, detected_at)
				values (:shop, :sku, :productId, :variationId, :found, :lastWritten, :expected, :action, :detectedAt)
				""")
			.param("shop", edit.shopId())
			.param("sku", edit.sku())
			.param("productId", edit.productId())
			.param("variationId", edit.variationId())
			.param("found", edit.found())
			.param("lastWritten", edit.lastWritten())
			.param("expected", edit.expected())
			.param("action", edit.action())
			.param("detectedAt", Timestamp.from(edit.detectedAt()))
			.update();
	}

	/** Hand edits seen on a shop (null: all shops), newest first. */
	List<HandEdit> handEdits(String shopId, int limit) {
		return this.jdbc.sql("""
				select shop_id, sku, product_id, variation_id, found, last_written, expected, action, detected_at
				  from propagator_hand_edit
				 where cast(:shop as text) is null or shop_id = :shop
				 order by detected_at desc, id desc
				 limit :limit
				""")
			.param("shop", shopId)
			.param("limit", limit)
			.query((rs, row) -> new HandEdit(rs.getString("shop_id"), rs.getString("sku"), rs.getLong("product_id"),
					rs.getLong("variation_id"), rs.getLong("found"), rs.getLong("last_written"), rs.getLong("expected"),
					rs.getString("action"), rs.getTimestamp("detected_at").toInstant()))
			.list();
	}

}
