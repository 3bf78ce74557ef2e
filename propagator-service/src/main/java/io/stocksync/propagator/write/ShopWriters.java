package io.stocksync.propagator.write;

import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.atomic.AtomicInteger;

import io.micrometer.core.instrument.MeterRegistry;
import io.stocksync.common.event.ProductStockReported;
import io.stocksync.common.event.StockChanged;
import io.stocksync.common.shop.ShopConfig;
import io.stocksync.common.shop.Sites;
import io.stocksync.propagator.mapping.MappingService;
import io.stocksync.propagator.politeness.ShopGate;
import io.stocksync.propagator.shopify.ShopifyClients;
import io.stocksync.propagator.system.PropagatorProperties;
import io.stocksync.woo.WooClients;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.beans.factory.DisposableBean;
import org.springframework.boot.context.event.ApplicationReadyEvent;
import org.springframework.context.event.EventListener;
import org.springframework.kafka.config.KafkaListenerEndpointRegistry;
import org.springframework.kafka.core.KafkaTemplate;
import org.springframework.kafka.listener.MessageListenerContainer;
import org.springframework.kafka.support.KafkaHeaders;
import org.springframework.stereotype.Component;

/**
 * One {@link ShopWriter} per configured shop, each with its own worker threads and
 * {@link ShopGate}, and the operator's pause switch per shop. A paused shop's consumers
 * (main, retry and DLT) are paused and its writer holds its writes; the switch is stored,
 * so a restart keeps the shop paused.
 */
@Component
public class ShopWriters implements DisposableBean {

	private static final Logger logger = LoggerFactory.getLogger(ShopWriters.class);

	private final Map<String, StockWriter> writers = new LinkedHashMap<>();

	private final Map<String, ExecutorService> workers = new LinkedHashMap<>();

	private final ScheduledExecutorService scheduler;

	/* Saves of gathered changes (UnwrittenChanges), for every shop. */
	private final ExecutorService saves;

	private final PushRepository repository;

	private final KafkaListenerEndpointRegistry registry;

	private final PropagatorProperties properties;

	private final Clock clock;

	ShopWriters(Sites sites, WooClients clients, PushStateService state, PushRepository repository,
			MappingService mappings, KafkaListenerEndpointRegistry registry, PropagatorProperties properties,
			Clock clock, MeterRegistry meters, ShopifyClients shopify, KafkaTemplate<String, Object> template) {
		this.repository = repository;
		this.registry = registry;
		this.properties = properties;
		this.clock = clock;
		this.scheduler = Executors.newSingleThreadScheduledExecutor(threads("propagator-coalescer"));
		this.saves = Executors.newFixedThreadPool(2, threads("propagator-unwritten"));
		PropagatorProperties.Push push = properties.push();
		List<String> paused = List.copyOf(repository.pausedShops());
		for (ShopConfig shop : sites.all()) {
			ExecutorService pool = Executors.newFixedThreadPool(push.maxConcurrency(),
					threads("propagator-" + shop.id()));
			String mainTopic = properties.topics().stockChanged();
			String retryTopic = mainTopic + "-" + shop.id() + "-retry-0";
			StockWriter writer = shop.isShopify()
					? new ShopifyWriter(shop, shopify.forShop(shop), new ShopGate(shop.id(), push, clock), state,
							this.scheduler, pool, push.coalesceWindow(), clock, meters,
							(report) -> observed(template, properties.topics().productStock(), report))
					: new WooStockWriter(new ShopWriter(shop, clients.forShop(shop),
							new ShopGate(shop.id(), push, clock), state, mappings, this.scheduler, pool,
							push.maxConcurrency(), push.coalesceWindow(), push.backlogHold(), push.backlogThreshold(),
							new UnwrittenChanges(shop.id(), state, this.saves, clock), clock, meters,
							(change) -> retryLater(template, mainTopic, retryTopic, shop, change)));
			if (paused.contains(shop.id())) {
				writer.pause();
				logger.warn("Shop {} is paused (since an operator paused it); POST /admin/sites/{}/resume", shop.id(),
						shop.id());
			}
			this.writers.put(shop.id(), writer);
			this.workers.put(shop.id(), pool);
		}
	}

