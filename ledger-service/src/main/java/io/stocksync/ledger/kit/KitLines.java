package io.stocksync.ledger.kit;

import java.sql.Timestamp;
import java.time.Clock;
import java.time.Instant;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import io.stocksync.common.event.KitComponent;
import io.stocksync.common.event.KitLineExpanded;
import io.stocksync.common.json.JsonMappers;
import io.stocksync.ledger.outbox.Outbox;
import tools.jackson.core.type.TypeReference;

import org.springframework.jdbc.core.namedparam.MapSqlParameterSource;
import org.springframework.jdbc.core.namedparam.NamedParameterJdbcOperations;
import org.springframework.jdbc.core.namedparam.SqlParameterSource;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;
import org.springframework.transaction.annotation.Propagation;
import org.springframework.transaction.annotation.Transactional;

/**
 * The kit definition each kit order line was first committed with ({@code kit_line}). The
 * line keeps it for good: whatever happens to the kit's definition later, a cancel,
 * refund or edit of the line moves exactly these components. A new expansion is also
 * published (outbox → adjustments topic, {@link KitLineExpanded}) so that a rebuild,
 * which reads the adjustments before the orders, expands every line as the live ledger
 * did.
 */
@Repository
public class KitLines {

	private static final TypeReference<List<KitComponent>> COMPONENTS = new TypeReference<>() {
	};

	private final JdbcClient jdbc;

	private final NamedParameterJdbcOperations batch;

	private final Outbox outbox;

	private final Clock clock;

	KitLines(JdbcClient jdbc, NamedParameterJdbcOperations batch, Outbox outbox, Clock clock) {
		this.jdbc = jdbc;
		this.batch = batch;
		this.outbox = outbox;
		this.clock = clock;
	}

	/** The stored expansions of the lines of the given orders (shop id, order id). */
	@Transactional(propagation = Propagation.MANDATORY)
	public Map<LineKey, Expansion> forOrders(Collection<LineKey> orders) {
		Map<LineKey, Expansion> lines = new HashMap<>();
		if (orders.isEmpty()) {
			return lines;
		}
		this.jdbc.sql("""
				select l.shop_id, l.order_id, l.line_item_id, l.kit_sku, l.components::text as components
				  from kit_line l
				  join unnest(cast(:shopIds as text[]), cast(:orderIds as bigint[])) as k (shop_id, order_id)
				       on l.shop_id = k.shop_id and l.order_id = k.order_id
				""")
			.param("shopIds", orders.stream().map(LineKey::shopId).toArray(String[]::new))
			.param("orderIds", orders.stream().map(LineKey::orderId).toArray(Long[]::new))
			.query((rs) -> {
				lines.put(new LineKey(rs.getString("shop_id"), rs.getLong("order_id"), rs.getLong("line_item_id")),
						new Expansion(rs.getString("kit_sku"),
								JsonMappers.standard().readValue(rs.getString("components"), COMPONENTS)));
			});
		return lines;
	}

	/**
	 * Stores new expansions (a line that has one keeps it) and publishes them for
	 * rebuilds.
	 */
	@Transactional(propagation = Propagation.MANDATORY)
	public void save(Map<LineKey, Expansion> expansions) {
		if (expansions.isEmpty()) {
			return;
		}
		Instant now = this.clock.instant();
		this.batch.batchUpdate("""
				insert into kit_line (shop_id, order_id, line_item_id, kit_sku, components, created_at)
				values (:shopId, :orderId, :lineItemId, :kitSku, cast(:components as jsonb), :now)
				on conflict (shop_id, order_id, line_item_id) do update
				   set kit_sku = excluded.kit_sku, components = excluded.components
				""", expansions.entrySet()
			.stream()
			.map((entry) -> new MapSqlParameterSource().addValue("shopId", entry.getKey().shopId())
				.addValue("orderId", entry.getKey().orderId())
				.addValue("lineItemId", entry.getKey().lineItemId())
				.addValue("kitSku", entry.getValue().kitSku())
				.addValue("components", JsonMappers.standard().writeValueAsString(entry.getValue().components()))
				.addValue("now", Timestamp.from(now)))
			.toArray(SqlParameterSource[]::new));
		this.outbox.addAll(expansions.entrySet()
			.stream()
			.map((entry) -> new Outbox.Event("kit", entry.getValue().kitSku(), KitLineExpanded.TYPE,
					new KitLineExpanded(KitLineExpanded.SCHEMA_VERSION, UUID.randomUUID().toString(),
							entry.getKey().shopId(), entry.getKey().orderId(), entry.getKey().lineItemId(),
							entry.getValue().kitSku(), entry.getValue().components(), now)))
			.toList());
	}

	@Transactional(propagation = Propagation.MANDATORY)
	void restore(KitLineExpanded expanded) {
		this.jdbc.sql("""
				insert into kit_line (shop_id, order_id, line_item_id, kit_sku, components, created_at)
				values (:shopId, :orderId, :lineItemId, :kitSku, cast(:components as jsonb), :now)
				on conflict (shop_id, order_id, line_item_id) do update
				   set kit_sku = excluded.kit_sku, components = excluded.components
				""")
			.param("shopId", expanded.shopId())
			.param("orderId", expanded.orderId())
			.param("lineItemId", expanded.lineItemId())
			.param("kitSku", expanded.kitSku())
			.param("components", JsonMappers.standard().writeValueAsString(expanded.components()))
			.param("now", Timestamp.from(this.clock.instant()))
			.update();
	}

	/**
	 * One order line ({@code lineItemId} 0 when it names a whole order).
	 *
	 * @param shopId the shop
	 * @param orderId the order id
	 * @param lineItemId the line item id
	 */
	public record LineKey(String shopId, long orderId, long lineItemId) {
	}

	/**
	 * The components one kit of a line takes.
	 *
	 * @param kitSku the kit's SKU
	 * @param components per kit
	 */
	public record Expansion(String kitSku, List<KitComponent> components) {
	}

}
