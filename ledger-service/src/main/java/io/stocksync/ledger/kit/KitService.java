package io.stocksync.ledger.kit;

import java.sql.Timestamp;
import java.time.Clock;
import java.time.Instant;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

import io.stocksync.common.event.KitComponent;
import io.stocksync.common.event.KitDefinitionRequested;
import io.stocksync.common.event.KitLineExpanded;
import io.stocksync.ledger.system.InvalidEventException;

import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/**
 * Applies kit definitions once per idempotency key: the kit's components are replaced and
 * the kit published again with its new available quantity, in one transaction. A
 * definition applies to kit lines committed after it; a line already committed keeps the
 * definition it was committed with ({@link KitLines}). Public for the listener and the
 * rebuild, which live in another package.
 */
@Service
public class KitService {

	private final JdbcClient jdbc;

	private final KitStock stock;

	private final KitLines lines;

	private final Clock clock;

	KitService(JdbcClient jdbc, KitStock stock, KitLines lines, Clock clock) {
		this.jdbc = jdbc;
		this.stock = stock;
		this.lines = lines;
		this.clock = clock;
	}

	/** Returns whether it was applied (false: the idempotency key was applied before). */
	@Transactional
	public boolean apply(KitDefinitionRequested request) {
		String problem = problem(request.sku(), request.components(), request.idempotencyKey());
		if (problem != null) {
			throw new InvalidEventException("kit " + request.sku() + ": " + problem);
		}
		Instant now = this.clock.instant();
		boolean first = this.jdbc.sql("""
				insert into applied_kit_definition (idempotency_key, sku, applied_at)
				values (:key, :sku, :now)
				on conflict (idempotency_key) do nothing
				""")
			.param("key", request.idempotencyKey())
			.param("sku", request.sku())
			.param("now", Timestamp.from(now))
			.update() > 0;
		if (!first) {
			return false;
		}
		for (KitComponent component : request.components()) {
			if (this.stock.isKit(component.sku())) {
				throw new InvalidEventException("kit " + request.sku() + ": component " + component.sku()
						+ " is a kit itself (kits of kits are not supported)");
			}
		}
		boolean nested = this.jdbc.sql("select count(*) from kit_component where component_sku = :sku")
			.param("sku", request.sku())
			.query(Long.class)
			.single() > 0;
		if (nested && !request.components().isEmpty()) {
			throw new InvalidEventException("kit " + request.sku() + " is a component of another kit");
		}
		// A kit SKU that had stock of its own continues that SKU's version, so shops
		// never see it go back.
		this.jdbc.sql("""
				insert into kit (sku, active, available, version, reason, updated_at)
				values (:sku, :active, 0, coalesce((select version from stock where sku = :sku), 0), :reason, :now)
				on conflict (sku) do update
				   set active = excluded.active, reason = excluded.reason, updated_at = excluded.updated_at
				""")
			.param("sku", request.sku())
			.param("active", !request.components().isEmpty())
			.param("reason", request.reason(), java.sql.Types.VARCHAR)
			.param("now", Timestamp.from(now))
			.update();
		this.jdbc.sql("delete from kit_component where kit_sku = :sku").param("sku", request.sku()).update();
		for (KitComponent component : request.components()) {
			this.jdbc.sql("""
					insert into kit_component (kit_sku, component_sku, quantity)
					values (:kit, :component, :quantity)
					""")
				.param("kit", request.sku())
				.param("component", component.sku())
				.param("quantity", component.quantity())
				.update();
		}
		this.stock.republish(request.sku(), "definition " + request.idempotencyKey());
		return true;
	}

	/**
	 * Replay: stores the expansion the live ledger recorded for a kit line, before the
	 * orders are replayed.
	 */
	@Transactional
	public void record(KitLineExpanded expanded) {
		this.lines.restore(expanded);
	}

	/**
	 * Why a definition can never be applied, or {@code null}; an empty component list
	 * removes the kit.
	 */
	static String problem(String sku, List<KitComponent> components, String idempotencyKey) {
		if (sku == null || sku.isBlank()) {
			return "the kit needs a SKU";
		}
		if (idempotencyKey == null || idempotencyKey.isBlank() || idempotencyKey.length() > 200) {
			return "idempotencyKey is required (at most 200 characters)";
		}
		Set<String> seen = new HashSet<>();
		for (KitComponent component : components) {
			if (component == null || component.sku() == null || component.sku().isBlank()) {
				return "every component needs a SKU";
			}
			if (component.quantity() < 1) {
				return "component " + component.sku() + " needs a quantity of at least 1";
			}
			if (component.sku().equals(sku)) {
				return "a kit cannot contain itself";
			}
			if (!seen.add(component.sku())) {
				return "component " + component.sku() + " is listed twice";
			}
		}
		return null;
	}

}