	/*
	 * A backlog change nobody waited for failed: the shop's first retry topic takes over
	 * (retries, then the DLT).
	 */
	private static void retryLater(KafkaTemplate<String, Object> template, String mainTopic, String topic,
			ShopConfig shop, StockChanged change) {
		ProducerRecord<String, Object> record = new ProducerRecord<>(topic, change.sku(), change);
		// as the retry topic error handler would: the listener tells main-topic records
		// by this header
		record.headers().add(KafkaHeaders.ORIGINAL_TOPIC, mainTopic.getBytes(StandardCharsets.UTF_8));
		template.send(record).whenComplete((result, failure) -> {
			if (failure != null) {
				logger.error("Cannot hand sku={} version={} of shop={} to {}; the drift check will correct it: {}",
						change.sku(), change.version(), shop.id(), topic, failure.toString());
			}
		});
	}

	/*
	 * What a Shopify store was found to hold when a compare failed: its report, checked
	 * for a hand edit like any other.
	 */
	private static void observed(KafkaTemplate<String, Object> template, String topic, ProductStockReported report) {
		template.send(topic, report.key(), report).whenComplete((result, failure) -> {
			if (failure != null) {
				logger.error("Report of shop={} sku={} not published; the drift check will find it: {}",
						report.shopId(), report.sku(), failure.toString());
			}
		});
	}

	public StockWriter writer(String shopId) {
		StockWriter writer = this.writers.get(shopId);
		if (writer == null) {
			throw new IllegalArgumentException("no shop with id '" + shopId + "'");
		}
		return writer;
	}

	public Optional<StockWriter> find(String shopId) {
		return Optional.ofNullable(this.writers.get(shopId));
	}

	public List<StockWriter> all() {
		return List.copyOf(this.writers.values());
	}

	public void pause(String shopId) {
		StockWriter writer = writer(shopId);
		this.repository.setPaused(shopId, true, this.clock.instant());
		writer.pause();
		containers(shopId).forEach(MessageListenerContainer::pause);
		logger.warn("Shop {} paused by an operator", shopId);
	}

	public void resume(String shopId) {
		StockWriter writer = writer(shopId);
		this.repository.setPaused(shopId, false, this.clock.instant());
		containers(shopId).forEach(MessageListenerContainer::resume);
		writer.resume();
		logger.warn("Shop {} resumed by an operator", shopId);
	}

	/*
	 * The containers start with the context; pause those of shops that were paused before
	 * the restart. Then each writer writes what it had gathered but maybe not written
	 * before the last stop (a paused one holds it until it is resumed).
	 */
	@EventListener(ApplicationReadyEvent.class)
	void applyStoredPausesAndRecover() {
		this.writers.values()
			.stream()
			.filter((writer) -> writer.status().paused())
			.forEach((writer) -> containers(writer.shop().id()).forEach(MessageListenerContainer::pause));
		this.writers.values().forEach(StockWriter::recover);
	}

	/**
	 * Main, retry and DLT containers of a shop: their ids are the group id, or start with
	 * it and a dash.
	 */
	private List<MessageListenerContainer> containers(String shopId) {
		String id = this.properties.push().groupIdPrefix() + shopId;
		return this.registry.getAllListenerContainers()
			.stream()
			.filter((container) -> container.getListenerId() != null
					&& (container.getListenerId().equals(id) || container.getListenerId().startsWith(id + "-")))
			.toList();
	}

	@Override
	public void destroy() {
		this.scheduler.shutdownNow();
		this.saves.shutdownNow();
		this.workers.values().forEach(ExecutorService::shutdownNow);
	}

	private static ThreadFactory threads(String prefix) {
		AtomicInteger count = new AtomicInteger();
		return (runnable) -> {
			Thread thread = new Thread(runnable, prefix + "-" + count.incrementAndGet());
			thread.setDaemon(true);
			return thread;
		};
	}

}
