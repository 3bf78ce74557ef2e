package io.stocksync.propagator.write;

import java.sql.Timestamp;
import java.time.Instant;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;

import io.stocksync.common.event.ProductStockReported;
import io.stocksync.common.event.StockChanged;
import io.stocksync.common.json.JsonMappers;
import io.stocksync.common.rules.SkuRule;
import tools.jackson.core.type.TypeReference;

import org.springframework.jdbc.core.RowMapper;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

/**
 * The propagator's tables: current truth per SKU, the per-shop version guard, own writes
 * and shop switches.
 */
@Repository
public class PushRepository {

	private static final TypeReference<Map<String, SkuRule>> RULES = new TypeReference<>() {
	};

	private static final RowMapper<Truth> TRUTH = (rs, row) -> new Truth(rs.getString("sku"), rs.getLong("available"),
			rs.getBoolean("backorders"), rs.getLong("version"),
			JsonMappers.standard().readValue(rs.getString("rules"), RULES));

	private static final RowMapper<OwnWrite> OWN_WRITE = (rs, row) -> new OwnWrite(rs.getString("shop_id"),
			rs.getString("sku"), rs.getLong("product_id"), rs.getLong("variation_id"), rs.getLong("quantity"),
			rs.getLong("version"), rs.getTimestamp("written_at").toInstant());

	private final JdbcClient jdbc;

	PushRepository(JdbcClient jdbc) {
		this.jdbc = jdbc;
	}

	/**
	 * Keeps, per SKU, the newest of the changes if it is newer than what is known; an
	 * older one changes nothing. One statement for all of them, rows locked in SKU order
	 * (so shops' writers saving at once cannot deadlock). Every shop's writer saves the
	 * same changes: a change no newer than the stored one is dropped before the upsert,
	 * so the writers that come second take no row lock and wait for none. The stored
	 * version is read by a subquery per SKU (a primary-key lookup), not an anti-join,
	 * whose cached plan could scan the whole table (see the ledger's order lookups).
	 */
	void saveTruth(Collection<StockChanged> changes, Instant now) {
		Map<String, StockChanged> newest = new TreeMap<>();
		changes.forEach((change) -> newest.merge(change.sku(), change,
				(kept, other) -> (other.version() > kept.version()) ? other : kept));
		if (newest.isEmpty()) {
			return;
		}
		List<StockChanged> rows = List.copyOf(newest.values());
		this.jdbc.sql("""
				insert into propagator_stock (sku, on_hand, available, backorders, version, event_id, occurred_at,
				                              updated_at, rules)
				select c.sku, c.on_hand, c.available, c.backorders, c.version, c.event_id, c.occurred_at, :now,
				       cast(c.rules as jsonb)
				  from unnest(cast(:skus as text[]), cast(:onHand as bigint[]), cast(:available as bigint[]),
				              cast(:backorders as boolean[]), cast(:versions as bigint[]), cast(:eventIds as text[]),
				              cast(:occurredAt as timestamptz[]), cast(:rules as text[]))
				       as c (sku, on_hand, available, backorders, version, event_id, occurred_at, rules)
				 where coalesce((select s.version from propagator_stock s where s.sku = c.sku), -1) < c.version
				 order by c.sku
				on conflict (sku) do update
				   set on_hand = excluded.on_hand, available = excluded.available, backorders = excluded.backorders,
				       version = excluded.version, event_id = excluded.event_id, occurred_at = excluded.occurred_at,
				       updated_at = excluded.updated_at, rules = excluded.rules
				 where propagator_stock.version < excluded.version
				""")
			.param("skus", rows.stream().map(StockChanged::sku).toArray(String[]::new))
			.param("onHand", rows.stream().map(StockChanged::onHand).toArray(Long[]::new))
			.param("available", rows.stream().map(StockChanged::available).toArray(Long[]::new))
			.param("backorders", rows.stream().map(StockChanged::backorders).toArray(Boolean[]::new))
			.param("versions", rows.stream().map(StockChanged::version).toArray(Long[]::new))
			.param("eventIds", rows.stream().map(StockChanged::eventId).toArray(String[]::new))
			.param("occurredAt",
					rows.stream()
						.map((change) -> (change.occurredAt() != null) ? change.occurredAt().toString() : null)
						.toArray(String[]::new))
			.param("now", Timestamp.from(now))
			.param("rules",
					rows.stream()
						.map((change) -> JsonMappers.standard().writeValueAsString(change.rules()))
						.toArray(String[]::new))
			.update();
	}

