package io.stocksync.systemtests;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import io.stocksync.common.topic.Topics;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.MappingIterator;
import tools.jackson.dataformat.yaml.YAMLMapper;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * No cluster runs here, so the Kubernetes manifests and the compose file are checked
 * against the code: every file parses, every environment variable they set is one a
 * service reads, ports, probes, consumer groups and topics match what the services use.
 */
class DeploymentManifestsTests {

	private static final Path ROOT = Path.of("..").toAbsolutePath().normalize();

	private static final YAMLMapper YAML = YAMLMapper.builder().build();

	private static final Map<String, String> SERVICES = Map.of("ingest", "ingest-service", "ledger", "ledger-service",
			"propagator", "propagator-service", "console", "console");

	/*
	 * Read by the JVM, the image's entrypoint or Spring Boot itself rather than by a
	 * placeholder.
	 */
	private static final Set<String> PLATFORM_VARIABLES = Set.of("SPRING_PROFILES_ACTIVE", "JAVA_OPTS",
			"JAVA_TOOL_OPTIONS", "MAIN_CLASS", "LIQUIBASE_ANALYTICS_ENABLED", "LOGGING_STRUCTURED_FORMAT_CONSOLE");

	private static final Pattern SIMPLE_COMPONENT = Pattern.compile(
			"\\b(?:String|int|long|boolean|Integer|Long|Duration|DataSize)\\s+(\\w+)\\s*(?:,|$)", Pattern.MULTILINE);

	private static final Pattern PLACEHOLDER = Pattern.compile("\\$\\{([A-Z][A-Z0-9_]*)[:}]");

	@Test
	void shouldParseEveryManifestAndListEveryBaseFileInTheKustomization() throws IOException {
		List<Path> files = yamlFiles(ROOT.resolve("deploy"));
		assertThat(files).isNotEmpty();
		for (Path file : files) {
			assertThat(documents(file)).as(file.toString()).isNotEmpty();
		}
		JsonNode kustomization = documents(ROOT.resolve("deploy/base/kustomization.yaml")).get(0);
		Set<String> listed = new TreeSet<>();
		kustomization.get("resources").forEach((resource) -> listed.add(resource.asString()));
		Set<String> present = new TreeSet<>();
		for (Path file : yamlFiles(ROOT.resolve("deploy/base"))) {
			String relative = ROOT.resolve("deploy/base").relativize(file).toString();
			if (!relative.equals("kustomization.yaml")) {
				present.add(relative);
			}
		}
		assertThat(listed).isEqualTo(present);
	}

	@Test
	void shouldGiveEveryDeploymentItsImagePortProbesAndResources() throws IOException {
		for (Map.Entry<String, String> service : SERVICES.entrySet()) {
			// ingest keeps a spool and watermarks on a volume: a StatefulSet; the others
			// are Deployments
			String kind = service.getKey().equals("ingest") ? "StatefulSet" : "Deployment";
			JsonNode deployment = documents(
					ROOT.resolve("deploy/base/" + service.getKey() + "/" + kind.toLowerCase() + ".yaml"))
				.get(0);
			JsonNode container = deployment.at("/spec/template/spec/containers/0");
			String name = service.getKey();
			assertThat(deployment.at("/kind").asString()).isEqualTo(kind);
			assertThat(container.get("image").asString()).isEqualTo("stock-sync/" + service.getValue());
			assertThat(container.at("/ports/0/name").asString()).as(name).isEqualTo("http");
			assertThat(container.at("/ports/0/containerPort").asInt()).as(name)
				.isEqualTo(defaultPort(service.getValue()));
			assertThat(container.at("/livenessProbe/httpGet/path").asString()).as(name).isEqualTo("/livez");
			assertThat(container.at("/readinessProbe/httpGet/path").asString()).as(name).isEqualTo("/readyz");
			assertThat(container.at("/readinessProbe/httpGet/port").asString()).as(name).isEqualTo("http");
			assertThat(container.at("/resources/requests/cpu").isMissingNode()).as(name).isFalse();
			assertThat(container.at("/resources/limits/memory").isMissingNode()).as(name).isFalse();
			for (JsonNode env : container.path("env")) {
				assertThat(knownVariables(service.getValue())).as(name + " env").contains(env.get("name").asString());
			}
			assertThat(documents(ROOT.resolve("deploy/base/" + name + "/pdb.yaml")).get(0)
				.at("/spec/selector/matchLabels")
				.toString()).isEqualTo(deployment.at("/spec/selector/matchLabels").toString());
		}
	}

	@Test
	void shouldOnlySetVariablesTheServicesRead() throws IOException {
		Set<String> known = new HashSet<>();
		SERVICES.values().forEach((module) -> known.addAll(knownVariables(module)));
		JsonNode config = documents(ROOT.resolve("deploy/base/config.yaml")).get(0);
		config.get("data").propertyNames().forEach((key) -> assertThat(known).as("ConfigMap key").contains(key));

		JsonNode compose = documents(ROOT.resolve("docker-compose.yml")).get(0);
		for (String name : SERVICES.keySet()) {
			JsonNode service = compose.at("/services/" + name);
			assertThat(service.isMissingNode()).as("compose service " + name).isFalse();
			Set<String> variables = new TreeSet<>(service.path("environment").propertyNames());
			// YAML merge keys (<<: *service-env) stay unresolved here; the anchor's
			// variables are checked instead
			if (variables.remove("<<")) {
				variables.addAll(compose.at("/x-service-env").propertyNames());
			}
			assertThat(knownVariables(SERVICES.get(name))).as("compose " + name).containsAll(variables);
			service.path("depends_on")
				.properties()
				.forEach((dependency) -> assertThat(dependency.getValue().path("condition").asString())
					.as(name + " depends on " + dependency.getKey())
					.isEqualTo("service_healthy"));
			assertThat(service.path("healthcheck").isMissingNode()).as(name + " healthcheck").isFalse();
		}
		for (String infrastructure : List.of("kafka", "postgres")) {
			JsonNode service = compose.at("/services/" + infrastructure);
			assertThat(service.get("image").asString()).as("pinned image").matches(".+:\\d+(\\.\\d+)+");
			assertThat(service.path("healthcheck").isMissingNode()).isFalse();
		}
	}

