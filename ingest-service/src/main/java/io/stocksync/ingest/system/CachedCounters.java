package io.stocksync.ingest.system;

import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Tag;
import io.micrometer.core.instrument.Tags;

/**
 * The counters of one metric name by their tag values, registered once and then found in
 * a map: a hot path increments a counter without the registry building and looking up a
 * meter id on every call. Tag values come from a small set (outcomes, configured shops,
 * sources).
 */
public final class CachedCounters {

	private final MeterRegistry registry;

	private final String name;

	private final String[] tagKeys;

	private final Map<List<String>, Counter> counters = new ConcurrentHashMap<>();

	public CachedCounters(MeterRegistry registry, String name, String... tagKeys) {
		this.registry = registry;
		this.name = name;
		this.tagKeys = tagKeys.clone();
	}

	/** Increments the counter with these tag values, in the order of the tag keys. */
	public void increment(String... tagValues) {
		if (tagValues.length != this.tagKeys.length) {
			throw new IllegalArgumentException(
					this.name + " has tags " + Arrays.toString(this.tagKeys) + ", got " + tagValues.length + " values");
		}
		this.counters.computeIfAbsent(List.of(tagValues), this::register).increment();
	}

	private Counter register(List<String> tagValues) {
		Tag[] tags = new Tag[this.tagKeys.length];
		for (int i = 0; i < tags.length; i++) {
			tags[i] = Tag.of(this.tagKeys[i], tagValues.get(i));
		}
		return Counter.builder(this.name).tags(Tags.of(tags)).register(this.registry);
	}

}
