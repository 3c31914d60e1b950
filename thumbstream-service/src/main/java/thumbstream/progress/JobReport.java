package thumbstream.progress;

import com.fasterxml.jackson.annotation.JsonIgnore;
import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyOrder;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;

/**
 * A job's progress as {@code GET /jobs/{id}} serves it and {@code thumbstream watch} reads it: the
 * stored {@link JobProgress} plus what follows from it.
 *
 * @param state         {@code listing} (the backfill has not announced its total yet), {@code running}
 *                      or {@code done} (a result for every announced upload)
 * @param done          objects with a result, whatever the status
 * @param percent       {@code done / total} in percent (at most 100), null while listing
 * @param ratePerSecond results per second between the job's first and last result
 * @param failures      up to {@value JobProgress#MAX_LISTED_FAILURES} failed objects; absent in the
 *                      job list ({@code GET /jobs})
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
@JsonPropertyOrder({
    "jobId",
    "state",
    "bucket",
    "prefix",
    "total",
    "done",
    "percent",
    "completed",
    "skipped",
    "deleted",
    "failed",
    "failedByReason",
    "ratePerSecond",
    "startedAt",
    "finishedListingAt",
    "firstResultAt",
    "lastResultAt",
    "failures",
    "failuresOmitted"
})
public record JobReport(
        String jobId,
        String state,
        String bucket,
        String prefix,
        Long total,
        long done,
        Double percent,
        long completed,
        long skipped,
        long deleted,
        long failed,
        Map<String, Long> failedByReason,
        double ratePerSecond,
        Instant startedAt,
        Instant finishedListingAt,
        Instant firstResultAt,
        Instant lastResultAt,
        List<JobProgress.Failure> failures,
        Long failuresOmitted) {

    public static final String LISTING = "listing";
    public static final String RUNNING = "running";
    public static final String DONE = "done";

    public static JobReport of(JobProgress p) {
        long done = p.done();
        Long total = p.total();
        String state = total == null ? LISTING : done >= total ? DONE : RUNNING;
        Double percent =
                total == null ? null : total == 0 ? 100.0 : Math.min(100.0, Math.round(1000.0 * done / total) / 10.0);
        return new JobReport(
                p.jobId(),
                state,
                p.bucket(),
                p.prefix(),
                total,
                done,
                percent,
                p.completed(),
                p.skipped(),
                p.deleted(),
                p.failed(),
                p.failedByReason(),
                rate(done, p.firstResultAt(), p.lastResultAt()),
                p.startedAt(),
                p.finishedListingAt(),
                p.firstResultAt(),
                p.lastResultAt(),
                p.failures(),
                p.failuresOmitted());
    }

    /** The same report without the failure list, for {@code GET /jobs}. */
    public JobReport summary() {
        return new JobReport(
                jobId,
                state,
                bucket,
                prefix,
                total,
                done,
                percent,
                completed,
                skipped,
                deleted,
                failed,
                failedByReason,
                ratePerSecond,
                startedAt,
                finishedListingAt,
                firstResultAt,
                lastResultAt,
                null,
                null);
    }

    /** True once every announced upload has a result. */
    @JsonIgnore
    public boolean finished() {
        return DONE.equals(state);
    }

    /** Failed objects the report does not list by key. */
    @JsonIgnore
    public long unlistedFailures() {
        return failuresOmitted == null ? 0 : failuresOmitted;
    }

    private static double rate(long done, Instant first, Instant last) {
        if (first == null || last == null) {
            return 0;
        }
        long millis = Duration.between(first, last).toMillis();
        return millis <= 0 ? 0 : Math.round(done * 10_000.0 / millis) / 10.0;
    }
}
