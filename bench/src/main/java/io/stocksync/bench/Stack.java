package io.stocksync.bench;

import java.io.File;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.locks.LockSupport;
import java.util.function.BooleanSupplier;

import io.stocksync.fakeshop.FakeShop;
import io.stocksync.fakeshop.FakeShopOptions;
import io.stocksync.fakeshop.shopify.FakeShopify;

/**
 * The real stack, started the way {@code run-local.sh} starts it but on free ports of its
 * own (so it never collides with a running {@code ./run-local.sh}): a standalone KRaft
 * broker and the embedded PostgreSQL launcher from {@code local-stack/target}, the three
 * services from their exec jars, and N fake shops inside this JVM (so the bench reads
 * their request counts, busy time and stock writes directly). State lives in
 * {@code bench/target/run-<mode>}.
 */
final class Stack implements AutoCloseable {

	static final String ADMIN_TOKEN = "bench-admin-token";

	static final List<String> SERVICES = List.of("ledger", "ingest", "propagator");

	private static final String VERSION = "0.1.0-SNAPSHOT";

	private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();

	private final Path root;

	private final Path runDir;

	private final Path logs;

	private final Settings settings;

	private final int kafkaPort = freePort();

	private final int controllerPort = freePort();

	private final int postgresPort = freePort();

	private final Map<String, Integer> servicePorts = new LinkedHashMap<>();

	private final List<FakeShop> shops = new ArrayList<>();

	private final List<FakeShopify> shopifyStores = new ArrayList<>();

	private final Map<FakeShopify, String> shopifyIds = new LinkedHashMap<>();

	private final Map<String, Proc> procs = new LinkedHashMap<>();

	private final Map<String, Proc.Usage> usage = new LinkedHashMap<>();

	private final List<Path> jfrFiles = new ArrayList<>();

	private Path sitesFile;

	Stack(Path root, Settings settings) {
		this.root = root;
		this.settings = settings;
		this.runDir = root.resolve("bench/target/run-" + settings.mode());
		this.logs = this.runDir.resolve("logs");
		for (String service : SERVICES) {
			this.servicePorts.put(service, freePort());
		}
	}

	// ---- start
	// ---------------------------------------------------------------------------------------------------

	/**
	 * Everything, fresh: Kafka, PostgreSQL, shops with {@code skus} products each, then
	 * the services.
	 */
	void start(List<String> skus, long stock) {
		deleteRecursively(this.runDir);
		mkdirs(this.logs);
		mkdirs(this.runDir.resolve("config"));
		checkArtifacts();
		formatKafka();
		startKafka();
		startPostgres();
		startShops(skus, stock);
		awaitKafka();
		awaitPostgres(1);
		for (String service : SERVICES) {
			startService(service);
		}
		for (String service : SERVICES) {
			// three services starting at once next to Kafka and PostgreSQL: on a shared
			// 2-core machine that took over 240 s
			awaitHealthy(service, Duration.ofSeconds(480));
		}
	}

	private void checkArtifacts() {
		List<Path> needed = new ArrayList<>(List.of(localStack().resolve("classes"), localStack().resolve("kafka-lib"),
				localStack().resolve("pg-lib")));
		SERVICES.forEach((service) -> needed.add(execJar(service)));
		for (Path path : needed) {
			if (!Files.exists(path)) {
				throw new IllegalStateException(path + " is missing: build first (./mvnw -q -o -DskipTests package)");
			}
		}
	}

