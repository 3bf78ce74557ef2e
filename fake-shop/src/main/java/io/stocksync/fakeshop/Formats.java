package io.stocksync.fakeshop;

import java.time.Instant;
import java.time.LocalDateTime;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.Locale;

/**
 * WordPress date formats. The fake site runs in UTC, so local and {@code _gmt} dates are
 * equal.
 */
final class Formats {

	private static final DateTimeFormatter WP = DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm:ss")
		.withZone(ZoneOffset.UTC);

	private static final DateTimeFormatter HUMAN = DateTimeFormatter.ofPattern("MMM dd, yyyy @ hh:mm a", Locale.US)
		.withZone(ZoneOffset.UTC);

	private Formats() {
	}

	static String wpDate(Instant instant) {
		return (instant != null) ? WP.format(instant) : null;
	}

	static String humanDate(Instant instant) {
		return HUMAN.format(instant);
	}

	/**
	 * Parses an ISO 8601 query value ({@code modified_after}); without an offset it is
	 * site time (UTC).
	 */
	static Instant parseIso(String value) {
		try {
			return OffsetDateTime.parse(value).toInstant();
		}
		catch (DateTimeParseException ex) {
			return LocalDateTime.parse(value).toInstant(ZoneOffset.UTC);
		}
	}

}
