package io.stocksync.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * One child process of the stack (a service, the Kafka broker, the PostgreSQL launcher)
 * with its log, signals and the numbers {@code /proc} keeps about it. Peak RSS and CPU
 * time survive restarts: {@link Stack} folds the totals of a process into its
 * {@link Usage} before it stops or is killed.
 */
final class Proc {

	private final String name;

	private final Process process;

	private final Path log;

	Proc(String name, Process process, Path log) {
		this.name = name;
		this.process = process;
		this.log = log;
	}

	String name() {
		return this.name;
	}

	long pid() {
		return this.process.pid();
	}

	Path log() {
		return this.log;
	}

	boolean isAlive() {
		return this.process.isAlive();
	}

	/**
	 * SIGKILL, like an OOM kill or a node loss: no shutdown hooks, no goodbye to Kafka or
	 * PostgreSQL.
	 */
	void kill9() {
		this.process.destroyForcibly();
		waitFor(10);
	}

	/** SIGTERM and wait (then SIGKILL if it does not stop in time). */
	void stop(int seconds) {
		this.process.destroy();
		if (!waitFor(seconds)) {
			kill9();
		}
	}

	/**
	 * SIGSTOP / SIGCONT: freezes the process without it noticing (its Kafka session may
	 * expire meanwhile).
	 */
	void pause() {
		signal("STOP");
	}

	void resume() {
		signal("CONT");
	}

	private void signal(String signal) {
		try {
			Process kill = new ProcessBuilder("kill", "-" + signal, Long.toString(pid())).inheritIO().start();
			kill.waitFor(10, TimeUnit.SECONDS);
		}
		catch (IOException ex) {
			throw new IllegalStateException("cannot send SIG" + signal + " to " + this.name, ex);
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
		}
	}

	boolean waitFor(int seconds) {
		try {
			return this.process.waitFor(seconds, TimeUnit.SECONDS);
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			return false;
		}
	}

	/**
	 * CPU ticks used so far (user + system, plus waited-for children such as PostgreSQL
	 * backends).
	 */
	long cpuTicks() {
		return ProcFs.cpuTicks(pid());
	}

	/** Peak resident set size (VmHWM) in kB; 0 once the process is gone. */
	long peakRssKb() {
		return ProcFs.statusKb(pid(), "VmHWM");
	}

	String tail(int lines) {
		try {
			List<String> all = Files.readAllLines(this.log);
			return String.join("\n", all.subList(Math.max(0, all.size() - lines), all.size()));
		}
		catch (IOException ex) {
			return "(no log: " + ex.getMessage() + ")";
		}
	}

	/** CPU and peak memory of one component over all of its incarnations. */
	static final class Usage {

		private long cpuTicks;

		private long peakRssKb;

		synchronized void fold(long ticks, long rssKb) {
			this.cpuTicks += ticks;
			this.peakRssKb = Math.max(this.peakRssKb, rssKb);
		}

		synchronized long cpuTicks() {
			return this.cpuTicks;
		}

		synchronized long peakRssKb() {
			return this.peakRssKb;
		}

	}

}
