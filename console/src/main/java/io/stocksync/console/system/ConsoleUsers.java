package io.stocksync.console.system;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

import org.springframework.security.core.userdetails.User;
import org.springframework.security.core.userdetails.UserDetails;
import org.springframework.security.crypto.bcrypt.BCryptPasswordEncoder;

/**
 * The console's users, from configuration: {@code CONSOLE_USERS} =
 * {@code name:{bcrypt}hash:ROLE,...} and/or, for local runs, {@code CONSOLE_USER} +
 * {@code CONSOLE_PASSWORD} (an operator; the password is hashed at start and never kept
 * in clear). Roles: {@code viewer} (reads everything) and {@code operator} (also acts).
 */
final class ConsoleUsers {

	static final String VIEWER = "VIEWER";

	static final String OPERATOR = "OPERATOR";

	private ConsoleUsers() {
	}

	static List<UserDetails> from(ConsoleProperties properties) {
		Map<String, UserDetails> users = new LinkedHashMap<>();
		String list = properties.users();
		if (list != null && !list.isBlank()) {
			int position = 0;
			for (String entry : list.split(",")) {
				position++;
				if (entry.isBlank()) {
					continue;
				}
				String[] parts = entry.trim().split(":");
				if (parts.length != 3 || parts[0].isBlank()) {
					throw new IllegalStateException("CONSOLE_USERS entry " + position
							+ " must be name:{bcrypt}hash:ROLE (the hash is not shown here)");
				}
				if (!parts[1].startsWith("{bcrypt}$2")) {
					throw new IllegalStateException("CONSOLE_USERS entry " + position + " (" + parts[0]
							+ "): the password must be a {bcrypt} hash");
				}
				add(users,
						User.withUsername(parts[0].trim()).password(parts[1]).roles(role(parts[2], position)).build());
			}
		}
		if (properties.user() != null && !properties.user().isBlank()) {
			if (properties.password() == null || properties.password().isEmpty()) {
				throw new IllegalStateException("CONSOLE_USER is set but CONSOLE_PASSWORD is empty");
			}
			add(users,
					User.withUsername(properties.user().trim())
						.password("{bcrypt}" + new BCryptPasswordEncoder().encode(properties.password()))
						.roles(OPERATOR)
						.build());
		}
		if (users.isEmpty()) {
			throw new IllegalStateException(
					"no console users: set CONSOLE_USERS (name:{bcrypt}hash:ROLE,...) or CONSOLE_USER and CONSOLE_PASSWORD");
		}
		return new ArrayList<>(users.values());
	}

	private static void add(Map<String, UserDetails> users, UserDetails user) {
		if (users.putIfAbsent(user.getUsername(), user) != null) {
			throw new IllegalStateException("console user '" + user.getUsername() + "' is configured twice");
		}
	}

	private static String role(String value, int position) {
		String role = value.trim().toUpperCase(Locale.ROOT);
		if (role.startsWith("ROLE_")) {
			role = role.substring(5);
		}
		if (!role.equals(VIEWER) && !role.equals(OPERATOR)) {
			throw new IllegalStateException("CONSOLE_USERS entry " + position + ": role must be viewer or operator");
		}
		return role;
	}

}
