package io.stocksync.ledger.report;

import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.List;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The day a sale counts on is its instant's day in UTC, also at the edges of a day and
 * before 1970 (where a plain division would round towards the wrong day).
 */
class SalesBookTests {

	@Test
	void utcDayIsTheDayOfTheInstantInUtc() {
		List<Instant> instants = List.of(Instant.parse("2026-12-02T00:00:00Z"), Instant.parse("2026-12-01T23:59:59Z"),
				Instant.parse("2026-12-02T23:59:59.999Z"), Instant.parse("2024-02-29T12:00:00Z"), Instant.EPOCH,
				Instant.parse("1969-12-31T23:59:59Z"), Instant.parse("1969-12-31T00:00:00Z"),
				Instant.parse("1900-03-01T06:00:00Z"));

		for (Instant at : instants) {
			assertThat(SalesBook.utcDay(at)).as(at.toString()).isEqualTo(LocalDate.ofInstant(at, ZoneOffset.UTC));
		}
		assertThat(SalesBook.utcDay(Instant.parse("1969-12-31T23:59:59Z"))).isEqualTo(LocalDate.of(1969, 12, 31));
	}

}
