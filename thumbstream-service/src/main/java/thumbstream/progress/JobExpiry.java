package thumbstream.progress;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.apache.kafka.streams.KeyValue;
import org.apache.kafka.streams.state.KeyValueIterator;
import org.apache.kafka.streams.state.KeyValueStore;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Forgets jobs nothing happened to for the retention period ({@code THUMBSTREAM_JOB_RETENTION}),
 * with the per-object outcomes remembered for them, so the progress state does not grow with every
 * job ever run. A forgotten job is no longer announced: a result that arrives for it is held like
 * any other result of an unannounced job ({@link HeldResults}), and a new announcement starts it
 * again from zero. Runs on the stream thread that owns the stores.
 */
final class JobExpiry {

    private static final Logger LOG = LoggerFactory.getLogger(JobExpiry.class);

    private final Duration retention;
    private final KeyValueStore<String, JobProgress> jobs;
    private final KeyValueStore<String, String> seen;

    JobExpiry(Duration retention, KeyValueStore<String, JobProgress> jobs, KeyValueStore<String, String> seen) {
        this.retention = retention;
        this.jobs = jobs;
        this.seen = seen;
    }

    /** How often to sweep: often enough that a job outlives its retention by a tenth at most. */
    static Duration interval(Duration retention) {
        Duration tenth = retention.dividedBy(10);
        return tenth.compareTo(Duration.ofSeconds(1)) < 0 ? Duration.ofSeconds(1) : tenth;
    }

    /** Deletes every job last updated before {@code now - retention}; returns how many. */
    int sweep(Instant now) {
        Instant cutoff = now.minus(retention);
        List<String> expired = new ArrayList<>();
        List<JobProgress> undated = new ArrayList<>();
        try (KeyValueIterator<String, JobProgress> it = jobs.all()) {
            while (it.hasNext()) {
                KeyValue<String, JobProgress> next = it.next();
                if (next.value == null) {
                    continue;
                }
                Instant updated = next.value.updatedAt();
                if (updated == null) {
                    undated.add(next.value); // stored by a version without the field: its clock starts now
                } else if (updated.isBefore(cutoff)) {
                    expired.add(next.key);
                }
            }
        }
        undated.forEach(p -> jobs.put(p.jobId(), p.updated(now)));
        for (String jobId : expired) {
            forgetSeen(jobId);
            jobs.delete(jobId);
        }
        if (!expired.isEmpty()) {
            LOG.info("job progress: forgot {} job(s) unchanged for {}", expired.size(), retention);
        }
        return expired.size();
    }

    private void forgetSeen(String jobId) {
        // Seen keys are "jobId NUL object": this range holds exactly the job's objects.
        List<String> keys = new ArrayList<>();
        try (KeyValueIterator<String, String> it = seen.range(jobId + '\0', jobId + '\1')) {
            while (it.hasNext()) {
                keys.add(it.next().key);
            }
        }
        keys.forEach(seen::delete);
    }
}
