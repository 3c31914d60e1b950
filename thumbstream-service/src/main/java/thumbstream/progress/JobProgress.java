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
 * first {@link #MAX_LISTED_FAILURES} failed objects are listed, each with its key and message cut
 * to {@link #MAX_FAILURE_KEY_CHARS} and {@link #MAX_FAILURE_MESSAGE_CHARS} characters, and only as
 * many as fit {@link #MAX_LISTED_FAILURE_CHARS} characters in all: one record stays well under
 * Kafka's 1 MiB record limit (its changelog) whatever the job's size or its objects' keys.
 *
 * @param total         upload events the backfill published, null until it has announced them
 * @param firstResultAt the earliest {@code processedAt} of the job's results
 * @param lastResultAt  the latest {@code processedAt} of the job's results
 * @param updatedAt     when the job-progress view last changed this job (its clock, not the
 *                      producers'); a job unchanged for {@code THUMBSTREAM_JOB_RETENTION} is forgotten
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
    "failuresOmitted",
    "updatedAt"
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
        long failuresOmitted,
        Instant updatedAt) {

    /** Failed objects listed by key; the rest are only counted. */
    public static final int MAX_LISTED_FAILURES = 1000;
    /** Characters of all listed failures together (keys and messages). */
    public static final int MAX_LISTED_FAILURE_CHARS = 256 * 1024;

    public static final int MAX_FAILURE_KEY_CHARS = 1024;
    public static final int MAX_FAILURE_MESSAGE_CHARS = 256;
    /** Bucket and prefix of an announcement are cut to this many characters. */
    static final int MAX_NAME_CHARS = 1024;

    /** One object of the job whose latest result is a failure. */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record Failure(String key, String reason, String message) {}

    public JobProgress {
        failedByReason = failedByReason == null ? Map.of() : Collections.unmodifiableMap(new TreeMap<>(failedByReason));
        failures = failures == null ? List.of() : List.copyOf(failures);
    }

    /** A job nothing is known about yet: its first input is about to be applied. */
    static JobProgress empty(String jobId) {
        return new JobProgress(
                jobId, null, null, null, null, null, 0, 0, 0, 0, Map.of(), null, null, List.of(), 0, null);
    }

    /** The same progress, changed by the view at {@code now}. */
    JobProgress updated(Instant now) {
        return new JobProgress(
                jobId,
                bucket,
                prefix,
                total,
                startedAt,
                finishedListingAt,
                completed,
                skipped,
                deleted,
                failed,
                failedByReason,
                firstResultAt,
                lastResultAt,
                failures,
                failuresOmitted,
                now);
    }

    /** Cuts a producer-controlled text to {@code max} characters (null stays null). */
    static String cut(String text, int max) {
        return text == null || text.length() <= max ? text : text.substring(0, max);
    }

    /**
     * Whether an announcement of the job has been applied (every announcement names a bucket).
     * Results count only toward announced jobs; a job stored by an older version from results
     * alone is not one.
     */
    boolean wasAnnounced() {
        return bucket != null;
    }

    /** Objects with a result so far, whatever the status. */
    public long done() {
        return completed + skipped + deleted + failed;
    }

    /** Takes what an announcement knows; a later announcement without a total keeps the known total. */
    JobProgress announced(JobAnnouncement a) {
        return new JobProgress(
                jobId,
                cut(a.bucket(), MAX_NAME_CHARS),
                cut(a.prefix(), MAX_NAME_CHARS),
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
                failuresOmitted,
                updatedAt);
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
                t.omitted,
                updatedAt);
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
                    String listedKey = cut(key, MAX_FAILURE_KEY_CHARS);
                    if (!failures.removeIf(f -> f.key().equals(listedKey)) && omitted > 0) {
                        omitted--;
                    }
                }
                default -> {
                    // a status this version does not know was not counted either
                }
            }
        }

        private int listedChars() {
            int sum = 0;
            for (Failure f : failures) {
                sum += chars(f);
            }
            return sum;
        }

        private static int chars(Failure f) {
            return length(f.key()) + length(f.reason()) + length(f.message());
        }

        private static int length(String s) {
            return s == null ? 0 : s.length();
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
                    Failure f = new Failure(
                            cut(r.key(), MAX_FAILURE_KEY_CHARS),
                            cut(reason, MAX_FAILURE_MESSAGE_CHARS),
                            cut(r.message(), MAX_FAILURE_MESSAGE_CHARS));
                    if (failures.size() < MAX_LISTED_FAILURES && listedChars() + chars(f) <= MAX_LISTED_FAILURE_CHARS) {
                        failures.add(f);
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
