package io.stocksync.bench;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Reads {@code /proc/<pid>/stat} and {@code /proc/<pid>/status} (Linux). Missing
 * processes read as 0.
 */
final class ProcFs {

	/**
	 * Clock ticks per second of {@code /proc/<pid>/stat} times; 100 on every Linux this
	 * runs on.
	 */
	static final int TICKS_PER_SECOND = 100;

	private ProcFs() {
	}

	/** utime + stime + cutime + cstime of a process. */
	static long cpuTicks(long pid) {
		String stat = read(Path.of("/proc", Long.toString(pid), "stat"));
		return (stat != null) ? cpuTicksOfStat(stat) : 0;
	}

	/**
	 * Fields 14-17 of a stat line. The command name (field 2) is in parentheses and may
	 * hold spaces, so the fields are counted from the last ')'.
	 */
	static long cpuTicksOfStat(String stat) {
		String[] fields = stat.substring(stat.lastIndexOf(')') + 2).trim().split(" ");
		// fields[0] is field 3 (state): utime is field 14 -> index 11
		long total = 0;
		for (int i = 11; i <= 14 && i < fields.length; i++) {
			total += Long.parseLong(fields[i]);
		}
		return total;
	}

	/** A {@code kB} value of {@code /proc/<pid>/status}, e.g. VmHWM or VmRSS. */
	static long statusKb(long pid, String key) {
		String status = read(Path.of("/proc", Long.toString(pid), "status"));
		return (status != null) ? statusKbOf(status, key) : 0;
	}

	static long statusKbOf(String status, String key) {
		for (String line : status.split("\n")) {
			if (line.startsWith(key + ":")) {
				return Long.parseLong(line.substring(key.length() + 1).replace("kB", "").trim());
			}
		}
		return 0;
	}

	/**
	 * Pids whose parent is {@code parent} (e.g. PostgreSQL backends under the
	 * postmaster).
	 */
	static long[] children(long parent) {
		try (var dirs = Files.list(Path.of("/proc"))) {
			return dirs.map((dir) -> dir.getFileName().toString())
				.filter((name) -> name.chars().allMatch(Character::isDigit))
				.mapToLong(Long::parseLong)
				.filter((pid) -> {
					String stat = read(Path.of("/proc", Long.toString(pid), "stat"));
					if (stat == null) {
						return false;
					}
					String[] fields = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
					return Long.parseLong(fields[1]) == parent;
				})
				.toArray();
		}
		catch (IOException ex) {
			return new long[0];
		}
	}

	private static String read(Path path) {
		try {
			return Files.readString(path, StandardCharsets.ISO_8859_1);
		}
		catch (IOException | RuntimeException ex) {
			return null;
		}
	}

}