	public Map<String, Truth> truth(Collection<String> skus) {
		Map<String, Truth> bySku = new HashMap<>();
		if (!skus.isEmpty()) {
			this.jdbc.sql(
					"select sku, available, backorders, version, rules::text as rules from propagator_stock where sku in (:skus)")
				.param("skus", List.copyOf(skus))
				.query(TRUTH)
				.list()
				.forEach((truth) -> bySku.put(truth.sku(), truth));
		}
		return bySku;
	}

	Map<String, Written> written(String shopId, Collection<String> skus) {
		Map<String, Written> bySku = new HashMap<>();
		if (!skus.isEmpty()) {
			this.jdbc.sql("""
					select sku, written_version, written_quantity, written_at from propagator_shop_sku
					 where shop_id = :shop and sku in (:skus)
					""")
				.param("shop", shopId)
				.param("skus", List.copyOf(skus))
				.query((rs, row) -> bySku.put(rs.getString("sku"),
						new Written(rs.getLong("written_version"), rs.getLong("written_quantity"),
								rs.getTimestamp("written_at").toInstant())))
				.list();
		}
		return bySku;
	}

	/**
	 * Moves the guards of the writes' SKUs on one shop to the written versions, one
	 * statement for all of them, rows in SKU order; a guard that holds a newer version
	 * stays (someone wrote it concurrently). A SKU written twice counts with its newest
	 * write.
	 * @return the SKUs whose guard moved
	 */
	Set<String> advanceGuards(String shopId, List<OwnWrite> writes) {
		if (writes.isEmpty()) {
			return Set.of();
		}
		return new TreeSet<>(this.jdbc.sql("""
				insert into propagator_shop_sku (shop_id, sku, written_version, written_quantity, product_id,
				                                 variation_id, written_at)
				select distinct on (w.sku) :shop, w.sku, w.version, w.quantity, w.product_id, w.variation_id,
				       w.written_at
				  from unnest(cast(:skus as text[]), cast(:versions as bigint[]), cast(:quantities as bigint[]),
				              cast(:productIds as bigint[]), cast(:variationIds as bigint[]),
				              cast(:writtenAt as timestamptz[]))
				       as w (sku, version, quantity, product_id, variation_id, written_at)
				 order by w.sku, w.version desc
				on conflict (shop_id, sku) do update
				   set written_version = excluded.written_version, written_quantity = excluded.written_quantity,
				       product_id = excluded.product_id, variation_id = excluded.variation_id,
				       written_at = excluded.written_at
				 where propagator_shop_sku.written_version <= excluded.written_version
				returning sku
				""").params(writeArrays(writes)).param("shop", shopId).query(String.class).list());
	}

	/**
	 * Remembers that the shop has still to be written the changes' SKUs at (at least)
	 * their newest versions; one statement for all of them, rows in SKU order.
	 */
	void saveUnwritten(String shopId, Collection<StockChanged> changes, Instant now) {
		Map<String, Long> newest = new TreeMap<>();
		changes.forEach((change) -> newest.merge(change.sku(), change.version(), Math::max));
		if (newest.isEmpty()) {
			return;
		}
		this.jdbc.sql("""
				insert into propagator_unwritten (shop_id, sku, version, saved_at)
				select :shop, u.sku, u.version, :now
				  from unnest(cast(:skus as text[]), cast(:versions as bigint[])) as u (sku, version)
				 order by u.sku
				on conflict (shop_id, sku) do update
				   set version = excluded.version, saved_at = excluded.saved_at
				 where propagator_unwritten.version < excluded.version
				""")
			.param("shop", shopId)
			.param("skus", newest.keySet().toArray(String[]::new))
			.param("versions", newest.values().toArray(Long[]::new))
			.param("now", Timestamp.from(now))
			.update();
	}

