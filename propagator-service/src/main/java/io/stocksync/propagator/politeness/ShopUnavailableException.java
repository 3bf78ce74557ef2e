package io.stocksync.propagator.politeness;

import io.stocksync.propagator.delivery.RetryableDeliveryException;

/** The shop's circuit is open: no request is sent until it lets a probe through. */
public class ShopUnavailableException extends RetryableDeliveryException {

	public ShopUnavailableException(String message) {
		super(message, null);
	}

}
