package io.stocksync.ledger.system;

/**
 * An event that is well-formed JSON but cannot be applied (nonsense content); it is
 * parked without retries.
 */
public class InvalidEventException extends RuntimeException {

	public InvalidEventException(String message) {
		super(message);
	}

}