	private void formatKafka() {
		Path config = this.runDir.resolve("config");
		write(config.resolve("kafka-server.properties"), """
				process.roles=broker,controller
				node.id=1
				controller.quorum.bootstrap.servers=127.0.0.1:%2$d
				listeners=PLAINTEXT://127.0.0.1:%1$d,CONTROLLER://127.0.0.1:%2$d
				advertised.listeners=PLAINTEXT://127.0.0.1:%1$d,CONTROLLER://127.0.0.1:%2$d
				listener.security.protocol.map=PLAINTEXT:PLAINTEXT,CONTROLLER:PLAINTEXT
				controller.listener.names=CONTROLLER
				inter.broker.listener.name=PLAINTEXT
				log.dirs=%3$s
				num.partitions=3
				auto.create.topics.enable=true
				default.replication.factor=1
				min.insync.replicas=1
				offsets.topic.replication.factor=1
				transaction.state.log.replication.factor=1
				transaction.state.log.min.isr=1
				share.coordinator.state.topic.replication.factor=1
				share.coordinator.state.topic.min.isr=1
				group.initial.rebalance.delay.ms=0
				""".formatted(this.kafkaPort, this.controllerPort, this.runDir.resolve("kafka")));
		String log4j = """
				status = error
				appender.out.type = Console
				appender.out.name = out
				appender.out.target = SYSTEM_%s
				appender.out.layout.type = PatternLayout
				appender.out.layout.pattern = [%%d] %%p %%m (%%c)%%n
				rootLogger.level = %s
				rootLogger.appenderRef.out.ref = out
				logger.state.name = state.change.logger
				logger.state.level = warn
				logger.request.name = kafka.request.logger
				logger.request.level = warn
				""";
		write(config.resolve("log4j2-kafka.properties"), log4j.formatted("OUT", "info"));
		write(config.resolve("log4j2-tools.properties"), log4j.formatted("ERR", "warn"));
		String kafkaCp = localStack().resolve("kafka-lib") + File.separator + "*";
		List<String> tools = List.of(java(), "-Xmx256m",
				"-Dlog4j2.configurationFile=" + config.resolve("log4j2-tools.properties"), "-cp", kafkaCp);
		String uuid = run(concat(tools, "kafka.tools.StorageTool", "random-uuid")).trim();
		run(concat(tools, "kafka.tools.StorageTool", "format", "--standalone", "-t", uuid, "-c",
				config.resolve("kafka-server.properties").toString()));
	}

	/**
	 * Starts the broker on its existing storage (the first time after
	 * {@link #formatKafka()}), with the JVM options Kafka's own start script
	 * ({@code kafka-run-class.sh}) gives a broker: G1 aiming at 20 ms pauses (the JVM's
	 * default aim is 200 ms, and every webhook's answer waits for the broker). Its GC
	 * pauses go to its log.
	 */
	void startKafka() {
		Path config = this.runDir.resolve("config");
		launch("kafka",
				List.of(java(), "-Xms256m", "-Xmx512m", "-server", "-XX:+UseG1GC", "-XX:MaxGCPauseMillis=20",
						"-XX:InitiatingHeapOccupancyPercent=35", "-XX:+ExplicitGCInvokesConcurrent",
						"-XX:MaxInlineLevel=15", "-Djava.awt.headless=true", "-Xlog:gc:stdout:time,uptime",
						"-Dlog4j2.configurationFile=" + config.resolve("log4j2-kafka.properties"), "-cp",
						localStack().resolve("kafka-lib") + File.separator + "*", "kafka.Kafka",
						config.resolve("kafka-server.properties").toString()),
				Map.of());
	}

	void awaitKafka() {
		awaitKafka(1);
	}

	private void awaitKafka(long startedLines) {
		Proc kafka = this.procs.get("kafka");
		await("Kafka broker", Duration.ofSeconds(120), kafka,
				() -> countLines(kafka.log(), "Kafka Server started") >= startedLines && portOpen(this.kafkaPort));
	}

	/**
	 * Stops the broker (SIGTERM: a controlled shutdown), keeps it down, starts it on the
	 * same storage.
	 */
	void restartKafka(Duration down) {
		long started = countLines(this.logs.resolve("kafka.log"), "Kafka Server started");
		stop("kafka", 60);
		pauseFor(down);
		startKafka();
		awaitKafka(started + 1);
	}

	/**
	 * Starts the PostgreSQL launcher again on the same data directory and waits until it
	 * is ready.
	 */
	void restartPostgres() {
		long ready = countLines(this.logs.resolve("postgres.log"), "READY");
		startPostgres();
		awaitPostgres(ready + 1);
	}

	void startPostgres() {
		String cp = localStack().resolve("classes") + File.pathSeparator + localStack().resolve("pg-lib")
				+ File.separator + "*" + File.pathSeparator + localStack().resolve("kafka-lib") + File.separator + "*";
		List<String> command = batchPriority();
		command.addAll(List.of(java(), "-Xmx128m",
				"-Dlog4j2.configurationFile=" + this.runDir.resolve("config/log4j2-tools.properties"), "-cp", cp,
				"io.stocksync.localstack.EmbeddedPostgresMain", "--port", Integer.toString(this.postgresPort),
				"--data-dir", this.runDir.resolve("postgres").toString()));
		launch("postgres", command, Map.of());
	}