	/** SKUs the shop has still to be written, oldest first. */
	List<String> unwritten(String shopId) {
		return this.jdbc.sql("select sku from propagator_unwritten where shop_id = :shop order by saved_at, sku")
			.param("shop", shopId)
			.query(String.class)
			.list();
	}

	/**
	 * Forgets the SKUs whose version (or an older one) the shop holds now, or needs no
	 * more; a row saved meanwhile with a newer version stays.
	 */
	int settleUnwritten(String shopId, Map<String, Long> versionBySku) {
		if (versionBySku.isEmpty()) {
			return 0;
		}
		List<Map.Entry<String, Long>> settled = List.copyOf(versionBySku.entrySet());
		return this.jdbc.sql("""
				delete from propagator_unwritten u
				 using unnest(cast(:skus as text[]), cast(:versions as bigint[])) as settled (sku, version)
				 where u.shop_id = :shop and u.sku = settled.sku and u.version <= settled.version
				""")
			.param("shop", shopId)
			.param("skus", settled.stream().map(Map.Entry::getKey).toArray(String[]::new))
			.param("versions", settled.stream().map(Map.Entry::getValue).toArray(Long[]::new))
			.update();
	}

	/** Keeps the report if it is newer than the one known for its shop and SKU. */
	public void saveReport(ProductStockReported report) {
		this.jdbc.sql("""
				insert into propagator_shop_report (shop_id, sku, product_id, variation_id, quantity, event_id,
				                                    reported_at)
				values (:shop, :sku, :productId, :variationId, :quantity, :eventId, :reportedAt)
				on conflict (shop_id, sku) do update
				   set product_id = excluded.product_id, variation_id = excluded.variation_id,
				       quantity = excluded.quantity, event_id = excluded.event_id, reported_at = excluded.reported_at
				 where propagator_shop_report.reported_at <= excluded.reported_at
				""")
			.param("shop", report.shopId())
			.param("sku", report.sku())
			.param("productId", report.productId())
			.param("variationId", report.variationId())
			.param("quantity", report.stockQuantity())
			.param("eventId", report.eventId())
			.param("reportedAt", Timestamp.from(report.receivedAt()))
			.update();
	}

	Map<String, ShopReport> reports(String shopId, Collection<String> skus) {
		Map<String, ShopReport> bySku = new HashMap<>();
		if (!skus.isEmpty()) {
			this.jdbc.sql("""
					select sku, quantity, event_id, reported_at from propagator_shop_report
					 where shop_id = :shop and sku in (:skus)
					""")
				.param("shop", shopId)
				.param("skus", List.copyOf(skus))
				.query((rs, row) -> bySku.put(rs.getString("sku"),
						new ShopReport(rs.getLong("quantity"), rs.getString("event_id"),
								rs.getTimestamp("reported_at").toInstant())))
				.list();
		}
		return bySku;
	}

	/**
	 * Logs the writes (loop safety), one statement; ids follow the order of the list.
	 */
	void logWrites(List<OwnWrite> writes) {
		if (writes.isEmpty()) {
			return;
		}
		this.jdbc
			.sql("""
					insert into propagator_write (shop_id, sku, product_id, variation_id, quantity, version, written_at)
					select shop_id, sku, product_id, variation_id, quantity, version, written_at
					  from unnest(cast(:shops as text[]), cast(:skus as text[]), cast(:productIds as bigint[]),
					              cast(:variationIds as bigint[]), cast(:quantities as bigint[]), cast(:versions as bigint[]),
					              cast(:writtenAt as timestamptz[]))
					       with ordinality
					       as w (shop_id, sku, product_id, variation_id, quantity, version, written_at, n)
					 order by n
					""")
			.params(writeArrays(writes))
			.update();
	}

