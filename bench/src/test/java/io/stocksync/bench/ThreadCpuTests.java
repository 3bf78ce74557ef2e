package io.stocksync.bench;

import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class ThreadCpuTests {

	@Test
	void shouldReadTheNameAndTheUserAndSystemTicksOfAThreadStatLine() {
		String stat = "4243 (C2 Compiler (x)) S 1 4242 4242 0 -1 4194560 100 0 0 0 1500 250 7 3 20 0 40 0 123 0 0";

		assertThat(ThreadCpu.nameOfStat(stat)).isEqualTo("C2 Compiler (x)");
		assertThat(ThreadCpu.userAndSystemTicks(stat)).isEqualTo(1500 + 250);
	}

	@Test
	void shouldGroupSiblingThreadsByTheirNameWithoutDigits() {
		assertThat(ThreadCpu.group("http-nio-8080-exec-12")).isEqualTo("http-nio-N-exec-N");
		assertThat(ThreadCpu.group("C2 CompilerThre")).isEqualTo("CN CompilerThre");
	}

	@Test
	void shouldLeaveOutThreadsThatUsedNoCpuOrEndedBeforeTheSecondReading() throws InterruptedException {
		Map<String, List<Long>> self = Map.of("self", List.of(ProcessHandle.current().pid()));
		ThreadCpu before = ThreadCpu.read(self);
		long start = System.nanoTime();
		ThreadMXBean mx = ManagementFactory.getThreadMXBean();
		Thread busy = new Thread(() -> {
			long x = 0;
			// spin until this thread has used 300 ms of CPU (30 ticks)
			while (mx.getCurrentThreadCpuTime() < 300_000_000L) {
				x += System.nanoTime() % 7;
			}
			assertThat(x).isNotNegative();
		}, "busy-worker-42");
		busy.start();
		busy.join();
		Thread idle = new Thread(() -> {
		}, "idle-worker-7");
		idle.start();

		Map<String, Double> threads = ThreadCpu.read(self).since(before, System.nanoTime() - start, 50);

		assertThat(threads).doesNotContainKey("self idle-worker-N");
		// the busy thread ended before the second reading: a thread that ends during a
		// step is not counted
		assertThat(threads).doesNotContainKey("self busy-worker-N");
	}

	@Test
	void shouldCountALiveThreadsCpuAsPercentOfOneCore() throws InterruptedException {
		Map<String, List<Long>> self = Map.of("self", List.of(ProcessHandle.current().pid()));
		ThreadMXBean mx = ManagementFactory.getThreadMXBean();
		Object lock = new Object();
		boolean[] done = { false, false };
		Thread busy = new Thread(() -> {
			long x = 0;
			while (mx.getCurrentThreadCpuTime() < 300_000_000L) {
				x += System.nanoTime() % 7;
			}
			synchronized (lock) {
				done[0] = true;
				lock.notifyAll();
				while (!done[1]) {
					try {
						lock.wait();
					}
					catch (InterruptedException ex) {
						return;
					}
				}
			}
			assertThat(x).isNotNegative();
		}, "busy-worker-42");
		ThreadCpu before = ThreadCpu.read(self);
		long start = System.nanoTime();
		busy.start();
		synchronized (lock) {
			while (!done[0]) {
				lock.wait();
			}
		}

		Map<String, Double> threads = ThreadCpu.read(self).since(before, System.nanoTime() - start, 50);

		synchronized (lock) {
			done[1] = true;
			lock.notifyAll();
		}
		busy.join();
		// 300 ms of CPU (the kernel counts in 10 ms ticks) over at least 300 ms of wall
		// time, so more than 0 and at most one core
		assertThat(threads).containsKey("self busy-worker-N");
		assertThat(threads.get("self busy-worker-N")).isGreaterThan(0.0).isLessThanOrEqualTo(100.5);
	}

}
