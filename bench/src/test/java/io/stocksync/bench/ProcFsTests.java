package io.stocksync.bench;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class ProcFsTests {

	@Test
	void shouldSumUserSystemAndChildTimesEvenWhenTheCommandHasSpacesAndParentheses() {
		String stat = "4242 (java (main) x) S 1 4242 4242 0 -1 4194560 100 0 0 0 1500 250 7 3 20 0 40 0 123 0 0";

		assertThat(ProcFs.cpuTicksOfStat(stat)).isEqualTo(1500 + 250 + 7 + 3);
	}

	@Test
	void shouldReadKilobyteValuesOfStatus() {
		String status = "Name:\tjava\nVmPeak:\t 9000000 kB\nVmHWM:\t  312345 kB\nVmRSS:\t  300000 kB\n";

		assertThat(ProcFs.statusKbOf(status, "VmHWM")).isEqualTo(312345);
		assertThat(ProcFs.statusKbOf(status, "VmSwap")).isZero();
	}

	@Test
	void shouldListAProcessWithItsChildren() throws Exception {
		long self = ProcessHandle.current().pid();
		Process child = new ProcessBuilder("sleep", "30").start();
		try {
			assertThat(ProcFs.withChildren(self)).startsWith(self).contains(child.pid());
			assertThat(ProcFs.withChildren(child.pid())).containsExactly(child.pid());
			assertThat(ProcFs.withChildren(0)).isEmpty();
		}
		finally {
			child.destroyForcibly().waitFor();
		}
	}

	@Test
	void shouldReadThisProcess() {
		long pid = ProcessHandle.current().pid();

		assertThat(ProcFs.statusKb(pid, "VmHWM")).isPositive();
		assertThat(ProcFs.cpuTicks(pid)).isNotNegative();
	}

}
