package io.stocksync.ledger.kit;

import java.sql.Timestamp;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.UUID;

import io.stocksync.common.event.KitComponent;
import io.stocksync.common.event.StockChanged;
import io.stocksync.common.rules.SkuRule;
import io.stocksync.ledger.outbox.Outbox;
import io.stocksync.ledger.rules.ShopRules;

import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;
import org.springframework.transaction.annotation.Propagation;
import org.springframework.transaction.annotation.Transactional;

/**
 * A kit's available quantity: min over its components of
 * {@code floor(component on_hand / quantity)} (a kit has no stock of its own). Recomputed
 * inside the transaction that moved a component, after the component rows are updated:
 * the kit rows are locked first (in SKU order, always after the stock rows, so no
 * deadlock), then the components are read, so two transactions moving different
 * components of one kit cannot publish a stale value. A changed value moves the kit's own
 * version and is published as a {@link StockChanged} for the kit's SKU.
 */
@Component
public class KitStock {

	private final JdbcClient jdbc;

	private final ShopRules rules;

	private final Outbox outbox;

	private final Clock clock;

	KitStock(JdbcClient jdbc, ShopRules rules, Outbox outbox, Clock clock) {
		this.jdbc = jdbc;
		this.rules = rules;
		this.outbox = outbox;
		this.clock = clock;
	}

	/** Whether the SKU is a kit now. */
	public boolean isKit(String sku) {
		return this.jdbc.sql("select count(*) from kit where sku = :sku and active")
			.param("sku", sku)
			.query(Long.class)
			.single() > 0;
	}

	/** Whether the SKU is a component of a kit. */
	boolean isComponent(String sku) {
		return this.jdbc.sql("select count(*) from kit_component where component_sku = :sku")
			.param("sku", sku)
			.query(Long.class)
			.single() > 0;
	}

	/** The current definitions of those of the SKUs that are kits. */
	public Map<String, List<KitComponent>> definitions(Collection<String> skus) {
		Map<String, List<KitComponent>> kits = new TreeMap<>();
		if (skus.isEmpty()) {
			return kits;
		}
		this.jdbc.sql("""
				select c.kit_sku, c.component_sku, c.quantity
				  from kit_component c join kit k on k.sku = c.kit_sku
				 where k.active and c.kit_sku = any(cast(:skus as text[]))
				 order by c.kit_sku, c.component_sku
				""").param("skus", skus.toArray(String[]::new)).query((rs) -> {
			kits.computeIfAbsent(rs.getString("kit_sku"), (sku) -> new ArrayList<>())
				.add(new KitComponent(rs.getString("component_sku"), rs.getLong("quantity")));
		});
		return kits;
	}

	/** One kit with its stock, or empty when the SKU is not a kit. */
	public Optional<Kit> find(String sku) {
		List<Kit> kits = list(sku, sku);
		return kits.isEmpty() ? Optional.empty() : Optional.of(kits.get(0));
	}

	/**
	 * Kits in SKU order from {@code after} (exclusive) up to {@code to} (inclusive, null:
	 * all).
	 */
	List<Kit> list(String from, String to) {
		Map<String, Kit> kits = new java.util.LinkedHashMap<>();
		this.jdbc.sql("""
				select k.sku, k.available, k.version, k.updated_at, c.component_sku, c.quantity
				  from kit k join kit_component c on c.kit_sku = k.sku
				 where k.active and k.sku >= :from and (cast(:to as text) is null or k.sku <= :to)
				 order by k.sku, c.component_sku
				""").param("from", from).param("to", to, java.sql.Types.VARCHAR).query((rs) -> {
			String sku = rs.getString("sku");
			kits.computeIfAbsent(sku, (s) -> {
				try {
					return new Kit(s, new ArrayList<>(), rs.getLong("available"), rs.getLong("version"),
							rs.getTimestamp("updated_at").toInstant());
				}
				catch (java.sql.SQLException ex) {
					throw new IllegalStateException(ex);
				}
			}).components().add(new KitComponent(rs.getString("component_sku"), rs.getLong("quantity")));
		});
		return List.copyOf(kits.values());
	}

	/**
	 * Recomputes the kits that contain any of the components; returns the events of those
	 * whose available quantity changed (the caller adds them to the outbox with its own).
	 */
	@Transactional(propagation = Propagation.MANDATORY)
	public List<Outbox.Event> componentsChanged(Collection<String> components, String cause) {
		List<String> kits = this.jdbc.sql("""
				select distinct c.kit_sku
				  from kit_component c
				 where c.component_sku = any(cast(:components as text[]))
				 order by c.kit_sku
				""").param("components", components.toArray(String[]::new)).query(String.class).list();
		return kits.isEmpty() ? List.of() : recompute(kits, cause, false);
	}

	/**
	 * Publishes a kit again (its definition or rules changed), whether or not its
	 * quantity changed.
	 */
	@Transactional(propagation = Propagation.MANDATORY)
	public boolean republish(String kitSku, String cause) {
		List<Outbox.Event> events = recompute(List.of(kitSku), cause, true);
		this.outbox.addAll(events);
		return !events.isEmpty();
	}

	private List<Outbox.Event> recompute(List<String> kits, String cause, boolean always) {
		Map<String, KitRow> locked = new TreeMap<>();
		this.jdbc.sql("""
				select sku, active, available, version from kit
				 where sku = any(cast(:kits as text[]))
				 order by sku
				   for update
				""").param("kits", kits.toArray(String[]::new)).query((rs) -> {
			locked.put(rs.getString("sku"),
					new KitRow(rs.getBoolean("active"), rs.getLong("available"), rs.getLong("version")));
		});
		Map<String, Long> computed = new HashMap<>();
		this.jdbc.sql("""
				select c.kit_sku, min(floor(coalesce(s.on_hand, 0)::numeric / c.quantity))::bigint as available
				  from kit_component c left join stock s on s.sku = c.component_sku
				 where c.kit_sku = any(cast(:kits as text[]))
				 group by c.kit_sku
				""").param("kits", kits.toArray(String[]::new)).query((rs) -> {
			computed.put(rs.getString("kit_sku"), rs.getLong("available"));
		});
		Instant now = this.clock.instant();
		Map<String, Map<String, SkuRule>> overrides = this.rules.forSkus(locked.keySet());
		List<Outbox.Event> events = new ArrayList<>();
		locked.forEach((sku, row) -> {
			long available = row.active() ? computed.getOrDefault(sku, 0L) : 0;
			if (!always && available == row.available()) {
				return;
			}
			long version = this.jdbc.sql("""
					update kit set available = :available, version = version + 1, updated_at = :now
					 where sku = :sku
					returning version
					""")
				.param("available", available)
				.param("now", Timestamp.from(now))
				.param("sku", sku)
				.query(Long.class)
				.single();
			events.add(new Outbox.Event("stock", sku, StockChanged.TYPE,
					new StockChanged(StockChanged.SCHEMA_VERSION, UUID.randomUUID().toString(), sku, available,
							available, false, version, "kit " + cause, now, overrides.get(sku))));
		});
		return events;
	}

	private record KitRow(boolean active, long available, long version) {
	}

	/**
	 * A kit as the admin API shows it.
	 *
	 * @param sku the kit's SKU
	 * @param components what one kit is made of
	 * @param available how many whole kits the components make now
	 * @param version the kit's change counter (continues the SKU's stock version, if it
	 * had one)
	 * @param updatedAt time of the last change
	 */
	public record Kit(String sku, List<KitComponent> components, long available, long version, Instant updatedAt) {
	}

}
