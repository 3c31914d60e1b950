package thumbstream.progress;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyOrder;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import thumbstream.event.JobAnnouncement;

/**
 * The progress of one job as the topology stores it: what the announcements said and how many
 * distinct objects ended in each status. Immutable; every update returns a new value.
 *
 * <p>Invariant: {@code failed == sum(failedByReason) == failures.size() + failuresOmitted}. Only the
 * first {@link #MAX_LISTED_FAILURES} failed objects are listed, so one record stays small whatever
 * the size of the job.
 *
 * @param total         upload events the backfill published, null until it has announced them
 * @param firstResultAt the earliest {@code processedAt} of the job's results
 * @param lastResultAt  the latest {@code processedAt} of the job's results
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
@JsonPropertyOrder({
    "jobId",
    "bucket",
    "prefix",
    "total",
    "startedAt",
    "finishedListingAt",
    "completed",
    "skipped",
    "deleted",
    "failed",
    "failedByReason",
    "firstResultAt",
    "lastResultAt",
    "failures",
    "failuresOmitted"
})
public record JobProgress(
        String jobId,
        String bucket,
        String prefix,
        Long total,
        Instant startedAt,
        Instant finishedListingAt,
        long completed,
        long skipped,
        long deleted,
        long failed,
        Map<String, Long> failedByReason,
        Instant firstResultAt,
        Instant lastResultAt,
        List<Failure> failures,
        long failuresOmitted) {

    /** Failed objects listed by key; the rest are only counted. */
    public static final int MAX_LISTED_FAILURES = 1000;

    /** One object of the job whose latest result is a failure. */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record Failure(String key, String reason, String message) {}

    public JobProgress {
        failedByReason = failedByReason == null ? Map.of() : Collections.unmodifiableMap(new TreeMap<>(failedByReason));
        failures = failures == null ? List.of() : List.copyOf(failures);
    }

    /** A job nothing is known about yet: its first input is about to be applied. */
    static JobProgress empty(String jobId) {
        return new JobProgress(jobId, null, null, null, null, null, 0, 0, 0, 0, Map.of(), null, null, List.of(), 0);
    }

    /** Objects with a result so far, whatever the status. */
    public long done() {
        return completed + skipped + deleted + failed;
    }

    /** Takes what an announcement knows; a later announcement without a total keeps the known total. */
    JobProgress announced(JobAnnouncement a) {
        return new JobProgress(
                jobId,
                a.bucket(),
                a.prefix(),
                a.total() != null ? a.total() : total,
                a.startedAt() != null ? a.startedAt() : startedAt,
                a.finishedListingAt() != null ? a.finishedListingAt() : finishedListingAt,
                completed,
                skipped,
                deleted,
                failed,
                failedByReason,
                firstResultAt,
                lastResultAt,
                failures,
                failuresOmitted);
    }

    /**
     * Counts {@code result} for its object instead of the object's previous outcome, if any.
     *
     * @param previousOutcome the object's outcome counted so far ({@link JobInput.Result#outcome()}),
     *                        or null for an object seen for the first time in this job
     * @param at              when the result was decided
     */
    JobProgress replaced(String previousOutcome, JobInput.Result result, Instant at) {
        Tally t = new Tally(this);
        if (previousOutcome != null) {
            t.remove(previousOutcome, result.key());
        }
        t.add(result);
        Instant first = firstResultAt == null || at.isBefore(firstResultAt) ? at : firstResultAt;
        Instant last = lastResultAt == null || at.isAfter(lastResultAt) ? at : lastResultAt;
        return new JobProgress(
                jobId,
                bucket,
                prefix,
                total,
                startedAt,
                finishedListingAt,
                t.completed,
                t.skipped,
                t.deleted,
                t.failed,
                t.byReason,
                first,
                last,
                t.failures,
                t.omitted);
    }

    /** The mutable counts of one update. */
    private static final class Tally {
        long completed;
        long skipped;
        long deleted;
        long failed;
        long omitted;
        final Map<String, Long> byReason;
        final List<Failure> failures;

        Tally(JobProgress p) {
            completed = p.completed;
            skipped = p.skipped;
            deleted = p.deleted;
            failed = p.failed;
            omitted = p.failuresOmitted;
            byReason = new TreeMap<>(p.failedByReason);
            failures = new ArrayList<>(p.failures);
        }

        void remove(String outcome, String key) {
            int colon = outcome.indexOf(':');
            String status = colon < 0 ? outcome : outcome.substring(0, colon);
            switch (status) {
                case "completed" -> completed--;
                case "skipped" -> skipped--;
                case "deleted" -> deleted--;
                case "failed" -> {
                    failed--;
                    String reason = colon < 0 ? "unknown" : outcome.substring(colon + 1);
                    byReason.computeIfPresent(reason, (r, n) -> n <= 1 ? null : n - 1);
                    // Not listed means it was one of the omitted ones.
                    if (!failures.removeIf(f -> f.key().equals(key)) && omitted > 0) {
                        omitted--;
                    }
                }
                default -> {
                    // a status this version does not know was not counted either
                }
            }
        }

        void add(JobInput.Result r) {
            switch (r.status()) {
                case "completed" -> completed++;
                case "skipped" -> skipped++;
                case "deleted" -> deleted++;
                case "failed" -> {
                    failed++;
                    String reason = r.reason() == null ? "unknown" : r.reason();
                    byReason.merge(reason, 1L, Long::sum);
                    if (failures.size() < MAX_LISTED_FAILURES) {
                        failures.add(new Failure(r.key(), reason, r.message()));
                    } else {
                        omitted++;
                    }
                }
                default -> {
                    // a newer producer's status: not counted rather than miscounted
                }
            }
        }
    }
}
