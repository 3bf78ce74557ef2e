package io.stocksync.fakeshop;

import java.time.Clock;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.LongAdder;

/** What the shop's HTTP side received: counts per method and path, and the last 1000. */
final class RequestLog {

	private static final int RECENT_LIMIT = 1000;

	private final Clock clock;

	private final Map<String, LongAdder> requestCounts = new ConcurrentHashMap<>();

	private final Deque<RecordedRequest> recent = new ArrayDeque<>();

	RequestLog(Clock clock) {
		this.clock = clock;
	}

	Instant now() {
		return this.clock.instant();
	}

	void record(String method, String path, String query, int status, Instant receivedAt) {
		this.requestCounts.computeIfAbsent(method + " " + path, (key) -> new LongAdder()).increment();
		synchronized (this.recent) {
			this.recent.addLast(new RecordedRequest(method, path, query, status, receivedAt));
			while (this.recent.size() > RECENT_LIMIT) {
				this.recent.removeFirst();
			}
		}
	}

	/**
	 * Requests received with that method (null = any) whose path starts with the prefix.
	 */
	long count(String method, String pathPrefix) {
		long count = 0;
		for (Map.Entry<String, LongAdder> entry : this.requestCounts.entrySet()) {
			int space = entry.getKey().indexOf(' ');
			String entryMethod = entry.getKey().substring(0, space);
			String path = entry.getKey().substring(space + 1);
			if ((method == null || method.equalsIgnoreCase(entryMethod)) && path.startsWith(pathPrefix)) {
				count += entry.getValue().sum();
			}
		}
		return count;
	}

	/** The last 1000 requests, oldest first. */
	List<RecordedRequest> recent() {
		synchronized (this.recent) {
			return List.copyOf(this.recent);
		}
	}

}
