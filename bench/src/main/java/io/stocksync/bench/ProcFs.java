package io.stocksync.bench;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

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
	 * Fields 14-17 of a process's stat line: utime, stime, cutime, cstime (its own CPU
	 * and that of the children it waited for).
	 */
	static long cpuTicksOfStat(String stat) {
		return sumOfStatFields(stat, 14, 17);
	}

	/**
	 * The sum of fields {@code first} to {@code last} (numbered as in {@code proc(5)},
	 * from 1) of a stat line, e.g. 14-15 for a thread's utime + stime.
	 */
	static long sumOfStatFields(String stat, int first, int last) {
		String[] fields = fieldsAfterName(stat);
		long total = 0;
		for (int field = first; field <= last && field - 3 < fields.length; field++) {
			total += Long.parseLong(fields[field - 3]);
		}
		return total;
	}

	/**
	 * The fields of a stat line after the name, from field 3 (state) on. The name (field
	 * 2) is in parentheses and may hold spaces and parentheses, so the fields are counted
	 * from the last ')'.
	 */
	private static String[] fieldsAfterName(String stat) {
		return stat.substring(stat.lastIndexOf(')') + 2).trim().split(" ");
	}

	/**
	 * The postmaster and its backends: the processes of a PostgreSQL server (none when
	 * {@code postmaster} is not positive).
	 */
	static List<Long> withChildren(long postmaster) {
		List<Long> pids = new ArrayList<>();
		if (postmaster > 0) {
			pids.add(postmaster);
			for (long child : children(postmaster)) {
				pids.add(child);
			}
		}
		return pids;
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
					return Long.parseLong(fieldsAfterName(stat)[1]) == parent;
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