	void awaitPostgres(long readyLines) {
		Proc postgres = this.procs.get("postgres");
		await("embedded PostgreSQL", Duration.ofSeconds(120), postgres,
				() -> countLines(postgres.log(), "READY") >= readyLines);
	}

	/**
	 * Stops PostgreSQL (the launcher stops the server; the data directory stays) and
	 * starts it again later.
	 */
	void stopPostgres() {
		stop("postgres", 60);
	}

	/**
	 * Postmaster pid, for CPU accounting of the server processes (the launcher JVM is
	 * only their parent).
	 */
	long postmasterPid() {
		try {
			List<String> lines = Files.readAllLines(this.runDir.resolve("postgres/postmaster.pid"));
			return Long.parseLong(lines.get(0).trim());
		}
		catch (IOException | RuntimeException ex) {
			return -1;
		}
	}

	private void startShops(List<String> skus, long stock) {
		for (int i = 1; i <= this.settings.shops(); i++) {
			FakeShop shop = FakeShop.start(FakeShopOptions.defaults("shop" + i));
			for (String sku : skus) {
				shop.addSimpleProduct(sku, "Bench " + sku, "10.00", (int) Math.min(Integer.MAX_VALUE, stock));
			}
			this.shops.add(shop);
		}
		StringBuilder yaml = new StringBuilder("# Written by the bench for its fake shops.\nsites:\n");
		for (FakeShop shop : this.shops) {
			yaml.append(shop.sitesEntry()).append("    auth: oauth1\n");
			if (shop.id().equals(adoptShop())) {
				yaml.append("    hand-edits: adopt\n");
			}
		}
		for (int i = 1; i <= this.settings.shopifyShops(); i++) {
			// Shopify's cost bucket at the Standard plan's size, restored at
			// shopifyRestoreRate points/s;
			// no webhook subscriptions: the bench delivers the orders/create webhooks
			// itself
			String id = "shopify" + i;
			FakeShopify store = FakeShopify.builder()
				.clientSecret(shopifySecret(id))
				.shopDomain(id + "-bench.myshopify.com")
				.rateLimit(2000, this.settings.shopifyRestoreRate())
				.start();
			for (String sku : skus) {
				store.addVariant(sku, (int) Math.min(Integer.MAX_VALUE, stock));
			}
			this.shopifyStores.add(store);
			this.shopifyIds.put(store, id);
			yaml.append("  - id: ")
				.append(id)
				.append("\n    platform: shopify\n    base-url: ")
				.append(store.baseUrl())
				.append("\n    access-token: ")
				.append(store.accessToken())
				.append("\n    webhook-secret: ")
				.append(shopifySecret(id))
				.append("\n    location-id: ")
				.append(store.primaryLocationId())
				.append("\n    api-version: ")
				.append(FakeShopify.MODELLED_VERSION)
				.append('\n');
		}
		this.sitesFile = this.runDir.resolve("config/sites.yml");
		write(this.sitesFile, yaml.toString());
	}

