package io.stocksync.propagator.deadletter;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

import io.stocksync.propagator.system.PropagatorProperties;
import io.stocksync.propagator.write.ShopWriters;
import io.stocksync.propagator.write.StockWriter;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.stereotype.Service;

/**
 * DLT replay: every open DLT entry of a shop (or of all shops) has its SKU's
 * <em>current</em> truth pushed again, straight through the shop's writer (the DLT record
 * itself is old news). Entries that are written are closed; the others keep their row
 * with the new reason.
 */
@Service
class DeadLetterService {

	private static final Logger logger = LoggerFactory.getLogger(DeadLetterService.class);

	private final DeadLetterRepository repository;

	private final ShopWriters writers;

	private final Clock clock;

	private final Duration timeout;

	DeadLetterService(DeadLetterRepository repository, ShopWriters writers, Clock clock,
			PropagatorProperties properties) {
		this.repository = repository;
		this.writers = writers;
		this.clock = clock;
		this.timeout = properties.http().callTimeout().multipliedBy(2);
	}

	List<DeadLetter> list(String shopId, boolean includeReplayed) {
		return this.repository.list(shopId, includeReplayed);
	}

	Map<String, Object> replay(String shopId) {
		return replay(shopId, null);
	}

	/**
	 * Replays the open entries of one shop (or all shops), or only the one of {@code sku}
	 * when given.
	 */
	Map<String, Object> replay(String shopId, String sku) {
		Instant startedAt = this.clock.instant();
		List<Map<String, Object>> replayed = new ArrayList<>();
		List<Map<String, Object>> failed = new ArrayList<>();
		Map<DeadLetter, CompletableFuture<Void>> pushes = new LinkedHashMap<>();
		for (DeadLetter letter : this.repository.list(shopId, false)) {
			if (sku != null && !sku.equals(letter.sku())) {
				continue;
			}
			Optional<StockWriter> writer = this.writers.find(letter.shopId());
			if (writer.isEmpty()) {
				failed.add(entry(letter, "shop is no longer configured"));
			}
			else if (writer.get().status().paused()) {
				failed.add(entry(letter, "shop is paused"));
			}
			else {
				pushes.put(letter, writer.get().pushCurrent(letter.sku()));
			}
		}
		long deadline = System.nanoTime() + this.timeout.toNanos();
		for (Map.Entry<DeadLetter, CompletableFuture<Void>> push : pushes.entrySet()) {
			DeadLetter letter = push.getKey();
			try {
				push.getValue().get(Math.max(0, deadline - System.nanoTime()), TimeUnit.NANOSECONDS);
				this.repository.markReplayed(letter.shopId(), letter.sku(), startedAt, this.clock.instant());
				replayed.add(entry(letter, null));
			}
			catch (ExecutionException ex) {
				String reason = ex.getCause().getMessage();
				this.repository.updateReason(letter.shopId(), letter.sku(), "replay failed: " + reason);
				logger.warn("DLT replay of shop={} sku={} failed: {}", letter.shopId(), letter.sku(), reason);
				failed.add(entry(letter, reason));
			}
			catch (TimeoutException ex) {
				failed.add(entry(letter, "no answer within " + this.timeout.toSeconds() + "s; still being written"));
			}
			catch (InterruptedException ex) {
				Thread.currentThread().interrupt();
				failed.add(entry(letter, "interrupted"));
			}
		}
		logger.info("DLT replay (shop={}): {} replayed, {} failed", (shopId != null) ? shopId : "all", replayed.size(),
				failed.size());
		Map<String, Object> report = new LinkedHashMap<>();
		report.put("shop", shopId);
		report.put("replayed", replayed);
		report.put("failed", failed);
		return report;
	}

	private static Map<String, Object> entry(DeadLetter letter, String reason) {
		Map<String, Object> entry = new LinkedHashMap<>();
		entry.put("shop", letter.shopId());
		entry.put("sku", letter.sku());
		if (reason != null) {
			entry.put("reason", reason);
		}
		return entry;
	}

}
