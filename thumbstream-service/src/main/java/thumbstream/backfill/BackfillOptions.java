package thumbstream.backfill;

import java.util.regex.Pattern;

/**
 * What to backfill.
 *
 * @param bucket        the bucket to list
 * @param prefix        only keys starting with it; empty for the whole bucket
 * @param jobId         names the job in every event and in {@code /jobs/{id}}: letters, digits,
 *                      {@code . _ : -}, at most 128 characters (it appears in URLs and shells)
 * @param missingOnly   publish only objects whose thumbnails are missing or stale
 * @param ratePerSecond at most this many upload events per second; 0 for no limit
 */
public record BackfillOptions(String bucket, String prefix, String jobId, boolean missingOnly, double ratePerSecond) {

    private static final Pattern JOB_ID = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._:-]{0,127}");

    /** @throws IllegalArgumentException with a message for the user */
    public BackfillOptions {
        if (bucket == null || bucket.isBlank()) {
            throw new IllegalArgumentException("--bucket must not be blank");
        }
        prefix = prefix == null ? "" : prefix;
        if (jobId == null || !JOB_ID.matcher(jobId).matches()) {
            throw new IllegalArgumentException("--job '" + jobId + "' is not a job id: expected letters, digits and "
                    + ". _ : - (at most 128, starting with a letter or digit), e.g. rebrand-2026");
        }
        if (ratePerSecond < 0 || Double.isNaN(ratePerSecond)) {
            throw new IllegalArgumentException(
                    "--rate must be a positive number of events per second, or 0 for no limit");
        }
    }
}