	void startService(String name) {
		Map<String, String> env = new LinkedHashMap<>();
		env.put("KAFKA_BOOTSTRAP_SERVERS", kafkaBootstrap());
		env.put("ADMIN_TOKEN", ADMIN_TOKEN);
		env.put("STOCKSYNC_SITES_FILE", this.sitesFile.toString());
		env.put("SPRING_PROFILES_ACTIVE", "local");
		env.put("LIQUIBASE_ANALYTICS_ENABLED", "false");
		env.put("MALLOC_ARENA_MAX", "2"); // as everywhere the services run
											// (config/jvm.options)
		env.put("SERVER_PORT", Integer.toString(this.servicePorts.get(name)));
		if (name.equals("ingest")) {
			// the spool and the poll watermarks: kept across a kill -9 and restart, like
			// a volume
			env.put("STOCKSYNC_DATA_DIR", this.runDir.resolve("ingest-data").toString());
		}
		if (name.equals("ledger") || name.equals("propagator")) {
			env.put("DATABASE_URL", jdbcUrl());
			env.put("DATABASE_USER", "postgres");
			env.put("DATABASE_PASSWORD", "");
		}
		List<String> command = name.equals("ingest") ? new ArrayList<>() : batchPriority();
		command.add(java());
		for (String option : this.settings.jvmOptions().trim().split("\\s+")) {
			// an argument file (@config/jvm.options) is relative to the repository
			command.add(option.startsWith("@") ? "@" + this.root.resolve(option.substring(1)) : option);
			// a service's own file (config/ledger-service.jvm.options) follows the
			// shared one, as wherever it runs
			Path own = this.root.resolve("config/" + name + "-service.jvm.options");
			if (option.equals(Settings.DEFAULT_JVM) && Files.exists(own)) {
				command.add("@" + own);
			}
		}
		if (this.settings.jfr().contains(name)) {
			Path jfr = this.runDir.resolve(name + "-" + System.currentTimeMillis() + ".jfr");
			this.jfrFiles.add(jfr);
			command.add("-XX:StartFlightRecording=filename=" + jfr + ",settings=profile,dumponexit=true");
		}
		command.add("-jar");
		command.add(execJar(name).toString());
		launch(name, command, env);
	}

	void awaitHealthy(String name, Duration timeout) {
		Proc proc = this.procs.get(name);
		await(name + " health UP", timeout, proc, () -> {
			try {
				HttpResponse<String> response = HTTP
					.send(HttpRequest.newBuilder(URI.create(url(name, "/actuator/health")))
						.timeout(Duration.ofSeconds(3))
						.build(), HttpResponse.BodyHandlers.ofString());
				return response.statusCode() == 200 && response.body().contains("\"UP\"");
			}
			catch (IOException ex) {
				return false;
			}
			catch (InterruptedException ex) {
				Thread.currentThread().interrupt();
				return false;
			}
		});
	}

	// ---- faults
	// --------------------------------------------------------------------------------------------------

	/** kill -9 a component; its usage so far is kept. */
	void kill9(String name) {
		Proc proc = this.procs.remove(name);
		if (proc != null) {
			fold(proc);
			proc.kill9();
		}
	}

	void stop(String name, int seconds) {
		Proc proc = this.procs.remove(name);
		if (proc != null) {
			fold(proc);
			proc.stop(seconds);
		}
	}

	Proc proc(String name) {
		return this.procs.get(name);
	}

	/**
	 * The shop whose sites entry says {@code hand-edits: adopt} (the last one, when the
	 * hand-edit phase runs with at least two shops), or null: every shop restores.
	 */
	String adoptShop() {
		int count = this.settings.shops();
		return (this.settings.handEdit() > 0 && count >= 2) ? "shop" + count : null;
	}

	/**
	 * An admin call (bearer token) to a service; the body of a 2xx answer, otherwise an
	 * exception naming the status.
	 */
	String admin(String service, String method, String path) {
		return admin(service, method, path, Duration.ofSeconds(30));
	}

	/**
	 * An admin call (bearer token) to a service that may take up to the given time; the
	 * body of a 2xx answer, otherwise an exception naming the status.
	 */
	String admin(String service, String method, String path, Duration timeout) {
		HttpRequest request = HttpRequest.newBuilder(URI.create(url(service, path)))
			.timeout(timeout)
			.header("Authorization", "Bearer " + ADMIN_TOKEN)
			.method(method, HttpRequest.BodyPublishers.noBody())
			.build();
		try {
			HttpResponse<String> response = HTTP.send(request, HttpResponse.BodyHandlers.ofString());
			if (response.statusCode() / 100 != 2) {
				throw new IllegalStateException(
						method + " " + path + " answered " + response.statusCode() + ": " + response.body());
			}
			return response.body();
		}
		catch (IOException ex) {
			throw new IllegalStateException(method + " " + path + " failed: " + ex, ex);
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			throw new IllegalStateException(ex);
		}
	}

	/** The log file of a component (kept across restarts: each start appends). */
	Path logFile(String name) {
		return this.logs.resolve(name + ".log");
	}

	// ---- where things are
	// ----------------------------------------------------------------------------------------

	List<FakeShop> shops() {
		return this.shops;
	}

	/** The fake Shopify stores ({@code shopifyShops}), after the WooCommerce shops. */
	List<FakeShopify> shopifyStores() {
		return this.shopifyStores;
	}

