package io.stocksync.ledger.outbox;

import java.time.Duration;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicReference;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

class DaemonLoopTests {

	@Test
	void shouldRunTheLoopOnANamedDaemonThreadUntilStopped() throws InterruptedException {
		AtomicReference<Thread> ranOn = new AtomicReference<>();
		CountDownLatch ended = new CountDownLatch(1);
		AtomicReference<DaemonLoop> loop = new AtomicReference<>();
		loop.set(new DaemonLoop("test-loop", () -> {
			ranOn.set(Thread.currentThread());
			while (loop.get().isRunning()) {
				Thread.onSpinWait();
			}
			ended.countDown();
		}, Duration.ofSeconds(5)));

		loop.get().start();
		await().atMost(Duration.ofSeconds(5)).untilAsserted(() -> assertThat(ranOn.get()).isNotNull());
		assertThat(loop.get().isRunning()).isTrue();
		assertThat(ranOn.get().getName()).isEqualTo("test-loop");
		assertThat(ranOn.get().isDaemon()).isTrue();

		loop.get().stop();
		assertThat(loop.get().isRunning()).isFalse();
		assertThat(ended.await(5, TimeUnit.SECONDS)).isTrue();
	}

	@Test
	void shouldInterruptTheLoopAndWaitForItToEndWithinTheGrace() {
		CountDownLatch started = new CountDownLatch(1);
		AtomicBoolean interrupted = new AtomicBoolean();
		AtomicBoolean finished = new AtomicBoolean();
		DaemonLoop loop = new DaemonLoop("sleeping-loop", () -> {
			started.countDown();
			try {
				new CountDownLatch(1).await();
			}
			catch (InterruptedException ex) {
				interrupted.set(true);
			}
			// what the loop does on its way out (e.g. a batch waiting for Kafka), which
			// stop() waits for
			for (long i = 0; i < 10_000_000L; i++) {
				Thread.onSpinWait();
			}
			finished.set(true);
		}, Duration.ofSeconds(30));

		loop.start();
		await().atMost(Duration.ofSeconds(5)).until(() -> started.getCount() == 0);
		loop.stop();

		assertThat(interrupted).isTrue();
		assertThat(finished).isTrue();
	}

	@Test
	void shouldNotWaitForTheLoopWithoutAGrace() throws InterruptedException {
		CountDownLatch release = new CountDownLatch(1);
		CountDownLatch ended = new CountDownLatch(1);
		DaemonLoop loop = new DaemonLoop("stubborn-loop", () -> {
			// ignores interrupts until released
			while (release.getCount() > 0) {
				try {
					release.await();
				}
				catch (InterruptedException ex) {
					// keep waiting
				}
			}
			ended.countDown();
		}, Duration.ZERO);

		loop.start();
		loop.stop();

		assertThat(loop.isRunning()).isFalse();
		assertThat(ended.getCount()).isEqualTo(1);
		release.countDown();
		assertThat(ended.await(5, TimeUnit.SECONDS)).isTrue();
	}

	@Test
	void shouldStopBeforeStartWithoutFailing() {
		DaemonLoop loop = new DaemonLoop("never-started", () -> {
		}, Duration.ofSeconds(1));

		loop.stop();

		assertThat(loop.isRunning()).isFalse();
	}

}
