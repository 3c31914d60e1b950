package thumbstream.event;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyOrder;
import com.fasterxml.jackson.annotation.JsonValue;
import java.time.Instant;
import java.util.List;
import java.util.Locale;
import java.util.Objects;

/**
 * The result of one upload, published on {@code thumbnails} keyed by {@code bucket/key}.
 *
 * <p>Serialise it with {@link EventJson}: fields appear in the documented order, null fields are left out
 * (an empty {@code renditions} list is kept: "no renditions" differs from "not applicable"), and
 * {@code processedAt} is an ISO-8601 string.
 *
 * @param id deterministic for (bucket, key, etag, rendition set, and the upload's focal point when it names one),
 *     see {@link ResultIds}; lets consumers drop duplicates
 * @param status what happened
 * @param bucket source bucket; null only for an invalid event whose bucket is unknown
 * @param key source object key; null only for an invalid event whose key is unknown
 * @param sourceEtag ETag of the original the thumbnails were rendered from, or null
 * @param jobId the backfill job of the upload, or null
 * @param renditions what was written (completed) or found up to date (skipped); null when not applicable
 * @param placeholder what a client can show before a thumbnail loads; completed events only, null
 *     when no placeholder is configured
 * @param error why it failed; null unless {@code status} is {@link Status#FAILED}
 * @param note why a {@link Status#SKIPPED} upload was skipped, for a human, when the reason is not
 *     the usual one (thumbnails already current); null otherwise. E.g. the original carries the
 *     service's own {@code thumbstream-generated-by} marker. Not a failure: {@code error} stays null
 * @param attempts how many times the upload was tried, including the last
 * @param deliveryCount in share-group mode, which delivery of the upload record by the share group
 *     this result comes from (1 the first time; a record redelivered after a member died or released
 *     it counts on); null in consumer-group mode, where the broker keeps no such count
 * @param durationMs wall time spent on the upload, across attempts
 * @param processedAt when the result was decided
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
@JsonPropertyOrder({
    "id",
    "status",
    "bucket",
    "key",
    "sourceEtag",
    "jobId",
    "renditions",
    "placeholder",
    "error",
    "note",
    "attempts",
    "deliveryCount",
    "durationMs",
    "processedAt"
})
public record ThumbnailEvent(
        String id,
        Status status,
        String bucket,
        String key,
        String sourceEtag,
        String jobId,
        List<RenditionResult> renditions,
        Placeholder placeholder,
        ErrorInfo error,
        String note,
        int attempts,
        Integer deliveryCount,
        long durationMs,
        Instant processedAt) {

    /** An event without a delivery count (every event but share-group results). */
    public ThumbnailEvent(
            String id,
            Status status,
            String bucket,
            String key,
            String sourceEtag,
            String jobId,
            List<RenditionResult> renditions,
            Placeholder placeholder,
            ErrorInfo error,
            String note,
            int attempts,
            long durationMs,
            Instant processedAt) {
        this(
                id,
                status,
                bucket,
                key,
                sourceEtag,
                jobId,
                renditions,
                placeholder,
                error,
                note,
                attempts,
                null,
                durationMs,
                processedAt);
    }

    /** An event without a note. */
    public ThumbnailEvent(
            String id,
            Status status,
            String bucket,
            String key,
            String sourceEtag,
            String jobId,
            List<RenditionResult> renditions,
            Placeholder placeholder,
            ErrorInfo error,
            int attempts,
            long durationMs,
            Instant processedAt) {
        this(
                id,
                status,
                bucket,
                key,
                sourceEtag,
                jobId,
                renditions,
                placeholder,
                error,
                null,
                attempts,
                null,
                durationMs,
                processedAt);
    }

    /** An event without a placeholder (every status but completed). */
    public ThumbnailEvent(
            String id,
            Status status,
            String bucket,
            String key,
            String sourceEtag,
            String jobId,
            List<RenditionResult> renditions,
            ErrorInfo error,
            int attempts,
            long durationMs,
            Instant processedAt) {
        this(
                id,
                status,
                bucket,
                key,
                sourceEtag,
                jobId,
                renditions,
                null,
                error,
                null,
                attempts,
                null,
                durationMs,
                processedAt);
    }

    /** This event as the result of the share group's {@code count}-th delivery of its record. */
    public ThumbnailEvent withDeliveryCount(int count) {
        return new ThumbnailEvent(
                id,
                status,
                bucket,
                key,
                sourceEtag,
                jobId,
                renditions,
                placeholder,
                error,
                note,
                attempts,
                count,
                durationMs,
                processedAt);
    }

    /** Outcome of an upload; written lowercase on the wire ({@code "completed"}, …). */
    public enum Status {
        /** Thumbnails were rendered and stored. */
        COMPLETED,
        /**
         * Nothing was rendered: thumbnails already matched the source ETag and rendition set, or
         * the reason is in {@link ThumbnailEvent#note()}.
         */
        SKIPPED,
        /** The upload could not be processed; see {@link ThumbnailEvent#error()}. */
        FAILED,
        /** The source was removed and its thumbnails deleted. */
        DELETED;

        /** The lowercase wire form; Jackson writes and reads this. */
        @JsonValue
        public String code() {
            return name().toLowerCase(Locale.ROOT);
        }
    }

    /**
     * One stored thumbnail.
     *
     * @param name rendition name from config, e.g. {@code small}
     * @param key object key of the thumbnail in the bucket
     * @param width pixel width as written
     * @param height pixel height as written
     * @param bytes encoded size
     * @param contentType e.g. {@code image/jpeg}
     * @param format the encoding as named in the rendition spec: {@code jpg}, {@code png}, {@code webp}
     *     or {@code avif}; a rendition with several formats has one result per format, same name
     * @param crop for crop renditions, the part of the source shown (the same for every format of
     *     the rendition); null otherwise
     */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    @JsonPropertyOrder({"name", "format", "key", "width", "height", "bytes", "contentType", "crop"})
    public record RenditionResult(
            String name, String key, int width, int height, long bytes, String contentType, String format, Crop crop) {

        /** A rendition that shows the whole source, in a format that is not known (left out of the JSON). */
        public RenditionResult(String name, String key, int width, int height, long bytes, String contentType) {
            this(name, key, width, height, bytes, contentType, null, null);
        }

        /** A rendition that shows the whole source. */
        public RenditionResult(
                String name, String key, int width, int height, long bytes, String contentType, String format) {
            this(name, key, width, height, bytes, contentType, format, null);
        }
    }

    /**
     * The rectangle of the source a cropped rendition shows, in source pixels of the picture as
     * viewed (after EXIF orientation), origin top left.
     */
    @JsonPropertyOrder({"x", "y", "width", "height"})
    public record Crop(int x, int y, int width, int height) {}

    /**
     * Placeholders for a client to show while the thumbnail loads; a field is left out when
     * {@code THUMBSTREAM_PLACEHOLDERS} does not select it.
     *
     * @param blurhash a BlurHash string (4x3 components; 3x4 for portrait pictures)
     * @param thumbhash a ThumbHash, standard base64
     * @param dominantColor {@code #rrggbb}
     * @param averageColor {@code #rrggbb}
     */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    @JsonPropertyOrder({"blurhash", "thumbhash", "dominantColor", "averageColor"})
    public record Placeholder(String blurhash, String thumbhash, String dominantColor, String averageColor) {}

    /**
     * Why an upload failed.
     *
     * @param reason the classified cause, written as its hyphenated code
     * @param message detail for a human, e.g. the decoder's or storage's message
     */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    @JsonPropertyOrder({"reason", "message"})
    public record ErrorInfo(FailureReason reason, String message) {}

    /** Requires id and status; copies renditions so a published event cannot change afterwards. */
    public ThumbnailEvent {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(status, "status");
        renditions = renditions == null ? null : List.copyOf(renditions);
    }
}
