package io.stocksync.ingest.system;

import java.time.Duration;

import jakarta.validation.Valid;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotBlank;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.util.unit.DataSize;
import org.springframework.validation.annotation.Validated;

import static io.stocksync.common.topic.Topics.INGEST_QUARANTINE;
import static io.stocksync.common.topic.Topics.ORDER_EVENTS;
import static io.stocksync.common.topic.Topics.ORDER_REFUND_LOOKUPS;
import static io.stocksync.common.topic.Topics.PRODUCT_STOCK;
import static io.stocksync.common.topic.Topics.SHOPIFY_ORDER_LOOKUPS;

/**
 * Settings of ingest-service.
 *
 * Sites file and admin token: {@code ServiceProperties} of service-support.
 *
 * @param topics topic names
 * @param maxBodySize largest webhook body accepted (413 above it)
 * @param kafkaAckTimeout how long a webhook waits for Kafka to acknowledge before its
 * record is spooled
 * @param kafkaLinger how long ingest's Kafka producer waits for more records before it
 * sends a batch (its {@code linger.ms}; the other services keep Kafka's 5 ms). Every
 * webhook's answer waits for its batch, so this is latency on every delivery, and with a
 * fixed number of connections (a load tool's, or the shops' concurrent deliveries) it
 * caps the deliveries per second: measured in docs/benchmarks.md
 * @param dataDir where ingest keeps its durable local state: {@code spool/} and
 * {@code watermarks/} ({@code STOCKSYNC_DATA_DIR}); must survive restarts (a persistent
 * volume), one per instance
 * @param publicBaseUrl the URL shops reach ingest at, e.g.
 * {@code https://ingest.example.com} ({@code STOCKSYNC_PUBLIC_BASE_URL}); webhook
 * delivery URLs are this plus {@code /webhooks/woocommerce/<shopId>}. Needed to register
 * webhooks; without it our webhooks are recognised by that path alone
 * @param spool the local spool used while Kafka is unreachable
 * @param poll the missed-order poll
 * @param webhookHealth the check that re-activates webhooks WooCommerce disabled
 * @param http the HTTP client towards the shops
 * @param refundLookup the follow-up step that reads a shop's refunds of an order off the
 * request path
 * @param shopifyOrderLookup the follow-up step that reads, off the request path, the
 * order a Shopify {@code refunds/create} or {@code orders/edited} delivery names
 */
@Validated
@ConfigurationProperties("stocksync")
public record IngestProperties(@DefaultValue Topics topics, @DefaultValue("1MB") DataSize maxBodySize,
		@DefaultValue("10s") Duration kafkaAckTimeout, @DefaultValue("1ms") Duration kafkaLinger,
		@NotBlank @DefaultValue("data/ingest") String dataDir, String publicBaseUrl, @Valid @DefaultValue Spool spool,
		@Valid @DefaultValue Poll poll, @Valid @DefaultValue WebhookHealth webhookHealth,
		@Valid @DefaultValue Http http, @Valid @DefaultValue RefundLookup refundLookup,
		@Valid @DefaultValue ShopifyOrderLookup shopifyOrderLookup) {

	/**
	 * @param orderEvents where order snapshots go
	 * @param quarantine where verified but unusable deliveries go
	 * @param productStock where the shops' own stock reports ({@code product.updated}) go
	 * @param refundLookups ingest's own queue of order deliveries whose refunds are read
	 * before their snapshot goes to {@code orderEvents}
	 * @param shopifyOrderLookups ingest's own queue of Shopify deliveries whose order is
	 * read from the store before its snapshot goes to {@code orderEvents}
	 */
	public record Topics(@DefaultValue(ORDER_EVENTS) String orderEvents,
			@DefaultValue(INGEST_QUARANTINE) String quarantine, @DefaultValue(PRODUCT_STOCK) String productStock,
			@DefaultValue(ORDER_REFUND_LOOKUPS) String refundLookups,
			@DefaultValue(SHOPIFY_ORDER_LOOKUPS) String shopifyOrderLookups) {
	}

	/**
	 * @param attempts how often a shop's refund list is read before the snapshot goes on
	 * without the numbers
	 * @param backoff wait before the second attempt, doubled before each further one
	 * @param concurrency consumer threads of the refund-lookup topic
	 */
	public record RefundLookup(@DefaultValue("4") @Min(1) int attempts, @DefaultValue("1s") Duration backoff,
			@DefaultValue("1") @Min(1) int concurrency) {
	}

	/**
	 * @param attempts how often the store is asked for the order before the delivery is
	 * parked in quarantine (the order poll then brings the order)
	 * @param backoff wait before the second attempt, doubled before each further one
	 * @param concurrency consumer threads of the Shopify order-lookup topic
	 */
	public record ShopifyOrderLookup(@DefaultValue("4") @Min(1) int attempts, @DefaultValue("1s") Duration backoff,
			@DefaultValue("1") @Min(1) int concurrency) {
	}

	/**
	 * @param drainInterval how often the spool tries Kafka again while it holds records
	 * @param segmentSize size at which a new spool file is started
	 */
	public record Spool(@DefaultValue("1s") Duration drainInterval, @DefaultValue("64MB") DataSize segmentSize) {
	}

	/**
	 * @param enabled whether the scheduled poll runs ({@code POST
	 * /admin/sites/{id}/poll-orders} always works)
	 * @param interval time between the end of one poll of all shops and the start of the
	 * next
	 * @param overlap how far before the watermark each poll starts again (WooCommerce
	 * compares to the second, and an order modified while the pages are read can move
	 * across pages)
	 * @param initialLookback where a shop's first watermark starts, before the first
	 * start of ingest; 0 = from then on only (orders older than the onboarding stock
	 * import are already in the imported stock)
	 */
	public record Poll(@DefaultValue("true") boolean enabled, @DefaultValue("5m") Duration interval,
			@DefaultValue("10m") Duration overlap, @DefaultValue("0s") Duration initialLookback) {
	}

	/**
	 * @param enabled whether the scheduled webhook check runs
	 * @param interval time between two checks of every shop's webhooks
	 */
	public record WebhookHealth(@DefaultValue("true") boolean enabled, @DefaultValue("10m") Duration interval) {
	}

	/**
	 * @param connectTimeout connect timeout towards a shop
	 * @param readTimeout read timeout towards a shop
	 * @param callTimeout limit of one whole request towards a shop
	 */
	public record Http(@DefaultValue("5s") Duration connectTimeout, @DefaultValue("30s") Duration readTimeout,
			@DefaultValue("60s") Duration callTimeout) {
	}

}
