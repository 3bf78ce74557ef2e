package io.stocksync.propagator.write;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;

import io.micrometer.core.instrument.MeterRegistry;
import io.stocksync.common.event.ProductStockReported;
import io.stocksync.common.event.StockChanged;
import io.stocksync.common.rules.Allocation;
import io.stocksync.common.shop.HandEdits;
import io.stocksync.common.shop.ShopConfig;
import io.stocksync.propagator.delivery.RejectedDeliveryException;
import io.stocksync.propagator.delivery.RetryableDeliveryException;
import io.stocksync.propagator.mapping.ShopMapping;
import io.stocksync.propagator.politeness.ShopGate;
import io.stocksync.propagator.shopify.ShopifyApiException;
import io.stocksync.propagator.shopify.ShopifyClient;
import io.stocksync.propagator.shopify.ShopifyClient.SetQuantity;
import io.stocksync.propagator.shopify.ShopifyClient.UserError;
import io.stocksync.woo.CatalogueItem;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Writes the current truth of SKUs to one Shopify store through
 * {@code inventorySetQuantities}, with the same contract as {@link ShopWriter}: requests
 * within the coalescing window go out together, each SKU once with the newest truth read
 * from PostgreSQL, nothing older than the version guard holds, the guard moves only after
 * the store confirmed. Differences that are Shopify's:
 * <ul>
 * <li>up to {@value #MUTATION_LIMIT} quantities per mutation, {@code name: available},
 * {@code reason: correction}, a {@code referenceDocumentUri} naming this system, the SKU
 * and the version (one SKU) or the batch;</li>
 * <li>each mutation carries a fresh {@code @idempotent} key; an I/O failure (the store
 * may or may not have applied it) is retried once at once with the same key and input, so
 * Shopify returns the first result instead of applying twice. The version guard stays
 * ours as well;</li>
 * <li>{@code changeFromQuantity} is what we last wrote for the SKU, or null where
 * unknown. A {@code CHANGE_FROM_QUANTITY_STALE} means the store's number changed since
 * (an order on the store, or a hand edit): the current value is read. If it is what we
 * are about to write, or the store's {@code hand-edits} policy is {@code restore}, the
 * pool's quantity is written over it at once. Under {@code adopt} nothing is written: the
 * value read goes to the product-stock topic as the store's report, and the hand-edit
 * check ({@link ShopStockReports}) adopts it after the settle time, or finds it was an
 * order the pool has followed;</li>
 * <li>user errors arrive with HTTP 200 and nothing of the mutation is applied:
 * {@code NON_MUTABLE_INVENTORY_ITEM} (a bundle parent) is skipped with a report line,
 * {@code ITEM_NOT_STOCKED_AT_LOCATION} and invalid quantities go to the DLT with the
 * reason, idempotency conflicts are retried with a new key, and the others of the
 * mutation are sent again without the refused ones.</li>
 * </ul>
 * The SKU to inventory item mapping is this store's catalogue, paged by cursor and
 * refreshed when a SKU is missing (at most once per {@link #CATALOGUE_MAX_AGE}). One
 * worker thread per store, through its own {@link ShopGate}: a store that is down or
 * throttling never holds up another shop.
 */
public final class ShopifyWriter implements StockWriter {

	private static final Logger logger = LoggerFactory.getLogger(ShopifyWriter.class);

	static final int MUTATION_LIMIT = 250;

	static final Duration CATALOGUE_MAX_AGE = Duration.ofMinutes(1);

	static final int USER_ERROR_ROUNDS = 3;

	static final Set<String> REJECTING = Set.of("ITEM_NOT_STOCKED_AT_LOCATION", "INVALID_QUANTITY_NEGATIVE",
			"INVALID_QUANTITY_TOO_HIGH", "INVALID_INVENTORY_ITEM", "INVALID_LOCATION");

	static final Set<String> STALE = Set.of("CHANGE_FROM_QUANTITY_STALE", "COMPARE_QUANTITY_STALE");

	private final ShopConfig shop;

	private final ShopifyClient client;

	private final ShopGate gate;

	private final PushStateService state;

	private final ScheduledExecutorService scheduler;

	private final ExecutorService worker;

	private final Duration window;

	private final Clock clock;

	private final MeterRegistry meters;

	private final Consumer<ProductStockReported> observed;

	private final Object lock = new Object();

	private final Map<String, Pending> pending = new LinkedHashMap<>();

	private final Set<String> inFlight = new HashSet<>();

	private final Map<String, String> lastFailures = new ConcurrentHashMap<>();

	private volatile Catalogue catalogue;

	private volatile Long locationId;

	private boolean flushScheduled;

	private boolean running;

	private boolean paused;

	ShopifyWriter(ShopConfig shop, ShopifyClient client, ShopGate gate, PushStateService state,
			ScheduledExecutorService scheduler, ExecutorService worker, Duration window, Clock clock,
			MeterRegistry meters, Consumer<ProductStockReported> observed) {
		this.shop = shop;
		this.observed = observed;
		this.client = client;
		this.gate = gate;
		this.state = state;
		this.scheduler = scheduler;
		this.worker = worker;
		this.window = window;
		this.clock = clock;
		this.meters = meters;
		this.locationId = shop.locationId();
	}

	@Override
	public ShopConfig shop() {
		return this.shop;
	}

	@Override
	public CompletableFuture<Void> submit(StockChanged change) {
		return enqueue(change.sku(), change, false);
	}

	@Override
	public CompletableFuture<Void> pushCurrent(String sku) {
		return enqueue(sku, null, true);
	}

	@Override
	public String lastFailure(String sku) {
		return (sku != null) ? this.lastFailures.get(sku) : null;
	}

	@Override
	public void pause() {
		synchronized (this.lock) {
			this.paused = true;
		}
	}

	@Override
	public void resume() {
		synchronized (this.lock) {
			this.paused = false;
			scheduleFlush(Duration.ZERO);
		}
	}

	@Override
	public ShopWriter.Status status() {
		synchronized (this.lock) {
			return new ShopWriter.Status(this.shop.id(), this.paused, this.pending.size(), this.inFlight.size(),
					this.gate.status());
		}
	}

	@Override
	public Set<String> busySkus() {
		synchronized (this.lock) {
			Set<String> busy = new HashSet<>(this.inFlight);
			if (!this.paused) {
				busy.addAll(this.pending.keySet());
			}
			return busy;
		}
	}

	/** The last catalogue read (for reports); refreshed on demand. */
	Catalogue catalogue(boolean refresh) {
		Catalogue current = this.catalogue;
		if (refresh || current == null) {
			current = refreshCatalogue();
		}
		return current;
	}

	/**
	 * The store's catalogue read now, as a mapping the drift check compares: SKU to its
	 * inventory item (as the product id) and its {@code available} at our location (as
	 * the stock); bundle parents and unstocked items are "not stock-managed" (nothing to
	 * write).
	 */
	public ShopMapping readMapping() {
		return mappingOf(refreshCatalogue());
	}

	/**
	 * The last catalogue read as a mapping (see {@link #readMapping}), if one was read.
	 */
	public java.util.Optional<ShopMapping> currentMapping() {
		return java.util.Optional.ofNullable(this.catalogue).map(this::mappingOf);
	}

	private ShopMapping mappingOf(Catalogue read) {
		Map<String, CatalogueItem> bySku = new java.util.TreeMap<>();
		List<String> notManaged = new ArrayList<>(read.bundleParents());
		read.items().forEach((sku, entry) -> {
			if (entry.available() != null && !entry.requiresComponents()) {
				bySku.put(sku, new CatalogueItem(sku, entry.inventoryItemId(), 0, "shopify-variant", true,
						entry.available().longValue()));
			}
			else if (!entry.requiresComponents()) {
				notManaged.add(sku);
			}
		});
		return new ShopMapping(this.shop.id(), bySku, read.duplicates(), List.copyOf(notManaged), read.withoutSku(),
				read.readAt());
	}

	/**
	 * The SKU of an inventory item in the last catalogue read (read now if none was), for
	 * a store's report that names only the item.
	 */
	@Override
	public java.util.Optional<String> skuOfItem(long inventoryItemId) {
		return catalogue(false).items()
			.entrySet()
			.stream()
			.filter((entry) -> entry.getValue().inventoryItemId() == inventoryItemId)
			.map(Map.Entry::getKey)
			.findFirst();
	}

	long locationId() {
		Long known = this.locationId;
		if (known == null) {
			known = this.client.primaryLocationId();
			this.locationId = known;
			logger.info("Shopify store {} has no location-id configured; syncing its primary location {}",
					this.shop.id(), known);
		}
		return known;
	}

	private CompletableFuture<Void> enqueue(String sku, StockChanged change, boolean force) {
		CompletableFuture<Void> future = new CompletableFuture<>();
		synchronized (this.lock) {
			this.pending.computeIfAbsent(sku, Pending::new).add(change, force, future);
			scheduleFlush(this.window);
		}
		return future;
	}

	/* Callers hold the lock. */
	private void scheduleFlush(Duration delay) {
		if (this.flushScheduled || this.paused || this.pending.isEmpty() || this.running) {
			return;
		}
		this.flushScheduled = true;
		this.scheduler.schedule(this::flush, delay.toMillis(), TimeUnit.MILLISECONDS);
	}

	private void flush() {
		List<Pending> batch;
		synchronized (this.lock) {
			this.flushScheduled = false;
			if (this.paused || this.running || this.pending.isEmpty()) {
				return;
			}
			batch = new ArrayList<>(this.pending.values());
			this.pending.clear();
			batch.forEach((p) -> this.inFlight.add(p.sku));
			this.running = true;
		}
		try {
			this.worker.execute(() -> {
				try {
					write(batch);
				}
				finally {
					finished(batch);
				}
			});
		}
		catch (RuntimeException ex) { // shutting down
			batch.forEach((p) -> failed(p,
					new RetryableDeliveryException("writer of shop " + this.shop.id() + " is shutting down", ex)));
			finished(batch);
		}
	}

	private void finished(List<Pending> batch) {
		synchronized (this.lock) {
			this.running = false;
			batch.forEach((p) -> this.inFlight.remove(p.sku));
			scheduleFlush(Duration.ZERO);
		}
	}

	private void write(List<Pending> batch) {
		List<Item> items = new ArrayList<>();
		try {
			List<StockChanged> changes = batch.stream().flatMap((p) -> p.changes.stream()).toList();
			this.state.saveTruth(changes, this.clock.instant());
			PushStateService.Snapshot snapshot = this.state.read(this.shop.id(),
					batch.stream().map((p) -> p.sku).toList());
			Catalogue known = catalogue(false);
			long location = locationId();
			Catalogue mapping = (batch.stream().anyMatch((p) -> !known.items().containsKey(p.sku))
					&& known.readAt().isBefore(this.clock.instant().minus(CATALOGUE_MAX_AGE))) ? refreshCatalogue()
							: known;
			for (Pending p : batch) {
				Truth truth = snapshot.truth().get(p.sku);
				if (truth == null) {
					count("unknown");
					completed(p);
					continue;
				}
				Allocation.Published published = truth.publishedTo(this.shop);
				if (!published.sync()) {
					// sync: false for this SKU on this store: its quantity there is the
					// merchant's, never written
					count("excluded");
					completed(p);
					continue;
				}
				long quantity = published.quantity();
				Written written = snapshot.written().get(p.sku);
				if (written != null && (written.version() > truth.version()
						|| (!p.force && written.version() == truth.version() && written.quantity() == quantity))) {
					count("skipped");
					completed(p);
					continue;
				}
				CatalogueEntry entry = mapping.items().get(p.sku);
				if (entry == null) {
					count("unmapped");
					logger.debug("SKU {} is not a unique variant of Shopify store {}; nothing written", p.sku,
							this.shop.id());
					completed(p);
					continue;
				}
				if (entry.requiresComponents()) {
					count("skipped_bundle");
					logger.info("SKU {} is a bundle parent on Shopify store {} (requiresComponents); its stock comes "
							+ "from its components, nothing written", p.sku, this.shop.id());
					completed(p);
					continue;
				}
				Long changeFrom = (written != null) ? written.quantity() : null;
				items.add(new Item(p, truth, quantity, entry.inventoryItemId(), location, changeFrom));
			}
		}
		catch (RuntimeException ex) {
			RuntimeException failure = classify(ex);
			logger.warn("Push of {} SKUs to Shopify store {} failed: {}", batch.size(), this.shop.id(),
					failure.getMessage());
			batch.forEach((p) -> failed(p, failure));
			return;
		}
		for (int from = 0; from < items.size(); from += MUTATION_LIMIT) {
			send(new ArrayList<>(items.subList(from, Math.min(items.size(), from + MUTATION_LIMIT))));
		}
	}

	/*
	 * One mutation; refused items are settled and the rest sent again, a few rounds at
	 * most.
	 */
	private void send(List<Item> items) {
		for (int round = 0; round < USER_ERROR_ROUNDS && !items.isEmpty(); round++) {
			List<UserError> errors;
			try {
				errors = mutate(items);
			}
			catch (RuntimeException ex) {
				RuntimeException failure = classify(ex);
				items.forEach((item) -> {
					count((failure instanceof RejectedDeliveryException) ? "rejected" : "failed");
					failed(item.pending, failure);
				});
				return;
			}
			if (errors.isEmpty()) {
				confirm(items);
				return;
			}
			items = settleRefused(items, errors);
		}
		for (Item item : items) {
			count("failed");
			failed(item.pending, new RetryableDeliveryException(
					"Shopify store " + this.shop.id() + " kept refusing the mutation carrying sku " + item.pending.sku,
					null));
		}
	}

	private List<UserError> mutate(List<Item> items) {
		List<SetQuantity> quantities = items.stream()
			.map((item) -> new SetQuantity(item.inventoryItemId, item.locationId, item.quantity, item.changeFrom))
			.toList();
		String reference = (items.size() == 1)
				? "stock-sync://" + this.shop.id() + "/sku/" + encode(items.get(0).pending.sku) + "?version="
						+ items.get(0).truth.version()
				: "stock-sync://" + this.shop.id() + "/batch/" + UUID.randomUUID();
		String key = UUID.randomUUID().toString();
		acquire();
		try {
			List<UserError> errors;
			try {
				errors = this.client.setAvailable(quantities, reference, key);
			}
			catch (ShopifyApiException ex) {
				if (!ex.retryable() || ex.status() != 0) {
					throw ex;
				}
				// No answer: it may have been applied. The same key and input make
				// Shopify return the first result.
				logger.info("No answer from Shopify store {} to inventorySetQuantities ({}); retrying with the same "
						+ "idempotency key", this.shop.id(), ex.getMessage());
				errors = this.client.setAvailable(quantities, reference, key);
			}
			this.gate.succeeded();
			request("ok");
			return errors;
		}
		catch (ShopifyApiException ex) {
			release(ex);
			request((ex.status() == 0) ? "io_error" : Integer.toString(ex.status()));
			throw ex;
		}
	}

	/** The items to send again; the others are completed or failed here. */
	private List<Item> settleRefused(List<Item> items, List<UserError> errors) {
		Map<Integer, UserError> byIndex = new HashMap<>();
		boolean retryAll = false;
		for (UserError error : errors) {
			int index = error.quantityIndex();
			if (index >= 0 && index < items.size()) {
				byIndex.putIfAbsent(index, error);
			}
			else {
				retryAll = true; // idempotency conflicts and input-wide errors: try again
									// with a new key
				logger.warn("Shopify store {} refused a mutation: {} {} ({})", this.shop.id(), error.code(),
						error.field(), error.message());
			}
		}
		List<Item> again = new ArrayList<>();
		for (int i = 0; i < items.size(); i++) {
			Item item = items.get(i);
			UserError error = byIndex.get(i);
			if (error == null) {
				again.add(item);
				continue;
			}
			String reason = "Shopify " + error.code() + " for sku " + item.pending.sku + ": " + error.message();
			if (STALE.contains(error.code())) {
				Integer current = readCurrent(item);
				count("stale");
				if (current == null || current == item.quantity || this.shop.handEdits() != HandEdits.ADOPT) {
					logger.warn(
							"Shopify store {} holds {} for sku {}, not the {} we last wrote (an order there or a hand "
									+ "edit); writing the pool's {}",
							this.shop.id(), current, item.pending.sku, item.changeFrom, item.quantity);
					again.add(item.withChangeFrom((current != null) ? current.longValue() : null));
				}
				else {
					logger.warn(
							"Shopify store {} holds {} for sku {}, not the {} we last wrote; checking it as a hand edit "
									+ "to adopt (hand-edits: adopt) instead of writing the pool's {}",
							this.shop.id(), current, item.pending.sku, item.changeFrom, item.quantity);
					this.observed.accept(ProductStockReported
						.ofInventoryItem(this.shop.id(), item.inventoryItemId, current, null, this.clock.instant())
						.withSku(item.pending.sku));
					completed(item.pending);
				}
			}
			else if ("NON_MUTABLE_INVENTORY_ITEM".equals(error.code())) {
				count("skipped_bundle");
				logger.info("Skipped sku {} on Shopify store {}: {}", item.pending.sku, this.shop.id(), reason);
				completed(item.pending);
			}
			else if (REJECTING.contains(error.code()) || !error.code().startsWith("IDEMPOTENCY_")) {
				count("rejected");
				logger.warn("Shopify store {} rejected sku {} quantity {}: {}", this.shop.id(), item.pending.sku,
						item.quantity, reason);
				failed(item.pending, new RejectedDeliveryException(reason, null));
			}
			else {
				again.add(item);
			}
		}
		if (retryAll) {
			logger.info("Sending {} quantities to Shopify store {} again with a new idempotency key", again.size(),
					this.shop.id());
		}
		return again;
	}

	private Integer readCurrent(Item item) {
		try {
			acquire();
			try {
				Integer current = this.client.available(item.inventoryItemId, item.locationId);
				this.gate.succeeded();
				return current;
			}
			catch (RuntimeException ex) {
				release(ex);
				throw ex;
			}
		}
		catch (RuntimeException ex) {
			logger.warn("Cannot read sku {} on Shopify store {}: {}; writing without compare", item.pending.sku,
					this.shop.id(), ex.getMessage());
			return null;
		}
	}

	/*
	 * Only failures of the store itself (no answer, 5xx) count towards its circuit; an
	 * answer that refuses or throttles (429, THROTTLED) is the store working, and the
	 * client already waited for its bucket.
	 */
	private void release(RuntimeException ex) {
		if (ex instanceof ShopifyApiException api && (!api.retryable() || api.status() == 429 || api.status() == 200)) {
			this.gate.succeeded();
		}
		else {
			this.gate.failed(ex);
		}
	}

	private void acquire() {
		try {
			this.gate.acquire();
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			throw new RetryableDeliveryException("interrupted while waiting for shop " + this.shop.id(), ex);
		}
	}

	private void confirm(List<Item> written) {
		Instant now = this.clock.instant();
		List<OwnWrite> writes = written.stream()
			.map((item) -> new OwnWrite(this.shop.id(), item.pending.sku, item.inventoryItemId, 0, item.quantity,
					item.truth.version(), now))
			.toList();
		List<String> superseded;
		try {
			superseded = this.state.recordWrites(writes);
		}
		catch (RuntimeException ex) {
			RuntimeException failure = classify(ex);
			written.forEach((item) -> failed(item.pending, failure));
			return;
		}
		if (!written.isEmpty()) {
			logger.info("Wrote {} SKUs to Shopify store={} (first sku={}, last sku={})", written.size(), this.shop.id(),
					written.get(0).pending.sku, written.get(written.size() - 1).pending.sku);
		}
		for (Item item : written) {
			count("written");
			logger.debug("Wrote sku={} available={} version={} to Shopify store={}", item.pending.sku, item.quantity,
					item.truth.version(), this.shop.id());
			completed(item.pending);
		}
		for (String sku : superseded) {
			pushCurrent(sku);
		}
	}

	private Catalogue refreshCatalogue() {
		long location = locationId();
		acquire();
		List<ShopifyClient.Variant> variants;
		try {
			variants = this.client.variants(location);
			this.gate.succeeded();
		}
		catch (RuntimeException ex) {
			release(ex);
			throw ex;
		}
		Catalogue fresh = Catalogue.of(variants, this.clock.instant());
		this.catalogue = fresh;
		logger.info(
				"Shopify store {}: {} variants, {} mapped SKUs, {} without SKU, duplicate SKUs {}, bundle parents {},"
						+ " not stocked at location {}: {}",
				this.shop.id(), variants.size(), fresh.items().size(), fresh.withoutSku(), fresh.duplicates(),
				fresh.bundleParents(), location, fresh.unstocked());
		return fresh;
	}

	private void completed(Pending pending) {
		this.lastFailures.remove(pending.sku);
		pending.complete();
	}

	private void failed(Pending pending, RuntimeException failure) {
		this.lastFailures.put(pending.sku, failure.getMessage());
		pending.fail(failure);
	}

	static RuntimeException classify(Throwable ex) {
		if (ex instanceof RetryableDeliveryException || ex instanceof RejectedDeliveryException) {
			return (RuntimeException) ex;
		}
		if (ex instanceof ShopifyApiException api) {
			return api.retryable() ? new RetryableDeliveryException(api.getMessage(), api)
					: new RejectedDeliveryException(api.getMessage(), api);
		}
		return new RetryableDeliveryException(ex.toString(), ex);
	}

	private static String encode(String sku) {
		return java.net.URLEncoder.encode(sku, java.nio.charset.StandardCharsets.UTF_8);
	}

	private void count(String outcome) {
		this.meters.counter("stocksync.propagator.writes", "shop", this.shop.id(), "outcome", outcome).increment();
	}

	private void request(String outcome) {
		this.meters
			.counter("stocksync.propagator.requests", "shop", this.shop.id(), "kind", "shopify-set", "outcome", outcome)
			.increment();
	}

	/** The requests for one SKU gathered so far. */
	private static final class Pending {

		private final String sku;

		private final List<StockChanged> changes = new ArrayList<>(1);

		private final List<CompletableFuture<Void>> futures = new ArrayList<>(1);

		private boolean force;

		Pending(String sku) {
			this.sku = sku;
		}

		void add(StockChanged change, boolean force, CompletableFuture<Void> future) {
			if (change != null) {
				if (this.changes.isEmpty()) {
					this.changes.add(change);
				}
				else if (change.version() > this.changes.get(0).version()) {
					this.changes.set(0, change);
				}
			}
			this.force |= force;
			this.futures.add(future);
		}

		void complete() {
			this.futures.forEach((future) -> future.complete(null));
		}

		void fail(RuntimeException failure) {
			this.futures.forEach((future) -> future.completeExceptionally(failure));
		}

	}

	private record Item(Pending pending, Truth truth, long quantity, long inventoryItemId, long locationId,
			Long changeFrom) {

		Item withChangeFrom(Long changeFrom) {
			return new Item(this.pending, this.truth, this.quantity, this.inventoryItemId, this.locationId, changeFrom);
		}

	}

	/**
	 * @param inventoryItemId the variant's inventory item
	 * @param requiresComponents a bundle parent (not settable)
	 * @param available its {@code available} at our location when read, null if not
	 * stocked there
	 */
	record CatalogueEntry(long inventoryItemId, boolean requiresComponents, Integer available) {
	}

	/**
	 * A store's variants by SKU, as last read.
	 *
	 * @param items unique SKUs
	 * @param duplicates SKUs on more than one variant (reported, never guessed)
	 * @param bundleParents SKUs of variants that require components
	 * @param unstocked SKUs whose item is not stocked at our location
	 * @param withoutSku variants without a SKU
	 * @param readAt when it was read
	 */
	record Catalogue(Map<String, CatalogueEntry> items, List<String> duplicates, List<String> bundleParents,
			List<String> unstocked, int withoutSku, Instant readAt) {

		static Catalogue of(List<ShopifyClient.Variant> variants, Instant readAt) {
			Map<String, CatalogueEntry> items = new LinkedHashMap<>();
			Set<String> duplicates = new java.util.TreeSet<>();
			List<String> bundles = new ArrayList<>();
			List<String> unstocked = new ArrayList<>();
			int withoutSku = 0;
			for (ShopifyClient.Variant variant : variants) {
				if (variant.sku() == null) {
					withoutSku++;
					continue;
				}
				if (items.containsKey(variant.sku()) || duplicates.contains(variant.sku())) {
					duplicates.add(variant.sku());
					items.remove(variant.sku());
					continue;
				}
				if (variant.requiresComponents()) {
					bundles.add(variant.sku());
				}
				else if (!variant.stocked()) {
					unstocked.add(variant.sku());
				}
				items.put(variant.sku(), new CatalogueEntry(variant.inventoryItemId(), variant.requiresComponents(),
						variant.available()));
			}
			return new Catalogue(Map.copyOf(items), List.copyOf(duplicates), List.copyOf(bundles),
					List.copyOf(unstocked), withoutSku, readAt);
		}

	}

}
