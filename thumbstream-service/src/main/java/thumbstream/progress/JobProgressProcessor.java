package thumbstream.progress;

import java.time.Duration;
import java.time.Instant;
import org.apache.kafka.streams.processor.PunctuationType;
import org.apache.kafka.streams.processor.api.Processor;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;
import org.apache.kafka.streams.state.KeyValueStore;

/**
 * Folds the inputs of each job (keyed by job id, so one task owns a job) into its
 * {@link JobProgress}. Owned by one stream thread; holds no state of its own beyond the stores.
 *
 * <p>Only announced jobs are counted: a job exists in the jobs store once an announcement of it
 * arrived. A result of a job not announced (yet) is held by {@link HeldResults} and counted when
 * the announcement follows, or dropped after a while; so a producer that writes results or upload
 * events with made-up job ids cannot create or bloat jobs.
 *
 * <p>Idempotence: the "seen" store remembers each object's counted outcome per job. A result with
 * the same outcome as the one counted (a duplicate from at-least-once delivery, or a replay after a
 * crash) changes nothing; a different outcome replaces the counted one. Both stores are updated in
 * the same Kafka Streams transaction (exactly-once processing), so they cannot drift apart.
 */
final class JobProgressProcessor implements Processor<String, JobInput, Void, Void> {

    private final Duration retention;
    private final Duration hold;
    private final ProgressMetrics metrics;
    private ProcessorContext<Void, Void> context;
    private KeyValueStore<String, JobProgress> jobs;
    private KeyValueStore<String, String> seen;
    private HeldResults held;

    /**
     * @param retention jobs unchanged for this long are forgotten ({@link JobExpiry})
     * @param hold      results of a job not announced are held this long for its announcement
     */
    JobProgressProcessor(Duration retention, Duration hold, ProgressMetrics metrics) {
        this.retention = retention;
        this.hold = hold;
        this.metrics = metrics;
    }

    @Override
    public void init(ProcessorContext<Void, Void> context) {
        this.context = context;
        jobs = context.getStateStore(ProgressTopology.JOBS_STORE);
        seen = context.getStateStore(ProgressTopology.SEEN_STORE);
        held = new HeldResults(
                hold,
                context.getStateStore(ProgressTopology.HELD_STORE),
                context.getStateStore(ProgressTopology.HELD_JOBS_STORE),
                metrics);
        held.init();
        context.schedule(held.sweepInterval(), PunctuationType.WALL_CLOCK_TIME, held::expire);
        JobExpiry expiry = new JobExpiry(retention, jobs, seen);
        context.schedule(
                JobExpiry.interval(retention),
                PunctuationType.WALL_CLOCK_TIME,
                now -> expiry.sweep(Instant.ofEpochMilli(now)));
    }

    @Override
    public void process(Record<String, JobInput> record) {
        String jobId = record.key();
        JobInput input = record.value();
        if (jobId == null || input == null) {
            return;
        }
        JobProgress progress = jobs.get(jobId);
        if (input.announcement() != null) {
            boolean first = progress == null || !progress.wasAnnounced();
            jobs.put(
                    jobId,
                    (progress == null ? JobProgress.empty(jobId) : progress)
                            .announced(input.announcement())
                            .updated(now()));
            if (first) {
                held.release(jobId, r -> count(r, record.timestamp()));
            }
            return;
        }
        if (progress == null || !progress.wasAnnounced()) {
            held.hold(input.result(), context.currentSystemTimeMs());
            return;
        }
        count(input.result(), record.timestamp());
    }

    /** Counts a result of an announced job for its object, replacing the object's earlier outcome. */
    private void count(JobInput.Result result, long recordTimestamp) {
        String seenKey = result.seenKey();
        String before = seen.get(seenKey);
        String after = result.outcome();
        if (after.equals(before)) {
            return;
        }
        Instant at = result.processedAt() != null ? result.processedAt() : Instant.ofEpochMilli(recordTimestamp);
        seen.put(seenKey, after);
        JobProgress progress = jobs.get(result.jobId());
        jobs.put(result.jobId(), progress.replaced(before, result, at).updated(now()));
    }

    private Instant now() {
        return Instant.ofEpochMilli(context.currentSystemTimeMs());
    }
}
