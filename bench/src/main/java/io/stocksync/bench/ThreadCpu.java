package io.stocksync.bench;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Where a step's CPU went, thread by thread: the CPU ticks of every thread of the
 * measured processes ({@code /proc/<pid>/task/<tid>/stat}), read before and after the
 * step, summed per process and thread name with its digits as {@code N} (so that
 * {@code http-nio-8080-exec-12} and its siblings make one line). Linux keeps the first 15
 * characters of a thread's name, which is enough to tell a JVM's request threads from its
 * Kafka client, GC and JIT compiler threads. A thread that ends during the step is not
 * counted; one that starts during it is counted from zero.
 */
final class ThreadCpu {

	/** Thread ticks by process name and tid, with each thread's name. */
	private final Map<String, Map<Long, Tick>> ticks;

	private ThreadCpu(Map<String, Map<Long, Tick>> ticks) {
		this.ticks = ticks;
	}

	/**
	 * Reads the threads of the processes now.
	 * @param pids process name to its pids (several for PostgreSQL: the postmaster and
	 * its backends)
	 */
	static ThreadCpu read(Map<String, List<Long>> pids) {
		Map<String, Map<Long, Tick>> ticks = new LinkedHashMap<>();
		pids.forEach((process, list) -> {
			Map<Long, Tick> threads = new HashMap<>();
			for (long pid : list) {
				threadsOf(pid, threads);
			}
			ticks.put(process, threads);
		});
		return new ThreadCpu(ticks);
	}

	/**
	 * The busiest thread groups between {@code before} and this reading, as percent of
	 * one core over {@code elapsedNanos}, busiest first:
	 * {@code "ingest http-nio-N-" -> 36.2} (Linux cuts {@code http-nio-38123-exec-7}
	 * after the port).
	 */
	Map<String, Double> since(ThreadCpu before, long elapsedNanos, int top) {
		Map<String, Long> groups = new HashMap<>();
		this.ticks.forEach((process, threads) -> {
			Map<Long, Tick> was = before.ticks.getOrDefault(process, Map.of());
			threads.forEach((tid, tick) -> {
				Tick previous = was.get(tid);
				long used = tick.ticks() - ((previous != null) ? previous.ticks() : 0);
				if (used > 0) {
					groups.merge(process + " " + group(tick.name()), used, Long::sum);
				}
			});
		});
		List<Map.Entry<String, Long>> busiest = new ArrayList<>(groups.entrySet());
		busiest.sort(Map.Entry.<String, Long>comparingByValue().reversed().thenComparing(Map.Entry.comparingByKey()));
		Map<String, Double> result = new LinkedHashMap<>();
		double seconds = Math.max(1e-9, elapsedNanos / 1e9);
		for (Map.Entry<String, Long> entry : busiest.subList(0, Math.min(top, busiest.size()))) {
			result.put(entry.getKey(), Bench.round(100.0 * entry.getValue() / ProcFs.TICKS_PER_SECOND / seconds));
		}
		return result;
	}

	/** A thread's name with every run of digits as {@code N}. */
	static String group(String threadName) {
		return threadName.replaceAll("[0-9]+", "N");
	}

	private static void threadsOf(long pid, Map<Long, Tick> threads) {
		Path tasks = Path.of("/proc", Long.toString(pid), "task");
		try (var dirs = Files.list(tasks)) {
			dirs.forEach((dir) -> {
				try {
					String stat = Files.readString(dir.resolve("stat"), StandardCharsets.ISO_8859_1);
					threads.put(Long.parseLong(dir.getFileName().toString()),
							new Tick(nameOfStat(stat), userAndSystemTicks(stat)));
				}
				catch (IOException | RuntimeException ex) {
					// the thread ended while we read it
				}
			});
		}
		catch (IOException | RuntimeException ex) {
			// the process ended: none of its threads
		}
	}

	/** Field 2 of a stat line: the name in parentheses (it may hold spaces). */
	static String nameOfStat(String stat) {
		return stat.substring(stat.indexOf('(') + 1, stat.lastIndexOf(')'));
	}

	/** utime + stime (fields 14 and 15) of a thread's stat line. */
	static long userAndSystemTicks(String stat) {
		return ProcFs.sumOfStatFields(stat, 14, 15);
	}

	private record Tick(String name, long ticks) {
	}

}
