package io.stocksync.propagator.system;

import java.time.Duration;

import jakarta.validation.Valid;
import jakarta.validation.constraints.DecimalMin;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotBlank;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.validation.annotation.Validated;

import static io.stocksync.common.topic.Topics.PRODUCT_STOCK;
import static io.stocksync.common.topic.Topics.STOCK_ADJUSTMENTS;
import static io.stocksync.common.topic.Topics.STOCK_CHANGED;

/**
 * Settings of propagator-service.
 *
 * Sites file and admin token: {@code ServiceProperties} of service-support.
 *
 * @param topics topic names
 * @param http timeouts of calls to the shops
 * @param push coalescing, politeness and retries of the stock writes
 * @param mappingRefreshInterval how often each shop's catalogue is read again for the SKU
 * mapping
 * @param reconcile the drift check: shop stock compared with what the shop should
 * publish, and corrected
 */
@Validated
@ConfigurationProperties("stocksync")
public record PropagatorProperties(@DefaultValue Topics topics, @DefaultValue Http http, @Valid @DefaultValue Push push,
		@DefaultValue("10m") Duration mappingRefreshInterval, @Valid @DefaultValue Reconcile reconcile) {

	/**
	 * @param stockChanged the stock changes consumed, one consumer group per shop
	 * @param productStock the shops' own stock reports ({@code product.updated},
	 * published by ingest)
	 * @param adjustments where adopted hand edits go, as adjustment requests to the
	 * ledger
	 */
	public record Topics(@DefaultValue(STOCK_CHANGED) String stockChanged,
			@DefaultValue(PRODUCT_STOCK) String productStock, @DefaultValue(STOCK_ADJUSTMENTS) String adjustments) {
	}

	/**
	 * @param connectTimeout TCP connect timeout
	 * @param readTimeout socket read timeout
	 * @param callTimeout whole-call timeout
	 */
	public record Http(@DefaultValue("5s") Duration connectTimeout, @DefaultValue("30s") Duration readTimeout,
			@DefaultValue("60s") Duration callTimeout) {
	}

	/**
	 * @param groupIdPrefix consumer group of shop X is this prefix followed by X
	 * @param coalesceWindow the least time a change waits for others before a write
	 * starts (default 0: an idle shop is written at once). Coalescing is adaptive:
	 * changes that arrive while the shop's request slots are taken or its rate budget is
	 * spent are gathered anyway and go out together, one item per SKU, in the next
	 * request
	 * @param maxConcurrency most requests in flight to one shop at a time
	 * @param requestsPerSecond most requests started per second to one shop
	 * @param failureBackoff first pause of a shop's writes after a failed request (5xx,
	 * I/O); doubles per consecutive failure up to {@code maxFailureBackoff}, with jitter
	 * @param maxFailureBackoff longest such pause
	 * @param breaker the per-shop circuit breaker
	 * @param retry the per-shop retry topics and DLT
	 * @param writeLogRetention how long own writes are remembered (loop safety)
	 * @param backlogHold while the shop's consumer is behind (records still to read),
	 * changes are gathered rather than written for at most this long at a time, so a
	 * backlog writes each SKU's newest truth once
	 * @param backlogThreshold records still to read on one partition that make the
	 * consumer count as behind and start such a hold (default 100, one full batch
	 * request); fewer are a steady stream, written as it comes (adaptive coalescing
	 * gathers what arrives while a request is under way). Once a hold runs, any record
	 * still to read keeps it
	 * @param handEditSettle how long after a shop's stock report it is compared with the
	 * pool: long enough for the shop's own order (if it was one) to reach the pool, so an
	 * order-driven reduction is not taken for a hand edit
	 */
	public record Push(@NotBlank @DefaultValue("propagator-") String groupIdPrefix,
			@DefaultValue("0ms") Duration coalesceWindow, @Min(1) @Max(16) @DefaultValue("2") int maxConcurrency,
			@DecimalMin("0.1") @DefaultValue("5") double requestsPerSecond,
			@DefaultValue("500ms") Duration failureBackoff, @DefaultValue("30s") Duration maxFailureBackoff,
			@Valid @DefaultValue Breaker breaker, @Valid @DefaultValue Retry retry,
			@DefaultValue("7d") Duration writeLogRetention, @DefaultValue("5s") Duration backlogHold,
			@Min(1) @DefaultValue("100") int backlogThreshold, @DefaultValue("2s") Duration handEditSettle) {

	}

	/**
	 * @param failureThreshold consecutive failed requests that open the circuit of a shop
	 * @param openDuration how long an open circuit refuses requests before one probe is
	 * let through
	 */
	public record Breaker(@Min(1) @DefaultValue("5") int failureThreshold, @DefaultValue("30s") Duration openDuration) {
	}

	/**
	 * Non-blocking retries: a failed write goes to the shop's retry topics
	 * ({@code <stock-changed>-<shop>-retry-N}) with exponential backoff, then to its DLT
	 * ({@code <stock-changed>-<shop>-dlt}).
	 *
	 * @param attempts deliveries in total (the first one included) before the DLT
	 * @param initialBackoff delay before the first retry
	 * @param multiplier growth of the delay per retry
	 * @param maxBackoff longest delay
	 * @param createTopics whether the service creates its retry and DLT topics at start
	 * (they follow the sites file, so this is the default)
	 * @param partitions partitions of created retry and DLT topics
	 * @param replicationFactor replication factor of created retry and DLT topics
	 * ({@code -1}: broker default)
	 */
	public record Retry(@Min(1) @DefaultValue("6") int attempts, @DefaultValue("2s") Duration initialBackoff,
			@DecimalMin("1.0") @DefaultValue("2.0") double multiplier, @DefaultValue("60s") Duration maxBackoff,
			@DefaultValue("true") boolean createTopics, @Min(1) @DefaultValue("3") int partitions,
			@DefaultValue("-1") short replicationFactor) {
	}

	/**
	 * The drift check (DESIGN §5): every {@code interval} each shop's catalogue is read,
	 * its stock compared with the quantity it should publish, and the differences written
	 * through the shop's writer.
	 *
	 * @param enabled whether the check runs on a schedule (on demand through
	 * {@code POST /admin/reconcile} always)
	 * @param interval pause between the end of one scheduled run and the start of the
	 * next (the first run starts one interval after start-up)
	 * @param settle SKUs written, changed or being written within this time are left
	 * alone in a run: a push is under way, and the catalogue read may predate it
	 * @param parallelShops shops checked at the same time in a run over all shops
	 */
	public record Reconcile(@DefaultValue("true") boolean enabled, @DefaultValue("15m") Duration interval,
			@DefaultValue("30s") Duration settle, @Min(1) @Max(16) @DefaultValue("2") int parallelShops) {
	}

}
