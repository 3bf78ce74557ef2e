package io.stocksync.propagator.push;

/** The shop's circuit is open: no request is sent until it lets a probe through. */
class ShopUnavailableException extends RetryableDeliveryException {

	ShopUnavailableException(String message) {
		super(message, null);
	}

}