	@Test
	void shouldScaleOnTheConsumerGroupsAndCreateTheTopicsTheCodeUses() throws IOException {
		JsonNode ledger = documents(ROOT.resolve("deploy/base/ledger/scaledobject.yaml")).get(0);
		String ledgerGroup = ledger.at("/spec/triggers/0/metadata/consumerGroup").asString();
		assertThat(source("ledger-service")).contains("id = \"" + ledgerGroup + "\"");
		JsonNode propagator = documents(ROOT.resolve("deploy/base/propagator/scaledobject.yaml")).get(0);
		assertThat(propagator.at("/spec/triggers/0/metadata/consumerGroup").asString()).startsWith("propagator-");
		assertThat(source("propagator-service")).contains("@DefaultValue(\"propagator-\") String groupIdPrefix");

		String topicsJob = Files.readString(ROOT.resolve("deploy/base/kafka/topics-job.yaml"));
		for (String topic : List.of(Topics.ORDER_EVENTS, Topics.STOCK_ADJUSTMENTS, Topics.STOCK_CHANGED,
				Topics.INGEST_QUARANTINE, Topics.PRODUCT_STOCK, Topics.ORDER_REFUND_LOOKUPS,
				Topics.SHOPIFY_ORDER_LOOKUPS)) {
			assertThat(topicsJob).contains("--topic " + topic + " ");
		}
		assertThat(topicsJob)
			.containsPattern("--topic " + Pattern.quote(Topics.STOCK_CHANGED) + " .*cleanup.policy=compact");
		assertThat(topicsJob).containsPattern("--topic " + Pattern.quote(Topics.ORDER_EVENTS) + " .*retention.ms=-1");
	}

	/**
	 * Variables a service reads: the placeholders of its configuration files, the
	 * environment names of its top-level {@code stocksync.*} properties (relaxed binding:
	 * {@code publicBaseUrl} is {@code STOCKSYNC_PUBLIC_BASE_URL}), plus platform ones.
	 */
	private static Set<String> knownVariables(String module) {
		Set<String> known = new HashSet<>(PLATFORM_VARIABLES);
		try {
			Matcher record = Pattern
				.compile("@ConfigurationProperties\\(\"stocksync\"\\)\\s*public record \\w+\\((.*?)\\) \\{",
						Pattern.DOTALL)
				.matcher(source(module));
			while (record.find()) {
				Matcher component = SIMPLE_COMPONENT.matcher(record.group(1));
				while (component.find()) {
					known.add("STOCKSYNC_" + component.group(1).replaceAll("([a-z0-9])([A-Z])", "$1_$2").toUpperCase());
				}
			}
		}
		catch (IOException ex) {
			throw new IllegalStateException(ex);
		}
		try (Stream<Path> files = Stream.concat(Files.list(ROOT.resolve(module + "/src/main/resources")),
				Files.list(ROOT.resolve("common/src/main/resources")))) {
			for (Path file : files.filter((f) -> f.toString().endsWith(".yml")).toList()) {
				Matcher matcher = PLACEHOLDER.matcher(Files.readString(file));
				while (matcher.find()) {
					known.add(matcher.group(1));
				}
			}
		}
		catch (IOException ex) {
			throw new IllegalStateException(ex);
		}
		return known;
	}

	private static int defaultPort(String module) throws IOException {
		Matcher matcher = Pattern.compile("\\$\\{SERVER_PORT:(\\d+)}")
			.matcher(Files.readString(ROOT.resolve(module + "/src/main/resources/application.yml")));
		assertThat(matcher.find()).as(module + " server.port").isTrue();
		return Integer.parseInt(matcher.group(1));
	}

	private static String source(String module) throws IOException {
		StringBuilder all = new StringBuilder();
		try (Stream<Path> files = Files.walk(ROOT.resolve(module + "/src/main/java"))) {
			for (Path file : files.filter((f) -> f.toString().endsWith(".java")).toList()) {
				all.append(Files.readString(file));
			}
		}
		return all.toString();
	}

	private static List<Path> yamlFiles(Path directory) throws IOException {
		try (Stream<Path> files = Files.walk(directory)) {
			return files.filter((f) -> f.toString().endsWith(".yaml") || f.toString().endsWith(".yml"))
				.sorted()
				.toList();
		}
	}

	private static List<JsonNode> documents(Path file) throws IOException {
		List<JsonNode> documents = new ArrayList<>();
		try (MappingIterator<JsonNode> iterator = YAML.readerFor(JsonNode.class).readValues(file.toFile())) {
			while (iterator.hasNext()) {
				documents.add(iterator.next());
			}
		}
		return documents;
	}

}
