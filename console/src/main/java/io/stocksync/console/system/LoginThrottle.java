package io.stocksync.console.system;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

import org.springframework.stereotype.Component;

/**
 * Slows down password guessing: every failed login counts against the user name and
 * against the client address; after {@code freeFailures} failures of either, the next
 * attempt is refused (without checking the password) until a delay has passed since the
 * last failure: {@code firstDelay}, doubling per further failure up to {@code maxDelay}.
 * A successful login clears the user name's count (not the address's, so that one known
 * account cannot reset an address that guesses others). Failures older than
 * {@code forgetAfter} are forgotten.
 * <p>
 * Hand-rolled on purpose: Spring Security has no login throttle, and this is a few lines
 * of state in memory (per console instance), easier to read and test than a rate-limit
 * library configured for the purpose. A refusal answers at once instead of sleeping, so
 * guessing costs the guesser time and the server no threads.
 */
@Component
public class LoginThrottle {

	private static final int MAX_TRACKED = 10_000;

	private final ConsoleProperties.Login settings;

	private final Clock clock;

	private final Map<String, Failures> failures = new ConcurrentHashMap<>();

	LoginThrottle(ConsoleProperties properties, Clock clock) {
		this.settings = properties.login();
		this.clock = clock;
	}

	/** How long this attempt must still wait; zero if it may go ahead. */
	public Duration waitBefore(String username, String address) {
		Instant now = this.clock.instant();
		Duration byUser = remaining(this.failures.get(userKey(username)), now);
		Duration byAddress = remaining(this.failures.get(addressKey(address)), now);
		return (byUser.compareTo(byAddress) >= 0) ? byUser : byAddress;
	}

	public void failed(String username, String address) {
		Instant now = this.clock.instant();
		if (this.failures.size() > MAX_TRACKED) {
			this.failures.values().removeIf((entry) -> isForgotten(entry, now));
		}
		for (String key : new String[] { userKey(username), addressKey(address) }) {
			this.failures.compute(key, (k, old) -> (old == null || isForgotten(old, now)) ? new Failures(1, now)
					: new Failures(old.count() + 1, now));
		}
	}

	public void succeeded(String username) {
		this.failures.remove(userKey(username));
	}

	private Duration remaining(Failures entry, Instant now) {
		if (entry == null || isForgotten(entry, now) || entry.count() < this.settings.freeFailures()) {
			return Duration.ZERO;
		}
		int doublings = Math.min(entry.count() - this.settings.freeFailures(), 20);
		Duration delay = this.settings.firstDelay().multipliedBy(1L << doublings);
		if (delay.compareTo(this.settings.maxDelay()) > 0) {
			delay = this.settings.maxDelay();
		}
		Duration left = Duration.between(now, entry.last().plus(delay));
		return left.isNegative() ? Duration.ZERO : left;
	}

	private boolean isForgotten(Failures entry, Instant now) {
		return entry.last().plus(this.settings.forgetAfter()).isBefore(now);
	}

	private static String userKey(String username) {
		String name = (username != null) ? username.trim().toLowerCase(Locale.ROOT) : "";
		return "user:" + ((name.length() > 100) ? name.substring(0, 100) : name);
	}

	private static String addressKey(String address) {
		return "address:" + address;
	}

	private record Failures(int count, Instant last) {
	}

}