	/** The sites-file id of a fake Shopify store ({@code shopify1}, ...). */
	String id(FakeShopify store) {
		return this.shopifyIds.get(store);
	}

	/**
	 * The client secret (webhook HMAC key) of the bench's fake Shopify store {@code id}.
	 */
	static String shopifySecret(String id) {
		return "bench-shopify-secret-" + id;
	}

	/** Every store's id: the WooCommerce shops, then the Shopify stores. */
	List<String> allShopIds() {
		List<String> ids = new ArrayList<>();
		this.shops.forEach((shop) -> ids.add(shop.id()));
		ids.addAll(this.shopifyIds.values());
		return ids;
	}

	String url(String service, String path) {
		return "http://127.0.0.1:" + this.servicePorts.get(service) + path;
	}

	int port(String service) {
		return this.servicePorts.get(service);
	}

	String kafkaBootstrap() {
		return "127.0.0.1:" + this.kafkaPort;
	}

	String jdbcUrl() {
		return "jdbc:postgresql://127.0.0.1:" + this.postgresPort + "/stocksync";
	}

	Path runDir() {
		return this.runDir;
	}

	List<Path> jfrFiles() {
		return this.jfrFiles;
	}

	/** Peak RSS (kB) and CPU ticks per component, over every incarnation, up to now. */
	Map<String, long[]> usage() {
		Map<String, long[]> result = new LinkedHashMap<>();
		for (String name : List.of("ingest", "ledger", "propagator", "kafka", "postgres")) {
			Proc.Usage folded = this.usage.get(name);
			long ticks = (folded != null) ? folded.cpuTicks() : 0;
			long rss = (folded != null) ? folded.peakRssKb() : 0;
			Proc live = this.procs.get(name);
			if (live != null) {
				ticks += live.cpuTicks();
				rss = Math.max(rss, live.peakRssKb());
				if (name.equals("postgres")) {
					long[] server = postgresServerUsage();
					ticks += server[0];
					rss = Math.max(rss, server[1]);
				}
			}
			result.put(name, new long[] { rss, ticks });
		}
		// This JVM: the load generator and the fake shops (competing for the same cores).
		long self = ProcessHandle.current().pid();
		result.put("bench", new long[] { ProcFs.statusKb(self, "VmHWM"), ProcFs.cpuTicks(self) });
		return result;
	}

	/**
	 * The threads of every component now (PostgreSQL: the postmaster and its backends;
	 * bench: this JVM), for {@link ThreadCpu#since}.
	 */
	ThreadCpu threads() {
		Map<String, List<Long>> pids = new LinkedHashMap<>();
		for (String name : List.of("ingest", "ledger", "propagator", "kafka")) {
			Proc live = this.procs.get(name);
			if (live != null) {
				pids.put(name, List.of(live.pid()));
			}
		}
		List<Long> server = ProcFs.withChildren(postmasterPid());
		if (!server.isEmpty()) {
			pids.put("postgres", server);
		}
		pids.put("bench", List.of(ProcessHandle.current().pid()));
		return ThreadCpu.read(pids);
	}

	/**
	 * CPU ticks of the postmaster and its live backends, and the postmaster's peak RSS.
	 */
	private long[] postgresServerUsage() {
		long postmaster = postmasterPid();
		long ticks = 0;
		for (long pid : ProcFs.withChildren(postmaster)) {
			ticks += ProcFs.cpuTicks(pid);
		}
		long rss = (postmaster > 0) ? ProcFs.statusKb(postmaster, "VmHWM") : 0;
		return new long[] { ticks, rss };
	}

	private void fold(Proc proc) {
		long ticks = proc.cpuTicks();
		long rss = proc.peakRssKb();
		if (proc.name().equals("postgres")) {
			long[] server = postgresServerUsage();
			ticks += server[0];
			rss = Math.max(rss, server[1]);
		}
		this.usage.computeIfAbsent(proc.name(), (key) -> new Proc.Usage()).fold(ticks, rss);
	}

