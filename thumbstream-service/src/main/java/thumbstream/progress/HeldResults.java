package thumbstream.progress;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;
import org.apache.kafka.streams.KeyValue;
import org.apache.kafka.streams.state.KeyValueIterator;
import org.apache.kafka.streams.state.KeyValueStore;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import thumbstream.security.LogText;

/**
 * Results of jobs that have not been announced (yet), held for a while in case the announcement
 * follows. A result counts toward a job only once the job was announced on the jobs topic; but the
 * announcement and the results reach the progress processor through one repartition topic written
 * by different tasks (the jobs topic and each results partition are read independently), so a
 * result can arrive before an announcement that was published long before it. Held results are
 * counted when the announcement arrives; results of a job announced nowhere are dropped after
 * {@code hold}, or at once when the limits below are reached — which is all that a producer
 * writing results or upload events with made-up job ids can cost.
 *
 * <p>Limits, per processor (one per partition of the repartition topic): {@value #MAX_JOBS} jobs
 * held at once, {@value #MAX_PER_JOB} results per job (one per object: a later result of the same
 * object replaces the held one) and {@value #MAX_RESULTS} in all. A job's held results are dropped
 * together, {@code hold} after the first of them arrived.
 *
 * <p>State: {@link ProgressTopology#HELD_STORE} (the seen key, job id NUL object, to the result) and
 * {@link ProgressTopology#HELD_JOBS_STORE} (job id to when its first held result arrived and how
 * many are held). The totals are kept in memory too, recounted from the store at {@link #init}.
 * Owned by the processor's stream thread.
 */
final class HeldResults {

    static final int MAX_JOBS = 1_000;
    static final int MAX_PER_JOB = 5_000;
    static final int MAX_RESULTS = 20_000;

    private static final Logger LOG = LoggerFactory.getLogger(HeldResults.class);
    /** At most one warning about dropped results per this long. */
    private static final Duration WARN_INTERVAL = Duration.ofMinutes(1);

    /** When a job's first held result arrived (processor wall clock, ms) and how many are held. */
    record Held(long since, int count) {}

    private final Duration hold;
    private final KeyValueStore<String, JobInput.Result> results;
    private final KeyValueStore<String, Held> jobs;
    private final ProgressMetrics metrics;
    private int jobCount;
    private int resultCount;
    private long lastWarningAt = Long.MIN_VALUE;
    private long droppedSinceWarning;

    HeldResults(
            Duration hold,
            KeyValueStore<String, JobInput.Result> results,
            KeyValueStore<String, Held> jobs,
            ProgressMetrics metrics) {
        this.hold = hold;
        this.results = results;
        this.jobs = jobs;
        this.metrics = metrics;
    }

    /** Recounts what the stores hold (after a restore or a move of the task). */
    void init() {
        jobCount = 0;
        resultCount = 0;
        try (KeyValueIterator<String, Held> it = jobs.all()) {
            while (it.hasNext()) {
                Held held = it.next().value;
                if (held != null) {
                    jobCount++;
                    resultCount += held.count();
                }
            }
        }
    }

    /** How often {@link #expire} should run: often enough that a result outlives its hold by a tenth at most. */
    Duration sweepInterval() {
        Duration tenth = hold.dividedBy(10);
        return tenth.compareTo(Duration.ofSeconds(1)) < 0 ? Duration.ofSeconds(1) : tenth;
    }

    /** Holds the result of a job that was not announced, or drops it when a limit is reached. */
    void hold(JobInput.Result result, long now) {
        String jobId = result.jobId();
        String seenKey = result.seenKey();
        Held held = jobs.get(jobId);
        if (held != null && results.get(seenKey) != null) {
            results.put(seenKey, result); // the same object again: the later result replaces the held one
            return;
        }
        if (held == null && jobCount >= MAX_JOBS) {
            drop(jobId, 1, "jobs held", now);
            return;
        }
        int count = held == null ? 0 : held.count();
        if (count >= MAX_PER_JOB || resultCount >= MAX_RESULTS) {
            drop(jobId, 1, count >= MAX_PER_JOB ? "results held for one job" : "results held", now);
            return;
        }
        if (held == null) {
            jobCount++;
        }
        resultCount++;
        jobs.put(jobId, new Held(held == null ? now : held.since(), count + 1));
        results.put(seenKey, result);
        metrics.held();
    }

    /** Hands every held result of {@code jobId} to {@code count} and forgets them: the job was announced. */
    void release(String jobId, Consumer<JobInput.Result> count) {
        Held held = jobs.get(jobId);
        if (held == null) {
            return;
        }
        List<JobInput.Result> released = removeAll(jobId, held);
        released.forEach(count);
        metrics.released(released.size());
    }

    /** Drops the results of every job held for longer than the hold; returns how many. */
    int expire(long now) {
        List<KeyValue<String, Held>> expired = new ArrayList<>();
        try (KeyValueIterator<String, Held> it = jobs.all()) {
            while (it.hasNext()) {
                KeyValue<String, Held> next = it.next();
                if (next.value != null && now - next.value.since() >= hold.toMillis()) {
                    expired.add(next);
                }
            }
        }
        int dropped = 0;
        for (KeyValue<String, Held> job : expired) {
            int n = removeAll(job.key, job.value).size();
            drop(job.key, n, "not announced within " + hold, now);
            dropped += n;
        }
        return dropped;
    }

    private List<JobInput.Result> removeAll(String jobId, Held held) {
        // Seen keys are "jobId NUL object": this range holds exactly the job's held results.
        List<KeyValue<String, JobInput.Result>> entries = new ArrayList<>();
        try (KeyValueIterator<String, JobInput.Result> it = results.range(jobId + '\0', jobId + '\1')) {
            it.forEachRemaining(entries::add);
        }
        List<JobInput.Result> removed = new ArrayList<>(entries.size());
        for (KeyValue<String, JobInput.Result> e : entries) {
            results.delete(e.key);
            removed.add(e.value);
        }
        jobs.delete(jobId);
        jobCount--;
        resultCount -= held.count();
        return removed;
    }

    private void drop(String jobId, int n, String why, long now) {
        metrics.dropped(n);
        droppedSinceWarning += n;
        if (lastWarningAt == Long.MIN_VALUE || now - lastWarningAt >= WARN_INTERVAL.toMillis()) {
            LOG.warn(
                    "job progress: dropped {} result(s) of jobs never announced on the jobs topic since the last"
                            + " warning (latest: job {}, {}); a job counts only once it is announced, as"
                            + " `thumbstream backfill` does",
                    droppedSinceWarning,
                    LogText.quoted(jobId),
                    why);
            lastWarningAt = now;
            droppedSinceWarning = 0;
        } else {
            LOG.debug("job progress: dropped {} result(s) of unannounced job {} ({})", n, LogText.quoted(jobId), why);
        }
    }
}
