package io.stocksync.propagator.delivery;

/**
 * The shop refused a write for good (a 4xx other than 408/429, or a per-item error that a
 * single write repeats): retrying cannot help, so the record goes straight to the shop's
 * DLT.
 */
public class RejectedDeliveryException extends RuntimeException {

	public RejectedDeliveryException(String message, Throwable cause) {
		super(message, cause);
	}

}
