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
 * <p>Idempotence: the "seen" store remembers each object's counted outcome per job. A result with
 * the same outcome as the one counted (a duplicate from at-least-once delivery, or a replay after a
 * crash) changes nothing; a different outcome replaces the counted one. Both stores are updated in
 * the same Kafka Streams transaction (exactly-once processing), so they cannot drift apart.
 */
final class JobProgressProcessor implements Processor<String, JobInput, Void, Void> {

    private final Duration retention;
    private ProcessorContext<Void, Void> context;
    private KeyValueStore<String, JobProgress> jobs;
    private KeyValueStore<String, String> seen;

    /** @param retention jobs unchanged for this long are forgotten ({@link JobExpiry}) */
    JobProgressProcessor(Duration retention) {
        this.retention = retention;
    }

    @Override
    public void init(ProcessorContext<Void, Void> context) {
        this.context = context;
        jobs = context.getStateStore(ProgressTopology.JOBS_STORE);
        seen = context.getStateStore(ProgressTopology.SEEN_STORE);
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
        if (progress == null) {
            progress = JobProgress.empty(jobId);
        }
        if (input.announcement() != null) {
            jobs.put(jobId, progress.announced(input.announcement()).updated(now()));
            return;
        }
        JobInput.Result result = input.result();
        String seenKey = result.seenKey();
        String before = seen.get(seenKey);
        String after = result.outcome();
        if (after.equals(before)) {
            return;
        }
        Instant at = result.processedAt() != null ? result.processedAt() : Instant.ofEpochMilli(record.timestamp());
        seen.put(seenKey, after);
        jobs.put(jobId, progress.replaced(before, result, at).updated(now()));
    }

    private Instant now() {
        return Instant.ofEpochMilli(context.currentSystemTimeMs());
    }
}
