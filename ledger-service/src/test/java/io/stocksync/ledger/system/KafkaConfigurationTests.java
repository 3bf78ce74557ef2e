package io.stocksync.ledger.system;

import java.sql.SQLTransientConnectionException;

import org.junit.jupiter.api.Test;

import org.springframework.dao.DataIntegrityViolationException;
import org.springframework.jdbc.CannotGetJdbcConnectionException;
import org.springframework.kafka.listener.BatchListenerFailedException;
import org.springframework.transaction.CannotCreateTransactionException;

import static org.assertj.core.api.Assertions.assertThat;

class KafkaConfigurationTests {

	@Test
	void shouldWaitForTheDatabaseInsteadOfParkingEventsWhenItIsAway() {
		SQLTransientConnectionException refused = new SQLTransientConnectionException("Connection is not available");

		assertThat(KafkaConfiguration.isDatabaseUnavailable(new BatchListenerFailedException("batch",
				new CannotCreateTransactionException("no connection", refused), 3)))
			.isTrue();
		assertThat(KafkaConfiguration.isDatabaseUnavailable(new CannotGetJdbcConnectionException("down"))).isTrue();
		assertThat(KafkaConfiguration.isDatabaseUnavailable(new IllegalStateException(refused))).isTrue();
	}

	@Test
	void shouldTreatEventProblemsAsEventProblems() {
		assertThat(KafkaConfiguration.isDatabaseUnavailable(new InvalidEventException("negative quantity"))).isFalse();
		assertThat(KafkaConfiguration.isDatabaseUnavailable(new DataIntegrityViolationException("duplicate key")))
			.isFalse();
	}

}
