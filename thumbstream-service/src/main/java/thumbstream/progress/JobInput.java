package thumbstream.progress;

import com.fasterxml.jackson.annotation.JsonIgnore;
import com.fasterxml.jackson.annotation.JsonInclude;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Instant;
import java.util.HexFormat;
import thumbstream.event.JobAnnouncement;
import thumbstream.event.ThumbnailEvent;

/**
 * One input of the progress aggregation after it was re-keyed by job id: either an announcement or
 * the part of a result event that progress needs (not its renditions). Exactly one is set.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
record JobInput(JobAnnouncement announcement, Result result) {

    static JobInput of(JobAnnouncement announcement) {
        return new JobInput(announcement, null);
    }

    static JobInput of(ThumbnailEvent event) {
        String reason = event.error() == null ? null : event.error().reason().code();
        String message = event.error() == null ? null : event.error().message();
        return new JobInput(
                null,
                new Result(
                        event.jobId(),
                        event.bucket(),
                        event.key(),
                        event.status().code(),
                        reason,
                        message,
                        event.processedAt()));
    }

    @JsonIgnore
    String jobId() {
        return announcement != null ? announcement.jobId() : result.jobId();
    }

    /**
     * What happened to one object in one job.
     *
     * @param status      {@code completed|skipped|failed|deleted}
     * @param reason      the failure reason code, null unless failed
     * @param processedAt when the pipeline decided the result; null for results that do not say
     */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    record Result(
            String jobId,
            String bucket,
            String key,
            String status,
            String reason,
            String message,
            Instant processedAt) {

        /**
         * The object's identity within its job: the key of the "seen" store. An object name longer
         * than {@value #MAX_OBJECT_CHARS} characters is replaced by its SHA-256, so a store key stays
         * small whatever a producer named.
         */
        String seenKey() {
            String object = bucket + '/' + key;
            if (object.length() > MAX_OBJECT_CHARS) {
                object = "sha256:" + sha256(object);
            }
            return jobId + '\0' + object;
        }

        private static final int MAX_OBJECT_CHARS = 2048;

        private static String sha256(String text) {
            try {
                byte[] digest = MessageDigest.getInstance("SHA-256").digest(text.getBytes(StandardCharsets.UTF_8));
                return HexFormat.of().formatHex(digest);
            } catch (NoSuchAlgorithmException e) {
                throw new IllegalStateException("every JVM has SHA-256", e);
            }
        }

        /**
         * The outcome as stored in the "seen" store: {@code completed}, or {@code failed:corrupt-image}.
         * Two results of the same object with the same outcome are duplicates for counting purposes.
         */
        String outcome() {
            return reason == null ? status : status + ':' + reason;
        }
    }
}
