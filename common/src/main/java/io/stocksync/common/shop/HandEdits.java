package io.stocksync.common.shop;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonValue;

/**
 * What the propagator does when a shop's stock changes by hand (neither our write nor the
 * shop's own reduction for an order), site field {@code hand-edits}.
 */
public enum HandEdits {

	/** Write the pool's quantity back and record the drift (the default). */
	RESTORE,
	/**
	 * Apply the merchant's change (found minus last written) to the pool as an
	 * adjustment; every shop follows.
	 */
	ADOPT;

	@JsonValue
	public String json() {
		return name().toLowerCase(java.util.Locale.ROOT);
	}

	@JsonCreator
	public static HandEdits fromJson(String value) {
		return valueOf(value.trim().toUpperCase(java.util.Locale.ROOT));
	}

}
