package io.stocksync.ledger.lag;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.util.Map;

import io.stocksync.ledger.system.LedgerProperties;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.boot.test.context.TestConfiguration;
import org.springframework.boot.webmvc.test.autoconfigure.WebMvcTest;
import org.springframework.context.annotation.Bean;
import org.springframework.kafka.core.KafkaAdmin;
import org.springframework.test.web.servlet.MockMvc;

import static org.hamcrest.Matchers.containsString;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.jsonPath;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

/**
 * {@code GET /admin/lag} alone, with no Kafka listening: the token guard, and 503 with
 * the reason instead of a 500.
 */
@WebMvcTest(controllers = LagController.class, properties = "stocksync.admin-token=t0ken")
class LagControllerTests {

	@Autowired
	private MockMvc mvc;

	@Test
	void needsTheAdminToken() throws Exception {
		this.mvc.perform(get("/admin/lag")).andExpect(status().isUnauthorized());
	}

	@Test
	void answers503WithTheReasonWhenKafkaDoesNotAnswer() throws Exception {
		this.mvc.perform(get("/admin/lag").header("Authorization", "Bearer t0ken"))
			.andExpect(status().isServiceUnavailable())
			.andExpect(jsonPath("$.error").value("kafka_unavailable"))
			.andExpect(jsonPath("$.message").value(containsString("ledger-orders")));
	}

	@TestConfiguration
	@EnableConfigurationProperties(LedgerProperties.class)
	static class DeadKafka {

		@Bean
		KafkaAdmin kafkaAdmin() {
			try (ServerSocket socket = new ServerSocket(0)) {
				return new KafkaAdmin(
						Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, "127.0.0.1:" + socket.getLocalPort()));
			}
			catch (IOException ex) {
				throw new UncheckedIOException(ex);
			}
		}

	}

}
