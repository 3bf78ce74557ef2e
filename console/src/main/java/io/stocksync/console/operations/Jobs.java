package io.stocksync.console.operations;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Supplier;

import io.stocksync.console.system.ApiResult;

import org.springframework.core.task.AsyncTaskExecutor;
import org.springframework.stereotype.Component;

/**
 * Long operations (ledger rebuild, drift check of all shops, mapping refresh, stock
 * import) run here in the background while the page shows them running and then their
 * result. The services answer these calls only when done, so the console waits for the
 * answer on a worker thread. A job started while the same job still runs is not started
 * again: the second request gets the running one (per console instance; the ledger also
 * refuses a second concurrent rebuild itself). The last 50 finished jobs are kept in
 * memory for their result pages.
 */
@Component
public class Jobs {

	private static final int KEPT = 50;

	private final Map<String, Job> jobs = new ConcurrentHashMap<>();

	private final AsyncTaskExecutor executor;

	private final Clock clock;

	Jobs(AsyncTaskExecutor executor, Clock clock) {
		this.executor = executor;
		this.clock = clock;
	}

	/**
	 * Starts the job unless the same one runs; returns the job that runs (new or already
	 * running).
	 */
	public synchronized Job start(String id, String title, String user, Supplier<ApiResult> work) {
		Job running = this.jobs.get(id);
		if (running != null && running.isRunning()) {
			return running;
		}
		Job job = new Job(id, title, user, this.clock.instant());
		this.jobs.put(id, job);
		forgetOld();
		this.executor.execute(() -> {
			ApiResult result;
			try {
				result = work.get();
			}
			catch (RuntimeException ex) {
				result = new ApiResult("console", 0, null, String.valueOf(ex.getMessage()));
			}
			job.finish(result, this.clock.instant());
		});
		return job;
	}

	public Optional<Job> find(String id) {
		return Optional.ofNullable(this.jobs.get(id));
	}

	public List<Job> recent() {
		List<Job> all = new ArrayList<>(this.jobs.values());
		all.sort(Comparator.comparing(Job::startedAt).reversed());
		return all;
	}

	public Duration elapsed(Job job) {
		Instant end = (job.finishedAt() != null) ? job.finishedAt() : this.clock.instant();
		return Duration.between(job.startedAt(), end);
	}

	private void forgetOld() {
		if (this.jobs.size() > KEPT) {
			this.jobs.values()
				.stream()
				.filter((job) -> !job.isRunning())
				.min(Comparator.comparing(Job::startedAt))
				.ifPresent((oldest) -> this.jobs.remove(oldest.id()));
		}
	}

	/** One run of a long operation. */
	public static final class Job {

		private final String id;

		private final String title;

		private final String user;

		private final Instant startedAt;

		private volatile Instant finishedAt;

		private volatile ApiResult result;

		Job(String id, String title, String user, Instant startedAt) {
			this.id = id;
			this.title = title;
			this.user = user;
			this.startedAt = startedAt;
		}

		void finish(ApiResult result, Instant at) {
			this.result = result;
			this.finishedAt = at;
		}

		public String id() {
			return this.id;
		}

		public String title() {
			return this.title;
		}

		public String user() {
			return this.user;
		}

		public Instant startedAt() {
			return this.startedAt;
		}

		public Instant finishedAt() {
			return this.finishedAt;
		}

		public ApiResult result() {
			return this.result;
		}

		public boolean isRunning() {
			return this.finishedAt == null;
		}

		public String state() {
			if (isRunning()) {
				return "running";
			}
			return (this.result != null && this.result.ok()) ? "done" : "failed";
		}

	}

}
