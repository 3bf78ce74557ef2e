package io.stocksync.fakeshop;

import java.time.Instant;

/**
 * One HTTP request the fake shop received.
 *
 * @param method HTTP method
 * @param path path without query string
 * @param query raw query string (may be empty)
 * @param status status answered
 * @param receivedAt when it arrived
 */
public record RecordedRequest(String method, String path, String query, int status, Instant receivedAt) {
}
