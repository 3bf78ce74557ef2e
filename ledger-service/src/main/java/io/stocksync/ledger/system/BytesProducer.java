package io.stocksync.ledger.system;

import java.util.LinkedHashMap;
import java.util.Map;

import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.common.serialization.ByteArraySerializer;

import org.springframework.beans.factory.DisposableBean;
import org.springframework.boot.kafka.autoconfigure.KafkaProperties;
import org.springframework.kafka.core.DefaultKafkaProducerFactory;
import org.springframework.kafka.core.KafkaTemplate;
import org.springframework.stereotype.Component;

/**
 * A Kafka producer for values that are already bytes, with the application's producer
 * settings ({@code acks=all}, idempotent): the outbox relay sends the stored JSON as it
 * is, and the dead-letter recoverer forwards records whose value never deserialised. Not
 * a {@code KafkaTemplate} or {@code ProducerFactory} bean, so Boot's JSON template stays
 * the application's default. Its producer starts on first use and is closed with the
 * context.
 */
@Component
public class BytesProducer implements DisposableBean {

	private final DefaultKafkaProducerFactory<String, byte[]> factory;

	private final KafkaTemplate<String, byte[]> template;

	BytesProducer(KafkaProperties kafka) {
		Map<String, Object> config = new LinkedHashMap<>(kafka.buildProducerProperties());
		config.put(ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, ByteArraySerializer.class);
		this.factory = new DefaultKafkaProducerFactory<>(config);
		this.template = new KafkaTemplate<>(this.factory);
	}

	public KafkaTemplate<String, byte[]> template() {
		return this.template;
	}

	@Override
	public void destroy() {
		this.factory.destroy();
	}

}
