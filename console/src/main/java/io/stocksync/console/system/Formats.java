package io.stocksync.console.system;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.Collection;
import java.util.Map;

import org.springframework.stereotype.Component;

/**
 * Formatting helpers for the templates ({@code ${@fmt.time(x)}}); all output is escaped
 * by the templates.
 */
@Component("fmt")
public class Formats {

	private static final DateTimeFormatter TIME = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss 'UTC'")
		.withZone(ZoneOffset.UTC);

	private final Clock clock;

	Formats(Clock clock) {
		this.clock = clock;
	}

	/**
	 * An ISO instant from a service as {@code 2026-11-30 14:02:11 UTC}; empty for none.
	 */
	public String time(Object value) {
		Instant instant = instant(value);
		return (instant != null) ? TIME.format(instant) : "";
	}

	/** How long ago, e.g. {@code 3 min ago}; empty for none. */
	public String ago(Object value) {
		Instant instant = instant(value);
		if (instant == null) {
			return "";
		}
		long seconds = Math.max(0, Duration.between(instant, this.clock.instant()).toSeconds());
		if (seconds < 60) {
			return seconds + " s ago";
		}
		if (seconds < 3600) {
			return (seconds / 60) + " min ago";
		}
		if (seconds < 86_400) {
			return (seconds / 3600) + " h ago";
		}
		return (seconds / 86_400) + " d ago";
	}

	/** A value for a table cell: lists and maps shortened, nulls empty. */
	public String cell(Object value) {
		if (value == null) {
			return "";
		}
		if (value instanceof Collection<?> list) {
			if (list.isEmpty()) {
				return "none";
			}
			String joined = String.join(", ", list.stream().map(this::cell).toList());
			return (joined.length() > 300) ? list.size() + " items: " + joined.substring(0, 300) + "..." : joined;
		}
		if (value instanceof Map<?, ?> map) {
			StringBuilder text = new StringBuilder();
			map.forEach((key,
					inner) -> text.append((text.length() > 0) ? "; " : "").append(key).append('=').append(cell(inner)));
			return text.toString();
		}
		if (value instanceof String text && text.length() >= 20 && text.endsWith("Z") && instant(text) != null) {
			return time(text);
		}
		return String.valueOf(value);
	}

	public boolean differs(Object a, Object b) {
		return a != null && b != null && !String.valueOf(a).equals(String.valueOf(b));
	}

	private static Instant instant(Object value) {
		if (value == null) {
			return null;
		}
		if (value instanceof Instant instant) {
			return instant;
		}
		try {
			return Instant.parse(String.valueOf(value));
		}
		catch (DateTimeParseException ex) {
			return null;
		}
	}

}
