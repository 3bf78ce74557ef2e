package io.stocksync.ingest.webhook;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class WebhookAnswerTests {

	@Test
	void shouldKeepPrintableAsciiAndReplaceEverythingElse() {
		assertThat(WebhookAnswer.printable("order.updated", 64)).isEqualTo("order.updated");
		// one "?" per code point: the emoji is two chars
		assertThat(WebhookAnswer.printable("order\n.upd\u0000ated\u00e9\ud83d\ude00", 64))
			.isEqualTo("order?.upd?ated??");
		assertThat(WebhookAnswer.printable(null, 64)).isEqualTo("-");
	}

	@Test
	void shouldCutAfterTheLimit() {
		assertThat(WebhookAnswer.printable("abcdef", 3)).isEqualTo("abc...");
		assertThat(WebhookAnswer.printable("ab\tdef", 3)).isEqualTo("ab?...");
	}

}
