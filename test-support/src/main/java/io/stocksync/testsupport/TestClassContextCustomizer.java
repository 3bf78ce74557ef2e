package io.stocksync.testsupport;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;

import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.core.env.MapPropertySource;
import org.springframework.core.env.MutablePropertySources;
import org.springframework.test.context.ContextCustomizer;

/**
 * Customizes the context of one test class, behind a service's integration-test
 * annotation: two are equal when they serve the same class, so that each class keeps a
 * context of its own; {@link #addProperties} points the context at Kafka, a fresh
 * database and the class's own values.
 */
public abstract class TestClassContextCustomizer implements ContextCustomizer {

	private static final String DYNAMIC_PROPERTIES = "Dynamic Test Properties";

	private final Class<?> testClass;

	protected TestClassContextCustomizer(Class<?> testClass) {
		this.testClass = testClass;
	}

	/**
	 * Adds Kafka, a fresh database and {@code properties} as the property source
	 * {@code name}, after the class's own {@code @DynamicPropertySource} values, if it
	 * has any, so that those still win.
	 */
	protected static void addProperties(ConfigurableApplicationContext context, String name,
			Map<String, Object> properties) {
		Map<String, Object> all = new LinkedHashMap<>();
		TestInfrastructure.get().registerProperties((key, value) -> all.put(key, value.get()));
		all.putAll(properties);
		MutablePropertySources sources = context.getEnvironment().getPropertySources();
		MapPropertySource source = new MapPropertySource(name, all);
		if (sources.contains(DYNAMIC_PROPERTIES)) {
			sources.addAfter(DYNAMIC_PROPERTIES, source);
		}
		else {
			sources.addFirst(source);
		}
	}

	@Override
	public boolean equals(Object other) {
		return (other != null) && (other.getClass() == getClass())
				&& this.testClass == ((TestClassContextCustomizer) other).testClass;
	}

	@Override
	public int hashCode() {
		return Objects.hash(getClass(), this.testClass);
	}

}
