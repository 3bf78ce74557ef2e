package io.stocksync.support.admin;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;

/**
 * The admin bearer token ({@code ADMIN_TOKEN}). Compares in constant time; an unset token
 * matches nothing, so admin endpoints stay closed until an operator sets one.
 */
public final class BearerToken {

	private final byte[] expected;

	public BearerToken(String token) {
		this.expected = (token == null || token.isBlank()) ? null : token.getBytes(StandardCharsets.UTF_8);
	}

	public boolean isConfigured() {
		return this.expected != null;
	}

	/** Whether an {@code Authorization} header value carries this token. */
	public boolean matches(String authorizationHeader) {
		if (this.expected == null || authorizationHeader == null
				|| !authorizationHeader.regionMatches(true, 0, "Bearer ", 0, 7)) {
			return false;
		}
		byte[] presented = authorizationHeader.substring(7).trim().getBytes(StandardCharsets.UTF_8);
		return MessageDigest.isEqual(this.expected, presented);
	}

	@Override
	public String toString() {
		return "BearerToken[***]";
	}

}
