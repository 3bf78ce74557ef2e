package io.stocksync.ledger;

import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * The ledger as a separate JVM from its exec jar, as it runs in production; its output
 * goes to {@code target/service-logs/<name>.log}. {@link #kill()} is SIGKILL: no shutdown
 * hook, no graceful close.
 */
final class LedgerProcess implements AutoCloseable {

	private final Process process;

	private final Path log;

	private LedgerProcess(Process process, Path log) {
		this.process = process;
		this.log = log;
	}

	static LedgerProcess start(String name, List<String> args) {
		String jar = System.getProperty("stocksync.jar.ledger");
		if (jar == null || !new File(jar).isFile()) {
			throw new IllegalStateException("exec jar not found at " + jar + " (run through Maven: ./mvnw verify)");
		}
		try {
			Path logs = Path.of(System.getProperty("stocksync.logs", "target/service-logs"));
			Files.createDirectories(logs);
			Path log = logs.resolve(name + ".log");
			String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
			// the JVM options it has wherever it runs (the repository's
			// config/jvm.options and config/ledger-service.jvm.options), but C1
			// only: a quick start on a busy machine matters here, peak speed does not
			Path options = Path.of("..", "config", "jvm.options").toAbsolutePath().normalize();
			Path ledgerOptions = Path.of("..", "config", "ledger-service.jvm.options").toAbsolutePath().normalize();
			List<String> command = new ArrayList<>(
					List.of(java, "@" + options, "@" + ledgerOptions, "-XX:TieredStopAtLevel=1", "-jar", jar));
			command.addAll(args);
			ProcessBuilder builder = new ProcessBuilder(command);
			builder.environment().put("MALLOC_ARENA_MAX", "2"); // as wherever it runs
			Process process = builder.redirectErrorStream(true)
				.redirectOutput(ProcessBuilder.Redirect.to(log.toFile()))
				.start();
			return new LedgerProcess(process, log);
		}
		catch (IOException ex) {
			throw new IllegalStateException("cannot start " + name, ex);
		}
	}

	boolean isAlive() {
		return this.process.isAlive();
	}

	/** SIGKILL, and wait until the process is gone. */
	void kill() throws InterruptedException {
		this.process.destroyForcibly().waitFor(30, TimeUnit.SECONDS);
	}

	/** Waits for the process to end by itself; returns its exit code. */
	int awaitExit(long seconds) throws InterruptedException {
		if (!this.process.waitFor(seconds, TimeUnit.SECONDS)) {
			throw new IllegalStateException("process still running after " + seconds + " s; log: " + output());
		}
		return this.process.exitValue();
	}

	String output() {
		try {
			return Files.readString(this.log);
		}
		catch (IOException ex) {
			return "(no log: " + ex.getMessage() + ")";
		}
	}

	@Override
	public void close() {
		this.process.destroy();
		try {
			if (!this.process.waitFor(20, TimeUnit.SECONDS)) {
				this.process.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
			}
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
		}
	}

}
