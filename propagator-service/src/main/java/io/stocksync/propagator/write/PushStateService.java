package io.stocksync.propagator.write;

import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.stream.Collectors;

import io.stocksync.common.event.StockChanged;
import io.stocksync.propagator.system.PropagatorProperties;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/** Transaction boundaries around the push state: truth in, guard and write log out. */
@Service
public class PushStateService {

	private static final Logger logger = LoggerFactory.getLogger(PushStateService.class);

	private final PushRepository repository;

	private final PropagatorProperties properties;

	private final Clock clock;

	PushStateService(PushRepository repository, PropagatorProperties properties, Clock clock) {
		this.repository = repository;
		this.properties = properties;
		this.clock = clock;
	}

	/**
	 * Keeps the newest change per SKU; rows are touched in SKU order so concurrent shops
	 * never deadlock.
	 */
	@Transactional
	void saveTruth(Collection<StockChanged> changes, Instant now) {
		this.repository.saveTruth(changes, now);
	}

	/**
	 * Makes changes the shop's consumer passes without waiting for their write (a
	 * backlog) survive a crash: their truth, and that the shop has still to be written
	 * them. Rows are touched in SKU order so concurrent shops never deadlock.
	 */
	@Transactional
	void saveUnwritten(String shopId, Collection<StockChanged> changes, Instant now) {
		this.repository.saveTruth(changes, now);
		this.repository.saveUnwritten(shopId, changes, now);
	}

	/** SKUs the shop has still to be written (gathered, then stopped before writing). */
	@Transactional(readOnly = true)
	List<String> unwritten(String shopId) {
		return this.repository.unwritten(shopId);
	}

	/**
	 * The shop holds these versions of these SKUs now, or needs nothing for them: their
	 * rows (if any) go.
	 */
	@Transactional
	void settleUnwritten(String shopId, Map<String, Long> versionBySku) {
		this.repository.settleUnwritten(shopId, versionBySku);
	}

	@Transactional(readOnly = true)
	public Snapshot read(String shopId, Collection<String> skus) {
		return new Snapshot(this.repository.truth(skus), this.repository.written(shopId, skus),
				this.repository.reports(shopId, skus));
	}

	/**
	 * Records confirmed writes: the guard moves forward and each write is logged (loop
	 * safety).
	 * @return SKUs whose guard already held a newer version (another writer was faster;
	 * the shop may now show our older quantity, so the caller pushes current truth again)
	 */
	@Transactional
	List<String> recordWrites(List<OwnWrite> writes) {
		List<String> superseded = new ArrayList<>();
		byShop(writes).forEach((shopId, ofShop) -> {
			Set<String> moved = this.repository.advanceGuards(shopId, ofShop);
			ofShop.stream().map(OwnWrite::sku).filter((sku) -> !moved.contains(sku)).forEach(superseded::add);
		});
		this.repository.logWrites(writes.stream().sorted(Comparator.comparing(OwnWrite::sku)).toList());
		return superseded.stream().distinct().sorted().toList();
	}

	/**
	 * Moves the guard without a write: the shop already shows the quantity (it said so
	 * itself). Nothing is logged as an own write, because no {@code product.updated} will
	 * answer it.
	 */
	@Transactional
	public void recordKnown(List<OwnWrite> known) {
		byShop(known).forEach(this.repository::advanceGuards);
	}

	/*
	 * A writer's round is one shop; shops in order, so concurrent rounds never deadlock.
	 */
	private static Map<String, List<OwnWrite>> byShop(List<OwnWrite> writes) {
		return writes.stream().collect(Collectors.groupingBy(OwnWrite::shopId, TreeMap::new, Collectors.toList()));
	}

	/*
	 * Own writes are remembered long enough for any webhook or drift check to be matched
	 * against them.
	 */
	@Scheduled(initialDelay = 1, fixedDelay = 60, timeUnit = java.util.concurrent.TimeUnit.MINUTES)
	void pruneWriteLog() {
		int pruned = this.repository
			.pruneWrites(this.clock.instant().minus(this.properties.push().writeLogRetention()));
		if (pruned > 0) {
			logger.info("Pruned {} own-write rows older than {}", pruned, this.properties.push().writeLogRetention());
		}
	}

	/**
	 * Truth and guard of a set of SKUs for one shop.
	 *
	 * @param truth newest known stock per SKU
	 * @param written what was last written to the shop per SKU
	 * @param reports what the shop last reported itself per SKU ({@code product.updated})
	 */
	public record Snapshot(Map<String, Truth> truth, Map<String, Written> written, Map<String, ShopReport> reports) {
	}

}
