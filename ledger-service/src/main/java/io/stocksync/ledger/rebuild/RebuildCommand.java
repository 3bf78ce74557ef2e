package io.stocksync.ledger.rebuild;

import io.stocksync.common.json.JsonMappers;
import io.stocksync.ledger.rebuild.Rebuilder.RebuildReport;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.boot.ApplicationArguments;
import org.springframework.boot.ApplicationRunner;
import org.springframework.boot.ExitCodeGenerator;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.stereotype.Component;

/**
 * The command line rebuild,
 * {@code java -jar ledger-service-exec.jar --rebuild [--keep-schema]}: runs one rebuild
 * against the configured database and Kafka, prints the report as JSON on stdout and
 * exits 0 when the rebuilt stock equals the live stock, 1 when it differs, 2 when the
 * rebuild failed. {@code LedgerApplication} switches it on; it never consumes or relays
 * anything of the live ledger.
 */
@Component
@ConditionalOnProperty(name = "stocksync.rebuild.cli", havingValue = "true")
class RebuildCommand implements ApplicationRunner, ExitCodeGenerator {

	private static final Logger logger = LoggerFactory.getLogger(RebuildCommand.class);

	private final Rebuilder rebuilder;

	private int exitCode = 2;

	RebuildCommand(Rebuilder rebuilder) {
		this.rebuilder = rebuilder;
	}

	@Override
	public void run(ApplicationArguments args) {
		try {
			RebuildReport report = this.rebuilder.rebuild(args.containsOption("keep-schema"));
			// stdout is this command's output (scripts parse it); logs go through the
			// logger as usual
			System.out.println(JsonMappers.standard().writerWithDefaultPrettyPrinter().writeValueAsString(report));
			this.exitCode = report.identical() ? 0 : 1;
		}
		catch (RuntimeException ex) {
			logger.error("Rebuild failed", ex);
			this.exitCode = 2;
		}
	}

	@Override
	public int getExitCode() {
		return this.exitCode;
	}

}
