package thumbstream.config;

/**
 * The topics the service reads and writes.
 *
 * @param uploads     live upload events (served first)
 * @param results     result events, one per upload
 * @param deadLetters records that could not be processed, byte for byte, with reason headers
 * @param backfill    upload events published by {@code thumbstream backfill} (the lower-priority lane)
 * @param jobs        job announcements (job id and total) from {@code thumbstream backfill}
 */
public record Topics(String uploads, String results, String deadLetters, String backfill, String jobs) {

    public static final Topics DEFAULT =
            new Topics("uploads", "thumbnails", "uploads.dlq", "uploads.backfill", "thumbstream.jobs");

    /** Topics named after a prefix, for tests and side-by-side setups: {@code <prefix>.uploads} etc. */
    public static Topics prefixed(String prefix) {
        return new Topics(
                prefix + ".uploads",
                prefix + ".thumbnails",
                prefix + ".uploads.dlq",
                prefix + ".uploads.backfill",
                prefix + ".jobs");
    }
}