	@Override
	public void close() {
		List<String> names = new ArrayList<>(this.procs.keySet());
		// services first, then PostgreSQL and Kafka
		for (int i = names.size() - 1; i >= 0; i--) {
			String name = names.get(i);
			if (SERVICES.contains(name)) {
				stop(name, 30);
			}
		}
		stop("postgres", 30);
		stop("kafka", 30);
		this.shops.forEach(FakeShop::close);
		this.shopifyStores.forEach(FakeShopify::close);
	}

	// ---- helpers
	// -------------------------------------------------------------------------------------------------

	private void launch(String name, List<String> command, Map<String, String> env) {
		Path log = this.logs.resolve(name + ".log");
		ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true)
			.redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile()))
			.directory(this.root.toFile());
		builder.environment().putAll(env);
		try {
			this.procs.put(name, new Proc(name, builder.start(), log));
		}
		catch (IOException ex) {
			throw new IllegalStateException("cannot start " + name, ex);
		}
	}

	/**
	 * The start of the command of a process behind Kafka (the ledger, the propagator,
	 * PostgreSQL): {@code nice -n <batchNice>}, as run-local.sh starts them. {@code nice}
	 * replaces itself with the command, so the process keeps its pid (pause, kill, CPU).
	 */
	private List<String> batchPriority() {
		List<String> command = new ArrayList<>();
		if (this.settings.batchNice() != 0) {
			command.addAll(List.of("nice", "-n", Integer.toString(this.settings.batchNice())));
		}
		return command;
	}

	private Path localStack() {
		return this.root.resolve("local-stack/target");
	}

	private Path execJar(String service) {
		String module = service + "-service";
		return this.root.resolve(module + "/target/" + module + "-" + VERSION + "-exec.jar");
	}

	private static String java() {
		return Path.of(System.getProperty("java.home"), "bin", "java").toString();
	}

	private String run(List<String> command) {
		try {
			Process process = new ProcessBuilder(command)
				.redirectError(ProcessBuilder.Redirect.appendTo(this.logs.resolve("kafka-format.log").toFile()))
				.start();
			String out = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
			if (process.waitFor() != 0) {
				throw new IllegalStateException("failed: " + String.join(" ", command) + "\n" + out);
			}
			return out;
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			throw new IllegalStateException(ex);
		}
	}

	static void await(String what, Duration timeout, Proc proc, BooleanSupplier condition) {
		long deadline = System.nanoTime() + timeout.toNanos();
		while (!condition.getAsBoolean()) {
			if (proc != null && !proc.isAlive()) {
				throw new IllegalStateException(proc.name() + " exited while waiting for " + what + "; log "
						+ proc.log() + ":\n" + proc.tail(30));
			}
			if (System.nanoTime() - deadline > 0) {
				throw new IllegalStateException("timed out after " + timeout.toSeconds() + " s waiting for " + what
						+ ((proc != null) ? " (log " + proc.log() + ")" : ""));
			}
			pauseFor(Duration.ofMillis(200));
		}
	}

	static void pauseFor(Duration duration) {
		long deadline = System.nanoTime() + duration.toNanos();
		long left;
		while ((left = deadline - System.nanoTime()) > 0) {
			LockSupport.parkNanos(left);
		}
	}

	private static long countLines(Path file, String text) {
		try (var lines = Files.lines(file, StandardCharsets.ISO_8859_1)) {
			return lines.filter((line) -> line.contains(text)).count();
		}
		catch (IOException | UncheckedIOException ex) {
			return 0;
		}
	}

	static boolean portOpen(int port) {
		try (Socket socket = new Socket("127.0.0.1", port)) {
			return true;
		}
		catch (IOException ex) {
			return false;
		}
	}

	private static int freePort() {
		try (ServerSocket socket = new ServerSocket(0)) {
			return socket.getLocalPort();
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
	}

	private static List<String> concat(List<String> head, String... tail) {
		List<String> all = new ArrayList<>(head);
		all.addAll(Arrays.asList(tail));
		return all;
	}

	private static void write(Path file, String content) {
		try {
			Files.writeString(file, content);
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
	}

	private static void mkdirs(Path dir) {
		try {
			Files.createDirectories(dir);
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
	}

	private static void deleteRecursively(Path dir) {
		if (!Files.exists(dir)) {
			return;
		}
		try (var paths = Files.walk(dir)) {
			paths.sorted(java.util.Comparator.reverseOrder()).forEach((path) -> path.toFile().delete());
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
	}

}
