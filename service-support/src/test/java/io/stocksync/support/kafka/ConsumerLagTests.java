package io.stocksync.support.kafka;

import java.io.IOException;
import java.net.ServerSocket;
import java.time.Duration;
import java.util.List;
import java.util.Map;

import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalStateException;

class ConsumerLagTests {

	@Test
	void shouldGiveUpWithinTheTimeoutWithAClearMessageWhenKafkaDoesNotAnswer() throws IOException {
		int port;
		try (ServerSocket socket = new ServerSocket(0)) {
			port = socket.getLocalPort();
		}
		Duration timeout = Duration.ofSeconds(1);
		try (Admin admin = ConsumerLag.admin(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, "127.0.0.1:" + port),
				timeout)) {
			long start = System.nanoTime();

			assertThatIllegalStateException().isThrownBy(() -> ConsumerLag.lag(admin, "g", "t", timeout))
				.withMessageContaining("lag of group g");
			assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(5));
		}
	}

	@Test
	void shouldGiveUpOnSeveralGroupsWithinOneTimeoutForAllOfThem() throws IOException {
		int port;
		try (ServerSocket socket = new ServerSocket(0)) {
			port = socket.getLocalPort();
		}
		Duration timeout = Duration.ofSeconds(1);
		try (ConsumerLags lags = new ConsumerLags(
				Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, "127.0.0.1:" + port), timeout)) {
			long start = System.nanoTime();

			assertThatIllegalStateException()
				.isThrownBy(() -> lags.of(List.of(new ConsumerLags.GroupTopic("g1", "t"),
						new ConsumerLags.GroupTopic("g2", "t"), new ConsumerLags.GroupTopic("g3", "t"))))
				.withMessageContaining("g1");
			assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofMillis(2500));
		}
	}

}