	/* The writes' columns as arrays, for unnest: shops, skus, versions, and so on. */
	private static Map<String, Object> writeArrays(List<OwnWrite> writes) {
		return Map.ofEntries(Map.entry("shops", writes.stream().map(OwnWrite::shopId).toArray(String[]::new)),
				Map.entry("skus", writes.stream().map(OwnWrite::sku).toArray(String[]::new)),
				Map.entry("versions", writes.stream().map(OwnWrite::version).toArray(Long[]::new)),
				Map.entry("quantities", writes.stream().map(OwnWrite::quantity).toArray(Long[]::new)),
				Map.entry("productIds", writes.stream().map(OwnWrite::productId).toArray(Long[]::new)),
				Map.entry("variationIds", writes.stream().map(OwnWrite::variationId).toArray(Long[]::new)),
				Map.entry("writtenAt",
						writes.stream().map((write) -> write.writtenAt().toString()).toArray(String[]::new)));
	}

	/** Own writes to a shop, newest first; {@code sku} may be null for all SKUs. */
	public List<OwnWrite> writes(String shopId, String sku, int limit) {
		return this.jdbc.sql("""
				select shop_id, sku, product_id, variation_id, quantity, version, written_at from propagator_write
				 where shop_id = :shop and (cast(:sku as text) is null or sku = :sku)
				 order by written_at desc, id desc
				 limit :limit
				""").param("shop", shopId).param("sku", sku).param("limit", limit).query(OWN_WRITE).list();
	}

	/**
	 * Whether the propagator wrote this quantity to this product or variation since the
	 * given time: a {@code product.updated} webhook with that id and
	 * {@code stock_quantity} is then our own write.
	 */
	public boolean isOwnWrite(String shopId, long productId, long variationId, long quantity, Instant since) {
		return this.jdbc.sql("""
				select exists (select 1 from propagator_write
				                where shop_id = :shop and product_id = :productId and variation_id = :variationId
				                  and quantity = :quantity and written_at >= :since)
				""")
			.param("shop", shopId)
			.param("productId", productId)
			.param("variationId", variationId)
			.param("quantity", quantity)
			.param("since", Timestamp.from(since))
			.query(Boolean.class)
			.single();
	}

	/**
	 * SKUs of the given ones that were written to the shop at or after the given time.
	 */
	public Set<String> writtenSince(String shopId, Collection<String> skus, Instant since) {
		if (skus.isEmpty()) {
			return Set.of();
		}
		return new TreeSet<>(this.jdbc.sql("""
				select distinct sku from propagator_write
				 where shop_id = :shop and written_at >= :since and sku in (:skus)
				""")
			.param("shop", shopId)
			.param("since", Timestamp.from(since))
			.param("skus", List.copyOf(skus))
			.query(String.class)
			.list());
	}

	/** SKUs of the given ones whose truth changed at or after the given time. */
	public Set<String> changedSince(Collection<String> skus, Instant since) {
		if (skus.isEmpty()) {
			return Set.of();
		}
		return new TreeSet<>(
				this.jdbc.sql("select sku from propagator_stock where updated_at >= :since and sku in (:skus)")
					.param("since", Timestamp.from(since))
					.param("skus", List.copyOf(skus))
					.query(String.class)
					.list());
	}

	int pruneWrites(Instant before) {
		return this.jdbc.sql("delete from propagator_write where written_at < :before")
			.param("before", Timestamp.from(before))
			.update();
	}

	/** Every SKU the propagator has seen a change for, sorted. */
	public Set<String> knownSkus() {
		return new TreeSet<>(this.jdbc.sql("select sku from propagator_stock").query(String.class).list());
	}

	void setPaused(String shopId, boolean paused, Instant now) {
		this.jdbc.sql("""
				insert into propagator_shop_state (shop_id, paused, changed_at) values (:shop, :paused, :now)
				on conflict (shop_id) do update set paused = excluded.paused, changed_at = excluded.changed_at
				""").param("shop", shopId).param("paused", paused).param("now", Timestamp.from(now)).update();
	}

	Set<String> pausedShops() {
		return new TreeSet<>(
				this.jdbc.sql("select shop_id from propagator_shop_state where paused").query(String.class).list());
	}

}
