package thumbstream.event;

import com.fasterxml.jackson.annotation.JsonValue;

/**
 * Why an upload failed, as published in {@code error.reason} of a {@link ThumbnailEvent}.
 *
 * <p>The codes are part of the public event format: consumers switch on them, so a code
 * never changes once published. Only {@link #STORAGE} is worth retrying later; the others are facts
 * about the input that another attempt will not change.
 */
public enum FailureReason {
    /** The bytes are not a decodable image of the format they claim. */
    CORRUPT_IMAGE("corrupt-image"),
    /** The object was gone by the time it was fetched. */
    NOT_FOUND("not-found"),
    /** The object or its pixel count exceeds the configured limits; it was not decoded. */
    TOO_LARGE("too-large"),
    /** No reader for the object's format is installed. */
    UNSUPPORTED_FORMAT("unsupported-format"),
    /** Reading the original or writing a thumbnail kept failing after retries. */
    STORAGE("storage"),
    /** The record on {@code uploads} was not a valid event; see {@link EventDecoder}. */
    INVALID_EVENT("invalid-event"),
    /** An unexpected error in the service while processing the upload (a bug); see the service log. */
    INTERNAL("internal"),
    /**
     * The event names a bucket or key outside {@code THUMBSTREAM_BUCKETS}, or a thumbnail key holds
     * an object this service did not write: nothing was read, written or deleted.
     */
    FORBIDDEN("forbidden");

    private final String code;

    FailureReason(String code) {
        this.code = code;
    }

    /** The hyphenated wire form, e.g. {@code "corrupt-image"}; Jackson writes and reads this. */
    @JsonValue
    public String code() {
        return code;
    }
}
