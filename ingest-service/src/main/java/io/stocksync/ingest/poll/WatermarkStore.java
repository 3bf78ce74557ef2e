package io.stocksync.ingest.poll;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.time.Instant;
import java.util.Optional;

import io.stocksync.common.json.JsonMappers;
import io.stocksync.ingest.system.IngestProperties;
import tools.jackson.databind.JsonNode;

import org.springframework.stereotype.Component;

/**
 * The order poll's watermark per shop: the newest {@code date_modified_gmt} (the shop's
 * own clock) the poll has handed to Kafka or the spool. One small JSON file per shop
 * under {@code <data-dir>/watermarks/}, replaced atomically (write, fsync, rename, fsync
 * the directory), so a crash leaves either the old or the new watermark.
 * <p>
 * A file rather than Kafka: the poll must work while Kafka is away (it then feeds the
 * spool), ingest has no database, and a lost watermark costs only a re-read of old
 * orders, which the ledger's order-line rule makes harmless.
 */
@Component
class WatermarkStore {

	private final Path directory;

	WatermarkStore(IngestProperties properties) {
		this.directory = Path.of(properties.dataDir()).resolve("watermarks").toAbsolutePath();
		try {
			Files.createDirectories(this.directory);
		}
		catch (IOException ex) {
			throw new IllegalStateException("cannot use watermark directory " + this.directory
					+ " (set STOCKSYNC_DATA_DIR to a writable, persistent directory): " + ex, ex);
		}
	}

	Path directory() {
		return this.directory;
	}

	Optional<Instant> read(String shopId) {
		Path file = file(shopId);
		if (!Files.isRegularFile(file)) {
			return Optional.empty();
		}
		try {
			JsonNode node = JsonMappers.standard().readTree(Files.readAllBytes(file));
			return Optional.of(Instant.parse(node.path("watermark").asString()));
		}
		catch (IOException | RuntimeException ex) {
			throw new IllegalStateException("watermark file " + file + " is unreadable; fix or delete it (the poll"
					+ " then starts again from stocksync.poll.initial-lookback): " + ex.getMessage(), ex);
		}
	}

	void write(String shopId, Instant watermark) {
		Path target = file(shopId);
		Path temporary = this.directory.resolve(shopId + ".json.tmp");
		String json = "{\"shopId\":\"" + shopId + "\",\"watermark\":\"" + watermark + "\"}\n";
		try {
			try (FileChannel channel = FileChannel.open(temporary, StandardOpenOption.CREATE,
					StandardOpenOption.TRUNCATE_EXISTING, StandardOpenOption.WRITE)) {
				channel.write(java.nio.ByteBuffer.wrap(json.getBytes(StandardCharsets.UTF_8)));
				channel.force(true);
			}
			try {
				Files.move(temporary, target, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
			}
			catch (AtomicMoveNotSupportedException ex) {
				Files.move(temporary, target, StandardCopyOption.REPLACE_EXISTING);
			}
			try (FileChannel dir = FileChannel.open(this.directory, StandardOpenOption.READ)) {
				dir.force(true);
			}
			catch (IOException ex) {
				// directories cannot be forced on every platform; the rename itself is
				// atomic
			}
		}
		catch (IOException ex) {
			throw new UncheckedIOException("cannot write watermark " + target, ex);
		}
	}

	private Path file(String shopId) {
		// Shop ids are [A-Za-z0-9_-]{1,64} (ShopConfig), safe as file names.
		return this.directory.resolve(shopId + ".json");
	}

}
