package io.stocksync.ingest.spool;

import java.time.Instant;
import java.util.Map;

import io.stocksync.common.event.OrderSnapshot;
import io.stocksync.common.event.QuarantinedDelivery;
import io.stocksync.common.json.JsonMappers;
import tools.jackson.databind.JsonNode;

/**
 * One Kafka record waiting in the spool: where it goes, its key, the type token of its
 * value (the same tokens as on the wire, never a class name) and the value as JSON.
 *
 * @param topic the Kafka topic
 * @param key the record key
 * @param type the type token ({@code orderSnapshot}, {@code quarantinedDelivery})
 * @param value the event as JSON
 * @param spooledAt when it was written to the spool
 */
record SpoolRecord(String topic, String key, String type, JsonNode value, Instant spooledAt) {

	private static final Map<String, Class<?>> TYPES = Map.of(OrderSnapshot.TYPE, OrderSnapshot.class,
			QuarantinedDelivery.TYPE, QuarantinedDelivery.class);

	static SpoolRecord of(String topic, String key, Object value, Instant spooledAt) {
		String type;
		if (value instanceof OrderSnapshot) {
			type = OrderSnapshot.TYPE;
		}
		else if (value instanceof QuarantinedDelivery) {
			type = QuarantinedDelivery.TYPE;
		}
		else {
			throw new IllegalArgumentException("no type token for " + value.getClass().getSimpleName());
		}
		return new SpoolRecord(topic, key, type, JsonMappers.standard().valueToTree(value), spooledAt);
	}

	/** The event again, as the class its type token names. */
	Object event() {
		Class<?> type = TYPES.get(this.type);
		if (type == null) {
			throw new IllegalStateException("unknown type token '" + this.type + "' in spool");
		}
		return JsonMappers.standard().treeToValue(this.value, type);
	}

}
