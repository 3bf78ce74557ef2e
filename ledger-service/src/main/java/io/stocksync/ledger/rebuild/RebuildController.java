package io.stocksync.ledger.rebuild;

import java.util.Map;

import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/**
 * {@code POST /admin/rebuild}: replays the log into a fresh schema and answers with the
 * differences to the live ledger (none expected). Takes as long as the replay; one at a
 * time per process.
 */
@RestController
class RebuildController {

	private final Rebuilder rebuilder;

	RebuildController(Rebuilder rebuilder) {
		this.rebuilder = rebuilder;
	}

	@PostMapping("/admin/rebuild")
	ResponseEntity<?> rebuild(@RequestParam(defaultValue = "false") boolean keepSchema) {
		try {
			return ResponseEntity.ok(this.rebuilder.rebuild(keepSchema));
		}
		catch (IllegalStateException ex) {
			return ResponseEntity.status(HttpStatus.CONFLICT)
				.body(Map.of("error", "rebuild_running", "message", ex.getMessage()));
		}
	}

}
