package thumbstream.event;

import java.util.Objects;
import thumbstream.imaging.crop.FocusPoint;
import thumbstream.storage.Etags;

/**
 * One object that was uploaded to (or removed from) a bucket: the unit of work of the pipeline.
 *
 * <p>Only {@code action}, {@code bucket} and {@code key} are always present; the rest is whatever the
 * producer knew (an S3 notification carries size and ETag, a backfill carries a job id) and is
 * {@code null} when unknown. The key is the real object key, already URL-decoded where the source
 * format encodes it.
 *
 * @param action what happened to the object
 * @param bucket bucket name, never blank
 * @param key object key, never blank
 * @param etag the object's ETag without surrounding quotes, or null
 * @param size object size in bytes, or null
 * @param contentType the object's content type as stored, or null
 * @param jobId the backfill job this upload belongs to, or null for live uploads
 * @param versionId the object version, when the bucket is versioned, or null
 * @param sequencer S3's per-key ordering token, or null
 * @param focus the focal point for {@code crop=focus} renditions, or null (native events only)
 */
public record UploadEvent(
        Action action,
        String bucket,
        String key,
        String etag,
        Long size,
        String contentType,
        String jobId,
        String versionId,
        String sequencer,
        FocusPoint focus) {

    /** What happened to the object: it needs thumbnails, or its thumbnails should go. */
    public enum Action {
        CREATED,
        REMOVED
    }

    /** An event without a focal point. */
    public UploadEvent(
            Action action,
            String bucket,
            String key,
            String etag,
            Long size,
            String contentType,
            String jobId,
            String versionId,
            String sequencer) {
        this(action, bucket, key, etag, size, contentType, jobId, versionId, sequencer, null);
    }

    /**
     * Validates the identity fields and normalises the ETag.
     *
     * @throws IllegalArgumentException if bucket or key is blank, or size is negative
     */
    public UploadEvent {
        Objects.requireNonNull(action, "action");
        requireNonBlank(bucket, "bucket");
        requireNonBlank(key, "key");
        if (size != null && size < 0) {
            throw new IllegalArgumentException("size must not be negative, got " + size);
        }
        // S3 APIs hand out ETags both with and without quotes; one form keeps comparisons with the
        // ETag stored on thumbnails (and result ids) stable whichever producer sent the event.
        etag = Etags.normalise(etag);
    }

    /** An upload of {@code bucket/key} with nothing else known, as a backfill or a test would send it. */
    public static UploadEvent created(String bucket, String key) {
        return new UploadEvent(Action.CREATED, bucket, key, null, null, null, null, null, null);
    }

    /** {@code bucket + "/" + key}: the Kafka record key for this object on every topic, so its events stay in order. */
    public String objectRef() {
        return bucket + "/" + key;
    }

    private static void requireNonBlank(String value, String name) {
        if (value == null || value.isBlank()) {
            throw new IllegalArgumentException(name + " must not be blank");
        }
    }
}
