package io.stocksync.ingest;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Fresh data directories for ingest under {@code target/}, one per test class (spool and
 * watermarks).
 */
public final class TestDirectories {

	private TestDirectories() {
	}

	public static Path create(String name) {
		try {
			Path base = Path.of("target", "test-data");
			Files.createDirectories(base);
			return Files.createTempDirectory(base, name + "-").toAbsolutePath();
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
	}

}
