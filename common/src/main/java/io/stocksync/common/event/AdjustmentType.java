package io.stocksync.common.event;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonValue;

/** The kinds of operator adjustment; the JSON form is lower case. */
public enum AdjustmentType {

	/** Stock take: on_hand becomes the quantity. */
	SET,
	/** Goods received: on_hand grows by the quantity. */
	ADD,
	/** Goods removed (damaged, lost): on_hand shrinks by the quantity. */
	REMOVE;

	@JsonValue
	public String json() {
		return name().toLowerCase(java.util.Locale.ROOT);
	}

	@JsonCreator
	public static AdjustmentType fromJson(String value) {
		return valueOf(value.trim().toUpperCase(java.util.Locale.ROOT));
	}

}
