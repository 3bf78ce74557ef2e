package io.stocksync.ingest.system;

import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.validation.annotation.Validated;

/**
 * The sizes of Tomcat's per-connection socket buffers for ingest. Every webhook in flight
 * holds a connection's read and write buffers (and a header buffer as large as the read
 * buffer plus {@code server.max-http-request-header-size}) until Kafka answers; with
 * hundreds of deliveries in flight they were a large part of ingest's peak heap
 * (docs/benchmarks.md). A webhook's headers and a typical order body fit in 4 KB; a
 * larger body is read in several reads, and an answer is a few hundred bytes.
 *
 * @param socketBufferBytes Tomcat's {@code socket.appReadBufSize} and
 * {@code socket.appWriteBufSize} (Tomcat's default: 8192)
 */
@Validated
@ConfigurationProperties("stocksync.connector")
public record ConnectorBuffers(@DefaultValue("4096") @Min(1024) @Max(65536) int socketBufferBytes) {
}
