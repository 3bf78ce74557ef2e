package io.stocksync.ingest.webhook;

import java.time.Clock;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeParseException;
import java.util.Optional;
import java.util.UUID;

import io.micrometer.core.instrument.MeterRegistry;
import io.stocksync.common.event.ProductStockReported;
import io.stocksync.common.json.JsonMappers;
import io.stocksync.ingest.system.CachedCounters;
import io.stocksync.ingest.system.IngestProperties;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;

import org.springframework.kafka.core.KafkaTemplate;
import org.springframework.stereotype.Component;

/**
 * Turns a verified {@code product.updated} delivery into a {@link ProductStockReported}
 * on the product-stock topic: the shop's own word on what it shows now, for the
 * propagator (skip writes that change nothing, see hand edits). Only stock-managed items
 * with a SKU and a stock quantity are reported. A report is a hint, not a sale: it is
 * sent without waiting for Kafka and without the spool, and a lost one costs only what
 * the drift check then finds.
 */
@Component
public class ProductStockReports {

	private static final Logger logger = LoggerFactory.getLogger(ProductStockReports.class);

	private final KafkaTemplate<String, Object> template;

	private final String topic;

	private final Clock clock;

	private final CachedCounters counters;

	ProductStockReports(KafkaTemplate<String, Object> template, IngestProperties properties, Clock clock,
			MeterRegistry meters) {
		this.template = template;
		this.topic = properties.topics().productStock();
		this.clock = clock;
		this.counters = new CachedCounters(meters, "stocksync.ingest.product-reports", "shop", "outcome");
	}

	/**
	 * Reports the product's stock if the body has one; returns the report, or empty with
	 * nothing sent.
	 */
	Optional<ProductStockReported> report(String shopId, byte[] body) {
		Optional<ProductStockReported> report = parse(shopId, body, this.clock.instant());
		report.ifPresentOrElse(this::publish, () -> this.counters.increment(shopId, "none"));
		return report;
	}

	/**
	 * Sends a report built elsewhere (a Shopify {@code inventory_levels/update}), the
	 * same way: without waiting for Kafka.
	 */
	public void publish(ProductStockReported event) {
		this.template.send(this.topic, event.key(), event).whenComplete((result, failure) -> {
			if (failure != null) {
				logger.warn("Product stock report of shop={} sku={} item={} not sent (the drift check covers it): {}",
						event.shopId(), event.sku(), event.productId(), failure.getMessage());
			}
		});
		this.counters.increment(event.shopId(), "reported");
	}

	/** When a delivery arrived, for reports built elsewhere. */
	public Instant now() {
		return this.clock.instant();
	}

	/*
	 * Whatever the body holds (it is verified, not necessarily sane): a report, or empty.
	 */
	static Optional<ProductStockReported> parse(String shopId, byte[] body, Instant now) {
		try {
			return read(shopId, body, now);
		}
		catch (RuntimeException ex) {
			return Optional.empty();
		}
	}

	private static Optional<ProductStockReported> read(String shopId, byte[] body, Instant now) {
		JsonNode product;
		try {
			product = JsonMappers.standard().readTree(body);
		}
		catch (JacksonException ex) {
			return Optional.empty();
		}
		String sku = product.path("sku").asString("");
		JsonNode stock = product.path("stock_quantity");
		long id = product.path("id").asLong(0);
		if (!product.isObject() || sku.isBlank() || id <= 0 || !product.path("manage_stock").asBoolean(false)
				|| stock.isNull() || stock.isMissingNode()) {
			return Optional.empty();
		}
		long quantity;
		try {
			// WooCommerce may send the number as a string (wc-fixtures wh-110)
			quantity = stock.isNumber() ? stock.asLong() : Long.parseLong(stock.asString().trim());
		}
		catch (NumberFormatException ex) {
			return Optional.empty();
		}
		boolean variation = "variation".equals(product.path("type").asString(""));
		long parent = product.path("parent_id").asLong(0);
		long productId = (variation && parent > 0) ? parent : id;
		long variationId = (variation && parent > 0) ? id : 0;
		return Optional
			.of(new ProductStockReported(ProductStockReported.SCHEMA_VERSION, UUID.randomUUID().toString(), shopId, sku,
					productId, variationId, quantity, modified(product.path("date_modified_gmt").asString("")), now));
	}

	private static Instant modified(String value) {
		try {
			return value.isBlank() ? null : LocalDateTime.parse(value).toInstant(ZoneOffset.UTC);
		}
		catch (DateTimeParseException ex) {
			return null;
		}
	}

}
